-- Up Migration
-- What a kiosk stored from a pushed config but applies only at its next start (sections or paths; empty: all of
-- it is live). Set by the config order's acknowledgement.

ALTER TABLE kiosks ADD COLUMN config_pending_restart jsonb NOT NULL DEFAULT '[]';

-- Down Migration
ALTER TABLE kiosks DROP COLUMN config_pending_restart;
