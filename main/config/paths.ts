// Where the app's files live when nobody says: the data dir ($HEXIN_DATA_DIR, else ./.hexin-data) — the one rule the
// CLI's commands (records, keys, env, config) share — and the config file in it ($HEXIN_CONFIG_FILE, else
// <data dir>/config.json).
import { join, resolve } from 'node:path';

export const CONFIG_FILE_ENV = 'HEXIN_CONFIG_FILE';

/** The data dir when no option or config names one: $HEXIN_DATA_DIR as given, else ./.hexin-data (absolute). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HEXIN_DATA_DIR ?? resolve('.hexin-data');
}

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[CONFIG_FILE_ENV];
  if (explicit && explicit.trim() !== '') return resolve(explicit);
  return join(resolve(defaultDataDir(env)), 'config.json');
}
