-- Up Migration
-- Orders the back office sends kiosks (erase a person's records, apply a config), each acknowledged; the
-- data-subject requests that produce erase orders, with their 15-working-day deadline; signed config per group.

CREATE TABLE signing_keys (
  purpose      text PRIMARY KEY,
  private_pem  text NOT NULL,
  public_jwk   jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dsr_requests (
  id           text PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('delete', 'withdraw')),
  subjects     jsonb NOT NULL,
  channel      text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  due_date     date NOT NULL,
  completed_at timestamptz
);

CREATE TABLE config_versions (
  group_name  text NOT NULL,
  version     integer NOT NULL,
  config      jsonb NOT NULL,
  jws         text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_name, version)
);

CREATE TABLE orders (
  id          bigserial PRIMARY KEY,
  kiosk_id    text NOT NULL REFERENCES kiosks(id),
  kind        text NOT NULL CHECK (kind IN ('dsr.erase', 'config')),
  payload     jsonb NOT NULL,
  dsr_id      text REFERENCES dsr_requests(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  acked_at    timestamptz,
  ok          boolean,
  outcome     jsonb
);
CREATE INDEX orders_open ON orders (kiosk_id, id) WHERE acked_at IS NULL;

ALTER TABLE kiosks ADD COLUMN config_version integer, ADD COLUMN config_error text;

-- Down Migration
ALTER TABLE kiosks DROP COLUMN config_version, DROP COLUMN config_error;
DROP TABLE orders, config_versions, dsr_requests, signing_keys;
