-- Up Migration
-- The fleet pseudonymisation keys and the back office's signing keys are kept sealed (envelope encryption under a
-- key-encryption key from outside the database; backoffice/key-vault.ts). Rows written in the clear before this
-- migration are sealed by the service when it starts (sealKeysAtRest), which clears the plaintext column.

ALTER TABLE fleet_keys ADD COLUMN key_sealed bytea;
ALTER TABLE fleet_keys ALTER COLUMN key DROP NOT NULL;
ALTER TABLE fleet_keys ADD CONSTRAINT fleet_keys_one_form CHECK ((key IS NULL) <> (key_sealed IS NULL));

ALTER TABLE signing_keys ADD COLUMN private_sealed bytea;
ALTER TABLE signing_keys ALTER COLUMN private_pem DROP NOT NULL;
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_one_form
  CHECK ((private_pem IS NULL) <> (private_sealed IS NULL));

-- Down Migration
-- (Refuses while any key is sealed: opening them needs the key-encryption key, which SQL does not have.)
ALTER TABLE signing_keys DROP CONSTRAINT signing_keys_one_form;
ALTER TABLE signing_keys ALTER COLUMN private_pem SET NOT NULL;
ALTER TABLE signing_keys DROP COLUMN private_sealed;
ALTER TABLE fleet_keys DROP CONSTRAINT fleet_keys_one_form;
ALTER TABLE fleet_keys ALTER COLUMN key SET NOT NULL;
ALTER TABLE fleet_keys DROP COLUMN key_sealed;
