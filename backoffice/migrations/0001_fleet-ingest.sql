-- Up Migration
-- Kiosks, what they ship, and the alerts their shipments raise. One row per kiosk carries where its batch
-- sequence and its audit chain stand, so ingest (row-locked per kiosk) keeps both in order across instances.

CREATE TABLE fleet_keys (
  version     integer PRIMARY KEY,
  key         bytea NOT NULL CHECK (octet_length(key) = 32),
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);

CREATE TABLE enrolment_tokens (
  token_sha256 text PRIMARY KEY,
  kiosk_id     text NOT NULL,
  group_name   text NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz
);

CREATE TABLE kiosks (
  id               text PRIMARY KEY,
  group_name       text NOT NULL,
  cert_sha256      text NOT NULL UNIQUE,
  batch_key        jsonb NOT NULL,
  audit_key_pem    text NOT NULL,
  version          text NOT NULL,
  enrolled_at      timestamptz NOT NULL DEFAULT now(),
  last_seen_at     timestamptz,
  last_batch_seq   bigint NOT NULL DEFAULT 0,
  -- The next audit seq expected and the hash it must link to (NULL: nothing shipped yet).
  audit_next_seq   bigint NOT NULL DEFAULT 0,
  audit_last_hash  text
);

CREATE TABLE batches (
  kiosk_id     text NOT NULL REFERENCES kiosks(id),
  seq          bigint NOT NULL,
  body_sha256  text NOT NULL,
  jws          text NOT NULL,
  item_count   integer NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kiosk_id, seq)
);

CREATE TABLE audit_entries (
  kiosk_id  text NOT NULL REFERENCES kiosks(id),
  seq       bigint NOT NULL,
  hash      text NOT NULL,
  prev      text NOT NULL,
  time      timestamptz NOT NULL,
  entry     jsonb NOT NULL,
  PRIMARY KEY (kiosk_id, seq)
);

CREATE TABLE results (
  kiosk_id    text NOT NULL REFERENCES kiosks(id),
  session_id  text NOT NULL,
  at          timestamptz NOT NULL,
  decision    text NOT NULL,
  reason      text,
  subject_v   integer,
  subject_h   text,
  PRIMARY KEY (kiosk_id, session_id)
);
CREATE INDEX results_subject ON results (subject_h);
CREATE INDEX results_day ON results (kiosk_id, at);

CREATE TABLE health_reports (
  kiosk_id    text PRIMARY KEY REFERENCES kiosks(id),
  at          timestamptz NOT NULL,
  version     text NOT NULL,
  components  jsonb NOT NULL,
  env_trusted boolean,
  env_reasons jsonb,
  env_at      timestamptz
);

CREATE TABLE lockouts (
  subject_h   text PRIMARY KEY,
  subject_v   integer NOT NULL,
  until       timestamptz NOT NULL,
  kiosk_id    text NOT NULL REFERENCES kiosks(id),
  decided_at  timestamptz NOT NULL
);

CREATE TABLE alerts (
  id          bigserial PRIMARY KEY,
  kiosk_id    text REFERENCES kiosks(id),
  kind        text NOT NULL,
  detail      jsonb NOT NULL,
  raised_at   timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE INDEX alerts_open ON alerts (kiosk_id) WHERE resolved_at IS NULL;

-- Down Migration
DROP TABLE alerts, lockouts, health_reports, results, audit_entries, batches, kiosks, enrolment_tokens, fleet_keys;
