// Where the config file lives when nobody says: $HEXIN_CONFIG_FILE, else config.json in the data dir
// ($HEXIN_DATA_DIR or ./.hexin-data — the same data dir the records and keys use).
import { join, resolve } from 'node:path';

export const CONFIG_FILE_ENV = 'HEXIN_CONFIG_FILE';

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[CONFIG_FILE_ENV];
  if (explicit && explicit.trim() !== '') return resolve(explicit);
  return join(resolve(env.HEXIN_DATA_DIR ?? '.hexin-data'), 'config.json');
}
