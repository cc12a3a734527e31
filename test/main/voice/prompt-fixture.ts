// A built renderer's prompts folder for tests: every prompt the kiosk expects, each a small file hashed for real,
// and the manifest that names them (what scripts/gen-prompts.mjs writes, without spending espeak-ng's time).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PromptManifest } from '../../../common/voice';
import { expectedPromptFiles } from '../../../main/voice/prompt-manifest';

export function writeManifest(rendererDir: string, manifest: unknown): void {
  writeFileSync(path.join(rendererDir, 'prompts', 'manifest.json'), JSON.stringify(manifest));
}

export function writePromptsFixture(rendererDir: string): PromptManifest {
  const prompts = path.join(rendererDir, 'prompts');
  const entries = expectedPromptFiles().map((file) => {
    const m = /^(zh-CN|en)\/(slow\/)?([a-z0-9-]+)\.wav$/.exec(file)!;
    const bytes = Buffer.from(`RIFF…${file}`.padEnd(64, '.'));
    mkdirSync(path.dirname(path.join(prompts, file)), { recursive: true });
    writeFileSync(path.join(prompts, file), bytes);
    return {
      id: m[3]!,
      language: m[1] as 'zh-CN' | 'en',
      speed: m[2] ? ('slow' as const) : ('normal' as const),
      file,
      text: `text of ${file}`,
      wpm: 140,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      key: '0'.repeat(64),
    };
  });
  const manifest: PromptManifest = { format: 1, engine: 'eSpeak NG test', prompts: entries };
  writeManifest(rendererDir, manifest);
  return manifest;
}
