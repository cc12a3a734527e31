import { describe, expect, it } from 'vitest';
import { HexinError } from '../../../common/errors';
import { createDispatcher, type Handlers } from '../../../main/ipc/dispatcher';
import { createCore } from '../../../main/app';
import { silentLogger } from '../../../main/util/log';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

async function realCore() {
  // A real core, so the dispatcher is tested against the handlers the product registers.
  return createCore({
    host: 'web',
    dataDir: mkdtempSync(path.join(tmpdir(), 'hexin-dispatch-')),
    version: '0.0.0-test',
    log: silentLogger,
  });
}

describe('dispatcher', () => {
  it('serves a valid call and validates its result', async () => {
    const { dispatch } = await realCore();
    const r = await dispatch('getAppInfo', {}, { host: 'web' });
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.value).toMatchObject({ product: 'Hexin Kiosk', host: 'web', defaultLanguage: 'zh-CN' });
  });

  it('refuses unknown methods, including prototype names', async () => {
    const { dispatch } = await realCore();
    for (const name of ['nope', '__proto__', 'constructor', 'toString']) {
      const r = await dispatch(name, {}, { host: 'web' });
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
  });

  it('refuses arguments that break the schema and names the bad field', async () => {
    const { dispatch } = await realCore();
    const extra = await dispatch('getAppInfo', { sneaky: 1 }, { host: 'web' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const wrong = await dispatch('reportCamera', { state: 'exploded' }, { host: 'web' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toMatch(/state/);
    const notObject = await dispatch('reportCamera', 'ok', { host: 'web' });
    expect(notObject.ok).toBe(false);
  });

  it('turns a HexinError into {ok:false} with its code and a bug into INTERNAL', async () => {
    const handlers = {
      getAppInfo: () => {
        throw new HexinError('READER_NOT_FOUND', 'no reader');
      },
      getHealth: () => {
        throw new TypeError('a bug');
      },
      reportCamera: () => 'not null',
    } as unknown as Handlers;
    const dispatch = createDispatcher({ handlers, staffUnlocked: () => false, log: silentLogger });
    expect(await dispatch('getAppInfo', {}, { host: 'web' })).toEqual({
      ok: false,
      error: { code: 'READER_NOT_FOUND', message: 'no reader' },
    });
    expect(await dispatch('getHealth', {}, { host: 'web' })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    // A handler whose result breaks the contract is a bug too.
    expect(await dispatch('reportCamera', { state: 'ok', label: 'x' }, { host: 'web' })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });
});
