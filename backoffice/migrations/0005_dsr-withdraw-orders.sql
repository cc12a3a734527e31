-- Up Migration
-- Fleet data-subject requests send withdraw orders as well as erase orders.

ALTER TABLE orders DROP CONSTRAINT orders_kind_check;
ALTER TABLE orders ADD CONSTRAINT orders_kind_check CHECK (kind IN ('dsr.erase', 'dsr.withdraw', 'config'));

-- Down Migration
DELETE FROM orders WHERE kind = 'dsr.withdraw';
ALTER TABLE orders DROP CONSTRAINT orders_kind_check;
ALTER TABLE orders ADD CONSTRAINT orders_kind_check CHECK (kind IN ('dsr.erase', 'config'));
