// The core at start: it looks for the spoken prompts in the renderer the host serves. Missing (espeak-ng was not
// there at build time) → one warning in the log and the kiosk asks silently; present → no warning. And the new
// activity method goes through the real dispatcher's checks.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../common/messages';
import { createCore } from '../../../main/app';
import { promptAudioPath, SPOKEN_PROMPTS, type SpokenPromptId } from '../../../main/intent/prompts';
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
    for (const lang of Object.keys(SPOKEN_PROMPTS) as Language[]) {
      for (const id of Object.keys(SPOKEN_PROMPTS[lang]) as SpokenPromptId[]) {
        const file = path.join(built, promptAudioPath(lang, id));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, 'RIFF');
      }
    }
    const full = await startWith(built);
    try {
      expect(full.warnings.filter((w) => w.includes('spoken prompts'))).toEqual([]);
    } finally {
      await full.core.close();
    }
  }, 60_000);
});
