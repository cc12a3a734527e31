import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HexinError } from '../../../common/errors';
import {
  CONFIG_ENV_OVERRIDE,
  loadConfig,
  mergeConfig,
  parseConfig,
  updateConfig,
} from '../../../main/config/load';
import { hashPin } from '../../../main/config/pin';
import { JsonFileConfigStore, MemoryConfigStore } from '../../../main/config/store';

function configError(fn: () => unknown): HexinError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HexinError) return e;
    throw e;
  }
  throw new Error('expected a HexinError');
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hexin-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('defaults', () => {
  it('gives the production defaults the issue asks for when nothing is stored', () => {
    const config = loadConfig({ store: new JsonFileConfigStore(join(dir, 'missing.json')), env: {} });
    expect(config.session.idleTimeoutSeconds).toBe(60);
    expect(config.session.maxRetries).toBe(3);
    expect(config.lockout).toEqual({ maxFailures: 5, windowMinutes: 30, lockMinutes: 30 });
    expect(config.guardian).toEqual({ enabled: true, guardianAge: 18, staffAssistedAge: 14 });
    expect(config.liveness.active).toBe(true);
    expect(config.liveness.passive.enabled).toBe(true);
    expect(config.staff.pinHash).toBeNull();
    expect(config.languages).toEqual({ default: 'zh-CN', available: ['zh-CN', 'en'] });
    expect(config.consent.placeholders.company.length).toBeGreaterThan(0);
    expect(config.delivery.includeScores).toBe(false);
    expect(config.intent.enabled).toBe(false);
  });
});

describe('loading a file', () => {
  it('reads values from the JSON file and keeps defaults for the rest', () => {
    const path = join(dir, 'config.json');
    writeFileSync(
      path,
      JSON.stringify({ kiosk: { id: 'branch-0101-k2' }, session: { idleTimeoutSeconds: 90 } }),
    );
    const config = loadConfig({ store: new JsonFileConfigStore(path), env: {} });
    expect(config.kiosk.id).toBe('branch-0101-k2');
    expect(config.session.idleTimeoutSeconds).toBe(90);
    expect(config.session.maxRetries).toBe(3);
  });

  it('names the bad field, and every bad field, in the error', () => {
    const store = new MemoryConfigStore({
      session: { idleTimeoutSeconds: 'soon', maxRetries: 0 },
      lockout: { maxFailures: -1 },
    });
    const error = configError(() => loadConfig({ store, env: {} }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('session.idleTimeoutSeconds');
    expect(error.message).toContain('session.maxRetries');
    expect(error.message).toContain('lockout.maxFailures');
    expect(error.details?.problems).toHaveLength(3);
  });

  it('rejects unknown keys in its own sections so a typo cannot keep a default silently', () => {
    const error = configError(() => parseConfig({ session: { idleTimeoutSecs: 30 } }));
    expect(error.message).toContain('session');
    expect(error.message).toContain('idleTimeoutSecs');
  });

  it('rejects cross-field contradictions', () => {
    expect(
      configError(() => parseConfig({ guardian: { guardianAge: 12, staffAssistedAge: 14 } })).message,
    ).toContain('staffAssistedAge');
    expect(configError(() => parseConfig({ languages: { default: 'en', available: ['zh-CN'] } })).code).toBe(
      'CONFIG_INVALID',
    );
    expect(
      configError(() => parseConfig({ session: { idleTimeoutSeconds: 20, idleWarningSeconds: 20 } })).message,
    ).toContain('idleWarningSeconds');
  });

  it('reports a broken JSON file as unreadable, and a non-object as invalid', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"kiosk": ');
    expect(configError(() => loadConfig({ store: new JsonFileConfigStore(path), env: {} })).code).toBe(
      'CONFIG_UNREADABLE',
    );
    writeFileSync(path, '[1, 2]');
    expect(configError(() => loadConfig({ store: new JsonFileConfigStore(path), env: {} })).code).toBe(
      'CONFIG_INVALID',
    );
  });

  it('validates the area sections it composes (liveness)', () => {
    const error = configError(() => parseConfig({ liveness: { challengeCount: 99 } }));
    expect(error.message).toContain('liveness.challengeCount');
  });
});

describe('environment override', () => {
  it('merges HEXIN_CONFIG_JSON on top of the file, object by object', () => {
    const store = new MemoryConfigStore({ kiosk: { id: 'k1' }, liveness: { challengeCount: 3 } });
    const env = { [CONFIG_ENV_OVERRIDE]: JSON.stringify({ liveness: { active: false } }) };
    const config = loadConfig({ store, env });
    expect(config.kiosk.id).toBe('k1');
    expect(config.liveness.active).toBe(false);
    expect(config.liveness.challengeCount).toBe(3);
  });

  it('fails on a malformed override instead of ignoring it', () => {
    const store = new MemoryConfigStore();
    expect(
      configError(() => loadConfig({ store, env: { [CONFIG_ENV_OVERRIDE]: '{nope' } })).message,
    ).toContain(CONFIG_ENV_OVERRIDE);
    expect(configError(() => loadConfig({ store, env: { [CONFIG_ENV_OVERRIDE]: '"x"' } })).code).toBe(
      'CONFIG_INVALID',
    );
    const bad = configError(() =>
      loadConfig({
        store,
        env: { [CONFIG_ENV_OVERRIDE]: JSON.stringify({ session: { maxRetries: 'many' } }) },
      }),
    );
    expect(bad.message).toContain(CONFIG_ENV_OVERRIDE);
    expect(bad.message).toContain('session.maxRetries');
  });

  it('does not let a __proto__ key pollute objects', () => {
    const merged = mergeConfig({}, JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')) as Record<
      string,
      unknown
    >;
    expect(merged.a).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('replaces arrays rather than merging them', () => {
    expect(mergeConfig({ a: [1, 2, 3] }, { a: [4] })).toEqual({ a: [4] });
  });
});

describe('staff PIN in the config', () => {
  it('accepts a scrypt hash and refuses a plain PIN', async () => {
    const pinHash = await hashPin('20251123');
    expect(parseConfig({ staff: { pinHash } }).staff.pinHash).toBe(pinHash);
    const error = configError(() => parseConfig({ staff: { pinHash: '20251123' } }));
    expect(error.message).toContain('staff.pinHash');
  });
});

describe('updating the stored config', () => {
  it('writes only validated stored values, never the env override, with owner-only permissions', () => {
    const path = join(dir, 'sub', 'config.json');
    const store = new JsonFileConfigStore(path);
    updateConfig(store, { kiosk: { id: 'k9' } });
    const config = updateConfig(store, { session: { maxRetries: 2 } });
    expect(config.kiosk.id).toBe('k9');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      kiosk: { id: 'k9' },
      session: { maxRetries: 2 },
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('leaves the store untouched when the update is invalid', () => {
    const store = new MemoryConfigStore({ kiosk: { id: 'k1' } });
    expect(configError(() => updateConfig(store, { lockout: { lockMinutes: 0 } })).code).toBe(
      'CONFIG_INVALID',
    );
    expect(store.read()).toEqual({ kiosk: { id: 'k1' } });
  });
});
