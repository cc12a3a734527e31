// Demo mode is never silent (issue 14 item 2): `npm start` on a machine without an ID-card reader asks whether to
// run the simulated reader, or takes `--demo`; without a terminal to ask and without the flag it stops and says so.
// The choice reaches the kiosk as the config override {"reader":{"mode":"simulator"}} in HEXIN_CONFIG_JSON.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { repoRoot } from './hosts.mjs';

/** The readers `hexin reader list` finds with the effective config, or the reason it could not look. */
export function attachedReaders(env = process.env) {
  const r = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'bin', 'hexin.mjs'), 'reader', 'list', '--json'],
    {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  try {
    return { readers: JSON.parse(r.stdout).readers ?? [] };
  } catch {
    return {
      readers: [],
      error: (r.stderr || r.error?.message || `exit code ${r.status}`).trim().split('\n')[0],
    };
  }
}

function configuredMode(env) {
  try {
    const mode = JSON.parse(env.HEXIN_CONFIG_JSON ?? '{}')?.reader?.mode;
    return mode === 'simulator' || mode === 'hardware' ? mode : null;
  } catch {
    return null; // the kiosk itself reports a malformed override, by name
  }
}

/** HEXIN_CONFIG_JSON with reader.mode set, keeping whatever else it held. */
export function withReaderMode(env, mode) {
  let over = {};
  try {
    const parsed = JSON.parse(env.HEXIN_CONFIG_JSON ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) over = parsed;
  } catch {
    /* replaced below; the kiosk would have refused it anyway */
  }
  const reader = over.reader && typeof over.reader === 'object' ? over.reader : {};
  return JSON.stringify({ ...over, reader: { ...reader, mode } });
}

/**
 * HEXIN_CONFIG_JSON carrying the choice. `reader.mode` is the config key for it (issue 14 item 2); a kiosk whose
 * config schema does not know that key yet (strict sections refuse it) gets the older `reader.simulateWhenMissing`
 * with the same meaning instead, so `npm start` works on either side of that change.
 */
export function readerModeOverride(env, mode) {
  const json = withReaderMode(env, mode);
  const check = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'hexin.mjs'), 'config', 'check'], {
    cwd: repoRoot,
    env: { ...env, HEXIN_CONFIG_JSON: json },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (check.status === 0 || !/reader\.mode: unknown key/.test(`${check.stdout}${check.stderr}`)) return json;
  const over = JSON.parse(json);
  delete over.reader.mode;
  over.reader.simulateWhenMissing = mode === 'simulator';
  return JSON.stringify(over);
}

/**
 * 'simulator' or 'hardware', or null when the kiosk must not start (the reason has been printed).
 * @param {{ argv?: string[], env?: NodeJS.ProcessEnv, input?: NodeJS.ReadableStream & {isTTY?: boolean},
 *   output?: NodeJS.WritableStream & {isTTY?: boolean}, find?: typeof attachedReaders }} [io]
 */
export async function chooseReaderMode({
  argv = process.argv,
  env = process.env,
  input = process.stdin,
  output = process.stdout,
  find = attachedReaders,
} = {}) {
  const say = (line) => output.write(`${line}\n`);
  if (argv.includes('--demo')) {
    say('[hexin] reader: DEMO MODE (simulated reader, demo identities) — asked for with --demo.');
    return 'simulator';
  }
  const configured = configuredMode(env);
  if (configured) {
    say(`[hexin] reader: ${configured} — set in HEXIN_CONFIG_JSON.`);
    return configured;
  }
  const { readers, error } = find(env);
  if (readers.length > 0) {
    say(`[hexin] reader: ${readers.map((r) => r.name).join(', ')}.`);
    return 'hardware';
  }
  say(`[hexin] no ID-card reader found${error ? ` (${error})` : ''}.`);
  if (!input.isTTY || !output.isTTY) {
    say(
      '[hexin] not starting: there is no terminal to ask whether to run in demo mode. Connect a reader, or start ' +
        'the demo explicitly with `npm start -- --demo` (simulated reader; every result is marked as simulated).',
    );
    return null;
  }
  const rl = createInterface({ input, output });
  const answer = await rl.question(
    '[hexin] Start in demo mode? It uses a simulated reader with demo identities, not real cards. [y/N] ',
  );
  rl.close();
  if (/^(y|yes|是)$/i.test(answer.trim())) {
    say('[hexin] reader: DEMO MODE (simulated reader) — confirmed at the prompt.');
    return 'simulator';
  }
  say('[hexin] not starting: no reader and demo mode declined. Connect a reader and run `npm start` again.');
  return null;
}
