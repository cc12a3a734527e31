// At start the kiosk checks the spoken prompts the build made (scripts/gen-prompts.mjs): the manifest is there and
// valid, names every prompt the screens and the intent step may ask for in each language and speed, and each file
// is there with the SHA-256 the manifest names. What it finds goes to the log and to staff health ('prompts'), so an
// operator can tell "silent by design" from "espeak-ng was missing at build time" or "a file was changed".
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ComponentHealth } from '../../common/health';
import type { Language } from '../../common/messages';
import {
  GUIDANCE_ALL_PROMPT_IDS,
  PROMPT_MANIFEST,
  PROMPT_SPEEDS,
  PROMPTS_DIR,
  promptFile,
  promptManifestSchema,
} from '../../common/voice';
import { SPOKEN_PROMPT_IDS } from '../intent/prompts';

const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

export interface PromptCheck {
  /** Files the manifest lists, checked. */
  checked: number;
  /** Expected prompts (language/[slow/]id.wav) the manifest does not list or whose file is not there. */
  missing: string[];
  /** Files whose bytes do not hash to the manifest's SHA-256. */
  wrongHash: string[];
  /** Why the manifest itself could not be used; null when it was read and valid. */
  manifestError: string | null;
}

/** The prompts the kiosk may play: every guidance and intent prompt, in each language and speed. */
export function expectedPromptFiles(): string[] {
  return LANGUAGES.flatMap((language) =>
    PROMPT_SPEEDS.flatMap((speed) =>
      [...GUIDANCE_ALL_PROMPT_IDS, ...SPOKEN_PROMPT_IDS].map((id) => promptFile(language, id, speed)),
    ),
  );
}

/** Checks `<rendererDir>/prompts` against its manifest. Never throws: every problem is in the result. */
export async function checkPromptManifest(rendererDir: string): Promise<PromptCheck> {
  const dir = path.join(rendererDir, PROMPTS_DIR);
  const expected = expectedPromptFiles();
  let raw: string;
  try {
    raw = await readFile(path.join(dir, PROMPT_MANIFEST), 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no manifest' : String(e);
    return { checked: 0, missing: expected, wrongHash: [], manifestError: why };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { checked: 0, missing: expected, wrongHash: [], manifestError: 'manifest is not JSON' };
  }
  const parsed = promptManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      checked: 0,
      missing: expected,
      wrongHash: [],
      manifestError: `manifest is not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    };
  }
  const missing = new Set(expected.filter((f) => !parsed.data.prompts.some((p) => p.file === f)));
  const wrongHash: string[] = [];
  for (const entry of parsed.data.prompts) {
    // The manifest's own file name must be where promptFile puts it (no path outside the prompts folder).
    if (entry.file !== promptFile(entry.language, entry.id, entry.speed)) {
      wrongHash.push(entry.file);
      continue;
    }
    const bytes = await readFile(path.join(dir, ...entry.file.split('/'))).catch(() => null);
    if (!bytes) missing.add(entry.file);
    else if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) wrongHash.push(entry.file);
  }
  return {
    checked: parsed.data.prompts.length,
    missing: [...missing].sort(),
    wrongHash: wrongHash.sort(),
    manifestError: null,
  };
}

const some = (files: readonly string[]) => files.slice(0, 3).join(', ') + (files.length > 3 ? ', …' : '');

/** Staff health's 'prompts' row for a check. */
export function promptsHealth(check: PromptCheck): ComponentHealth {
  if (check.manifestError)
    return {
      state: 'missing',
      detail: `${check.manifestError}: guidance is shown, not spoken (build with espeak-ng: scripts/gen-prompts.mjs)`,
    };
  if (check.missing.length === 0 && check.wrongHash.length === 0)
    return { state: 'ok', detail: `${check.checked} prompts, hashes match` };
  const parts = [
    check.missing.length ? `${check.missing.length} missing (${some(check.missing)})` : '',
    check.wrongHash.length ? `${check.wrongHash.length} not as built (${some(check.wrongHash)})` : '',
  ].filter(Boolean);
  return { state: 'degraded', detail: `${parts.join('; ')}: those are not spoken` };
}

/** The log line for a check, or null when all is well. */
export function promptsLogLine(check: PromptCheck): string | null {
  const health = promptsHealth(check);
  return health.state === 'ok' ? null : `spoken prompts: ${health.detail}`;
}
