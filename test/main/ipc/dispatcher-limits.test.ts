// Issue 14 item 10: one call with 200,000 unknown keys got a 2 MB error message back after 1.5 s of zod work.
// Error replies are bounded in size, and arguments too big for any method are refused before any schema runs.
import { describe, expect, it } from 'vitest';
import {
  createDispatcher,
  MAX_ARG_VALUES,
  MAX_ERROR_MESSAGE,
  type Handlers,
} from '../../../main/ipc/dispatcher';
import { silentLogger } from '../../../main/util/log';
import { methods } from '../../../common/contract';

const handlers = {
  getAppInfo: () => ({}),
  submitFrame: () => ({ accepted: true, reason: 'analysing' }),
} as unknown as Handlers;
const dispatch = createDispatcher({ handlers, staffUnlocked: () => true, log: silentLogger });
const ctx = { host: 'web' } as const;

const manyKeys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, i]));

describe('dispatcher limits', () => {
  it('answers 200,000 unknown keys with a short BAD_REQUEST', async () => {
    const r = await dispatch('getAppInfo', manyKeys(200_000), ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!r.ok) {
      expect(r.error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE);
      expect(r.error.message).toMatch(/too (large|deep)/);
    }
  });

  it('refuses oversize arguments without running the schema', async () => {
    const parse = methods.getAppInfo.args.safeParse.bind(methods.getAppInfo.args);
    let parsed = 0;
    methods.getAppInfo.args.safeParse = ((v: unknown) => (parsed++, parse(v))) as typeof parse;
    try {
      const wide = await dispatch('getAppInfo', manyKeys(MAX_ARG_VALUES + 1), ctx);
      const long = await dispatch(
        'getAppInfo',
        { list: Array.from({ length: MAX_ARG_VALUES + 1 }, () => 0) },
        ctx,
      );
      let deep: unknown = 0;
      for (let i = 0; i < 10_000; i++) deep = [deep];
      const nested = await dispatch('getAppInfo', deep, ctx);
      for (const r of [wide, long, nested])
        expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(parsed).toBe(0);
    } finally {
      methods.getAppInfo.args.safeParse = parse;
    }
  });

  it('summarises many schema issues: the first few and how many more', async () => {
    // Under the size cap, yet every key is wrong: one issue per key would be a long message.
    const keys = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${'x'.repeat(50)}${i}`, i]));
    const r = await dispatch('getAppInfo', keys, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE);
      expect(r.error.message).toMatch(/more/);
    }
  });

  it('still serves ordinary calls: a camera frame is one value, however many bytes it holds', async () => {
    const [width, height, channels] = [320, 240, 4];
    const frame = {
      width,
      height,
      channels,
      data: new Uint8Array(width * height * channels),
      timestampMs: 1,
    };
    expect(await dispatch('submitFrame', frame, ctx)).toMatchObject({ ok: true, value: { accepted: true } });
  });
});
