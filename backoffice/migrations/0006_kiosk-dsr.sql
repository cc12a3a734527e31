-- Up Migration
-- Data-subject requests recorded at a kiosk reach the back office through the kiosk's outbox: every kind of request
-- (access, copy, correct as well as delete and withdraw), with the kiosk it came from; access, copy and correction
-- requests send locate orders (each kiosk says how many records of the person it holds).

ALTER TABLE dsr_requests DROP CONSTRAINT dsr_requests_kind_check;
ALTER TABLE dsr_requests ADD CONSTRAINT dsr_requests_kind_check
  CHECK (kind IN ('access', 'copy', 'correct', 'delete', 'withdraw'));
ALTER TABLE dsr_requests ADD COLUMN origin_kiosk text REFERENCES kiosks(id);

ALTER TABLE orders DROP CONSTRAINT orders_kind_check;
ALTER TABLE orders ADD CONSTRAINT orders_kind_check
  CHECK (kind IN ('dsr.erase', 'dsr.withdraw', 'dsr.locate', 'config'));

-- Down Migration
DELETE FROM orders WHERE kind = 'dsr.locate';
ALTER TABLE orders DROP CONSTRAINT orders_kind_check;
ALTER TABLE orders ADD CONSTRAINT orders_kind_check CHECK (kind IN ('dsr.erase', 'dsr.withdraw', 'config'));
ALTER TABLE dsr_requests DROP COLUMN origin_kiosk;
DELETE FROM orders WHERE dsr_id IN (SELECT id FROM dsr_requests WHERE kind NOT IN ('delete', 'withdraw'));
DELETE FROM dsr_requests WHERE kind NOT IN ('delete', 'withdraw');
ALTER TABLE dsr_requests DROP CONSTRAINT dsr_requests_kind_check;
ALTER TABLE dsr_requests ADD CONSTRAINT dsr_requests_kind_check CHECK (kind IN ('delete', 'withdraw'));
