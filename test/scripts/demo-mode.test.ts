// Issue 14 item 2, `npm start`'s part: no reader means asking for demo mode explicitly — never falling back silently.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  attachedReaders,
  chooseReaderMode,
  readerModeOverride,
  withReaderMode,
} from '../../scripts/lib/demo-mode.mjs';

function terminal(isTTY: boolean, answer?: string) {
  const input = Object.assign(new PassThrough(), { isTTY });
  const output = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  let answered = false;
  output.on('data', (c: Buffer) => {
    text += c.toString();
    if (answer !== undefined && !answered && text.includes('[y/N]')) {
      answered = true;
      input.write(`${answer}\n`);
    }
  });
  return { input, output, text: () => text };
}
const noReader = () => ({ readers: [] });
const oneReader = () => ({ readers: [{ name: 'Routon iDR210 (HID)' }] });

describe('npm start and demo mode', () => {
  it('without a terminal and without --demo, stops and names the flag', async () => {
    const t = terminal(false);
    expect(await chooseReaderMode({ argv: [], env: {}, ...t, find: noReader })).toBeNull();
    expect(t.text()).toMatch(/no ID-card reader found/);
    expect(t.text()).toMatch(/npm start -- --demo/);
  });

  it('asks at a terminal; yes is demo mode, anything else does not start', async () => {
    const yes = terminal(true, 'y');
    expect(await chooseReaderMode({ argv: [], env: {}, ...yes, find: noReader })).toBe('simulator');
    expect(yes.text()).toMatch(/Start in demo mode\?/);
    const no = terminal(true, '');
    expect(await chooseReaderMode({ argv: [], env: {}, ...no, find: noReader })).toBeNull();
  });

  it('--demo needs no question; a reader means hardware', async () => {
    const t = terminal(false);
    expect(await chooseReaderMode({ argv: ['--demo'], env: {}, ...t, find: noReader })).toBe('simulator');
    expect(t.text()).toMatch(/DEMO MODE/);
    expect(await chooseReaderMode({ argv: [], env: {}, ...terminal(false), find: oneReader })).toBe(
      'hardware',
    );
  });

  it('passes the choice as reader.mode over whatever HEXIN_CONFIG_JSON held', () => {
    const env = {
      HEXIN_CONFIG_JSON: JSON.stringify({ reader: { serial: [] }, session: { idleTimeoutSeconds: 60 } }),
    };
    expect(JSON.parse(withReaderMode(env, 'simulator'))).toEqual({
      reader: { serial: [], mode: 'simulator' },
      session: { idleTimeoutSeconds: 60 },
    });
  });

  it('hands the kiosk an override its config accepts (`hexin config check` passes)', () => {
    const env = { ...process.env, HEXIN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hexin-mode-')) };
    for (const mode of ['simulator', 'hardware'] as const) {
      const json = readerModeOverride(env, mode);
      const check = spawnSync(process.execPath, ['bin/hexin.mjs', 'config', 'check'], {
        env: { ...env, HEXIN_CONFIG_JSON: json },
        encoding: 'utf8',
      });
      expect(check.status, check.stderr).toBe(0);
      const reader = (JSON.parse(json) as { reader: Record<string, unknown> }).reader;
      expect(reader.mode ?? (reader.simulateWhenMissing ? 'simulator' : 'hardware')).toBe(mode);
    }
  });

  it('looks for readers with the real `hexin reader list` (none on this machine)', () => {
    const found = attachedReaders({
      ...process.env,
      HEXIN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hexin-readers-')),
    });
    expect(Array.isArray(found.readers)).toBe(true);
  });
});
