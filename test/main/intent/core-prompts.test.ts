// The core at start: it looks for the spoken prompts in the renderer the host serves and checks their manifest. Missing (espeak-ng was not
// there at build time) → one warning in the log and the kiosk asks silently; present → no warning. And the new
// activity method goes through the real dispatcher's checks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/app';
import { writePromptsFixture } from '../voice/prompt-fixture';
import type { Logger } from '../../../main/util/log';

const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(path.join(tmpdir(), `hexin-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function startWith(
  rendererDir: string,
): Promise<{ warnings: string[]; core: Awaited<ReturnType<typeof createCore>> }> {
  const warnings: string[] = [];
  const log: Logger = { info: () => {}, warn: (m) => void warnings.push(m), error: () => {} };
  const core = await createCore({
    host: 'web',
    dataDir: tempDir('core'),
    version: '0.0.0-test',
    log,
    rendererDir,
  });
  return { warnings, core };
}

describe('spoken prompts at start', () => {
  it('warns once when they were not built, and not when they were', async () => {
    const bare = await startWith(tempDir('renderer-bare'));
    try {
      const notes = bare.warnings.filter((w) => w.includes('spoken prompts missing'));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(/prompts\/zh-CN\/.*espeak-ng.*not spoken/);
      // The guidance of every step: no manifest, so nothing to play — in the log and in staff health.
      expect(bare.warnings.filter((w) => w.startsWith('spoken prompts: no manifest'))).toHaveLength(1);
      expect(bare.core.health.get().prompts).toMatchObject({ state: 'missing' });
      // The activity method: checked by the contract, then by the session (none is running).
      const ctx = { host: 'web' } as const;
      const bad = await bare.core.dispatch('noteIntentActivity', { promptId: 'p', activity: 'x' }, ctx);
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      const idle = await bare.core.dispatch(
        'noteIntentActivity',
        { promptId: 'p', activity: 'start-reading' },
        ctx,
      );
      expect(idle).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_ACTIVE' } });
    } finally {
      await bare.core.close();
    }

    const built = tempDir('renderer-built');
    writePromptsFixture(built);
    const full = await startWith(built);
    try {
      expect(full.warnings.filter((w) => w.includes('spoken prompts'))).toEqual([]);
      expect(full.core.health.get().prompts).toMatchObject({ state: 'ok' });
      expect(full.core.info.voice?.unavailable).toEqual([]);
    } finally {
      await full.core.close();
    }

    // A prompt changed after the build: said in the log and health, and the screens are told not to play it.
    writeFileSync(path.join(built, 'prompts', 'zh-CN', 'slow', 'welcome.wav'), 'not the built audio');
    const altered = await startWith(built);
    try {
      expect(altered.warnings).toEqual([
        'spoken prompts: 1 not as built (zh-CN/slow/welcome.wav): those are not spoken',
      ]);
      expect(altered.core.health.get().prompts).toMatchObject({ state: 'degraded' });
      expect(altered.core.info.voice?.unavailable).toEqual(['zh-CN/slow/welcome.wav']);
    } finally {
      await altered.core.close();
    }
  }, 60_000);
});
