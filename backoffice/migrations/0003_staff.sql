-- Up Migration
-- Staff who use the fleet console, and their sessions (kept here so any instance serves any request).

CREATE TABLE staff (
  username       text PRIMARY KEY,
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_sessions (
  token_sha256  text PRIMARY KEY,
  username      text NOT NULL REFERENCES staff(username) ON DELETE CASCADE,
  expires_at    timestamptz NOT NULL
);

-- Down Migration
DROP TABLE staff_sessions, staff;
