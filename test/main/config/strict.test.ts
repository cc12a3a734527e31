// Config hardening (issue: 10 of 10 typos in non-strict sections were dropped — `reader.simulateWhenMising: false`
// kept the simulator on and `hexin config check` exited 0; `reader.timeouts.readMs: 3e9` overflowed Node's timer
// and killed the reader; a 60 MB config.json was read). Every object in the schema is strict, every number has
// bounds, the file's size is capped before it is read.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { HexinError } from '../../../common/errors';
import { main } from '../../../main/cli/index';
import { CONFIG_ENV_OVERRIDE, loadConfig, parseConfig } from '../../../main/config/load';
import { appConfigSchema } from '../../../main/config/schema';
import { JsonFileConfigStore, MAX_CONFIG_BYTES } from '../../../main/config/store';

const TIMER_MAX_MS = 2 ** 31 - 1;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hexin-config-strict-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (e) {
    if (e instanceof HexinError) return (e.details?.problems as string[]) ?? [e.message];
    throw e;
  }
  return [];
}

interface Walked {
  path: string;
  schema: z.core.$ZodType;
}

/** Every schema node under `root`, with its dotted path (`[]` for array items, `*` for record values). */
function walk(root: z.core.$ZodType, at = ''): Walked[] {
  const def = root._zod.def as unknown as Record<string, unknown> & { type: string };
  const here: Walked[] = [{ path: at, schema: root }];
  const child = (s: unknown, p: string) => walk(s as z.core.$ZodType, p);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.core.$ZodType>;
      const kids = Object.entries(shape).flatMap(([k, s]) => child(s, at ? `${at}.${k}` : k));
      const catchall = def.catchall ? child(def.catchall, `${at}.*`) : [];
      return [...here, ...kids, ...catchall];
    }
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return [...here, ...child(def.innerType, at)];
    case 'pipe':
      return [...here, ...child(def.in, at), ...child(def.out, at)];
    case 'array':
      return [...here, ...child(def.element, `${at}[]`)];
    case 'record':
      return [...here, ...child(def.valueType, `${at}.*`)];
    case 'union':
      return [...here, ...(def.options as unknown[]).flatMap((o) => child(o, at))];
    default:
      return here;
  }
}

describe('config strictness', () => {
  it('every object in the config schema refuses unknown keys (records of named entries excepted)', () => {
    const loose = walk(appConfigSchema)
      .filter(({ schema }) => schema._zod.def.type === 'object')
      .filter(({ path, schema }) => {
        const catchall = (schema._zod.def as { catchall?: z.core.$ZodType }).catchall;
        // The agreement's placeholders are open by design: a deployment's agreement brings its own blanks.
        if (path === 'consent.placeholders') return catchall?._zod.def.type !== 'string';
        return catchall?._zod.def.type !== 'never';
      })
      .map(({ path }) => path || '(root)');
    expect(loose).toEqual([]);
  });

  it('every number has bounds, and none lets a timer overflow', () => {
    const unbounded = walk(appConfigSchema)
      .filter(({ schema }) => schema._zod.def.type === 'number')
      .filter(({ schema }) => {
        const n = schema as unknown as { minValue: number | null; maxValue: number | null };
        return !(
          n.maxValue !== null &&
          n.maxValue <= TIMER_MAX_MS &&
          n.minValue !== null &&
          n.minValue >= -(2 ** 31)
        );
      })
      .map(({ path }) => path);
    expect(unbounded).toEqual([]);
  });

  it.each([
    ['reader.pollIntervalMS', { reader: { pollIntervalMS: 100 } }, 'pollIntervalMs'],
    ['reader.timeouts.readMS', { reader: { timeouts: { readMS: 100 } } }, 'readMs'],
    ['records.auditBatchsize', { records: { auditBatchsize: 5 } }, 'auditBatchSize'],
    ['records.retentionDays.consnet', { records: { retentionDays: { consnet: 1 } } }, 'consent'],
    ['api.enable', { api: { enable: true } }, 'enabled'],
    ['delivery.retry.maxAttemps', { delivery: { retry: { maxAttemps: 3 } } }, 'maxAttempts'],
    ['authority.provider.timeoutMS', { authority: { provider: { timeoutMS: 100 } } }, 'timeoutMs'],
    ['liveness.passive.threshhold', { liveness: { passive: { threshhold: 0.9 } } }, 'threshold'],
    ['intent.vad.minSpeechMS', { intent: { vad: { minSpeechMS: 900 } } }, 'minSpeechMs'],
    ['vision.thread', { vision: { thread: 2 } }, 'threads'],
    ['consent.agreementID', { consent: { agreementID: 'x' } }, 'agreementId'],
  ])('a typo (%s) is an error naming the path and the nearest known key', (path, raw, nearest) => {
    expect(problemsOf(raw)).toEqual([`${path}: unknown key — did you mean ${nearest}?`]);
  });

  it('a key with nothing close lists what the section knows', () => {
    expect(problemsOf({ kiosk: { zzzzzzzz: 1 } })).toEqual(['kiosk.zzzzzzzz: unknown key (known: id)']);
  });

  it.each([
    ['reader.timeouts.readMs', { reader: { timeouts: { readMs: 3e9 } } }],
    ['reader.serial[].baudRate', { reader: { serial: [{ path: '/dev/ttyUSB0', baudRate: 1e12 }] } }],
    ['delivery.retry.maxDelayMs', { delivery: { retry: { maxDelayMs: 2 ** 31 } } }],
    ['authority.provider.breaker.cooldownMs', { authority: { provider: { breaker: { cooldownMs: 1e10 } } } }],
  ])('an absurd number (%s) is refused', (path, raw) => {
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(`${path.replace('[]', '.0')}: `)).toBe(true);
  });

  it('refuses a config file over the size cap before reading it', () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, '{}');
    truncateSync(file, MAX_CONFIG_BYTES + 1);
    const store = new JsonFileConfigStore(file);
    expect(() => loadConfig({ store, env: {} })).toThrow(
      expect.objectContaining({ code: 'CONFIG_TOO_LARGE' }) as Error,
    );
    expect(() =>
      loadConfig({
        store: new JsonFileConfigStore(join(dir, 'none.json')),
        env: { [CONFIG_ENV_OVERRIDE]: 'x'.repeat(MAX_CONFIG_BYTES + 1) },
      }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_TOO_LARGE' }) as Error);
  });

  it('hexin config check exits non-zero on a typo and names it', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ reader: { discoveryIntervalMS: 500 } }));
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
    expect(await main(['config', 'check', '--file', file, '--json'], io)).not.toBe(0);
    expect(out).toContain('reader.discoveryIntervalMS: unknown key — did you mean discoveryIntervalMs?');
  });
});
