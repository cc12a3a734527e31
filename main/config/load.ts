// Loads the app config: the store's JSON, then the environment override `HEXIN_CONFIG_JSON` (a JSON object merged
// on top — how tests and e2e fixtures switch things such as active liveness off without touching a file), then
// validation with defaults. A bad value fails with CONFIG_INVALID naming every bad field.
import { errorMessage, HexinError } from '../../common/errors';
import { collectKnownKeys, describeIssues, type KnownKeys } from './issues';
import { appConfigSchema, type AppConfig } from './schema';
import { MAX_CONFIG_BYTES, type ConfigStore } from './store';

export const CONFIG_ENV_OVERRIDE = 'HEXIN_CONFIG_JSON';

type JsonObject = Record<string, unknown>;

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; anything else (arrays included) in `over` replaces what is in `base`. */
export function mergeConfig(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    // Never let a JSON key reach Object.prototype through the merge.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[key] = mergeConfig(base[key], value);
  }
  return out;
}

/** Validates raw config JSON into the full config with defaults, or throws CONFIG_INVALID. */
export function parseConfig(raw: unknown, source = 'config'): AppConfig {
  if (!isPlainObject(raw)) {
    throw new HexinError('CONFIG_INVALID', `${source}: the config must be a JSON object`, { source });
  }
  const known: KnownKeys = new Map();
  const parsed = appConfigSchema.safeParse(raw, { error: collectKnownKeys(known) });
  if (!parsed.success) {
    const problems = describeIssues(parsed.error, known);
    throw new HexinError('CONFIG_INVALID', `${source}: ${problems.join('; ')}`, { source, problems });
  }
  return parsed.data;
}

/** The override from the environment, or undefined. A malformed override is an error, never ignored. */
export function readEnvOverride(env: NodeJS.ProcessEnv): JsonObject | undefined {
  const text = env[CONFIG_ENV_OVERRIDE];
  if (text === undefined || text.trim() === '') return undefined;
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES)
    throw new HexinError('CONFIG_TOO_LARGE', `${CONFIG_ENV_OVERRIDE} is over ${MAX_CONFIG_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = errorMessage(e);
    throw new HexinError('CONFIG_INVALID', `${CONFIG_ENV_OVERRIDE} is not valid JSON: ${why}`);
  }
  if (!isPlainObject(value))
    throw new HexinError('CONFIG_INVALID', `${CONFIG_ENV_OVERRIDE} must be a JSON object`);
  return value;
}

export interface LoadConfigOptions {
  store: ConfigStore;
  /** Defaults to process.env; tests pass their own. */
  env?: NodeJS.ProcessEnv;
}

/** The effective config: stored values, environment override on top, defaults for the rest. */
export function loadConfig({ store, env = process.env }: LoadConfigOptions): AppConfig {
  const stored = store.read();
  const override = readEnvOverride(env);
  const source = override ? `config (with ${CONFIG_ENV_OVERRIDE})` : 'config';
  return parseConfig(override ? mergeConfig(stored, override) : stored, source);
}

/**
 * Merges `patch` into the stored config and writes it back after validating. Only stored values are written — the
 * environment override and the defaults never leak into the store.
 */
export function updateConfig(store: ConfigStore, patch: unknown): AppConfig {
  const next = mergeConfig(store.read(), patch);
  const config = parseConfig(next, 'config update');
  store.write(next);
  return config;
}
