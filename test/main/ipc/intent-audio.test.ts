// submitIntentAudio / reportIntentMicrophone through the real core's dispatcher: the contract refuses bad audio
// with BAD_REQUEST naming the field (never echoing the bytes), and a well-formed recording outside the intent step
// is the session's SESSION_NOT_ACTIVE, not a crash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTENT_AUDIO_MAX_BYTES } from '../../../common/session';
import { createCore, type Core } from '../../../main/app';
import { silentLogger } from '../../../main/util/log';

let core: Core;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'hexin-intent-ipc-'));
  core = await createCore({ host: 'web', dataDir, version: '0.0.0-test', log: silentLogger });
});
afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const ctx = { host: 'web' } as const;
const ok = { promptId: 'p-1', sampleRate: 16_000, startedAtMs: 1234.5, pcm: new Uint8Array(32_000).fill(7) };

describe('read-aloud audio over the contract', () => {
  it.each([
    ['sampleRate', { ...ok, sampleRate: 48_000 }],
    ['pcm', { ...ok, pcm: new Uint8Array(INTENT_AUDIO_MAX_BYTES + 2) }],
    ['pcm', { ...ok, pcm: new Uint8Array(1001) }],
    ['pcm', { ...ok, pcm: 'AAAA' }],
    ['startedAtMs', { ...ok, startedAtMs: -5 }],
  ])('refuses a bad %s with BAD_REQUEST', async (field, args) => {
    const r = await core.dispatch('submitIntentAudio', args, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_REQUEST');
    expect(r.error.message).toContain(field);
    expect(r.error.message.length).toBeLessThan(400);
  });

  it('answers a well-formed recording outside the intent step with the session error', async () => {
    const r = await core.dispatch('submitIntentAudio', ok, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_ACTIVE' } });
    const m = await core.dispatch('reportIntentMicrophone', { promptId: 'p-1', state: 'denied' }, ctx);
    expect(m).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_ACTIVE' } });
    const bad = await core.dispatch('reportIntentMicrophone', { promptId: 'p-1', state: 'on-fire' }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
