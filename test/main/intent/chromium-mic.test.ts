// The microphone path in Debian's Chromium with a fake capture device fed from a file
// (--use-file-for-fake-audio-capture): speech synthesised by espeak-ng is recorded at 16 kHz by an AudioWorklet,
// sent to IntentService as raw PCM, and passes voice activity; a silent file (and Chromium's own beep) does not.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIntentConfig } from '../../../main/intent/config';
import { buildSentence } from '../../../main/intent/sentence';
import { IntentService } from '../../../main/intent/service';
import { VadClient } from '../../../main/intent/vad-client';
import { PAGE_HTML, WORKLET_JS } from './mic-page';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].find(
  (p): p is string => !!p && existsSync(p),
);

const dir = mkdtempSync(path.join(tmpdir(), 'hexin-intent-mic-'));
let server: Server;
let url: string;
let vad: VadClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    const js = req.url === '/recorder-worklet.js';
    res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html; charset=utf-8' });
    res.end(js ? WORKLET_JS : PAGE_HTML);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  vad = new VadClient();
});
afterAll(async () => {
  await vad.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** Records `ms` of the fake microphone in a fresh headless Chromium; `file` = the WAV it plays (looped). */
async function recordFakeMicrophone(file: string | null, ms: number) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      ...(file ? [`--use-file-for-fake-audio-capture=${file}`] : []),
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    // The page function runs in the browser; globalThis there is the window with recordPcm on it.
    const r = await page.evaluate(
      (duration) =>
        (
          globalThis as unknown as {
            recordPcm(ms: number): Promise<{ sampleRate: number; label: string; pcmBase64: string }>;
          }
        ).recordPcm(duration),
      ms,
    );
    return { ...r, pcm: new Uint8Array(Buffer.from(r.pcmBase64, 'base64')) };
  } finally {
    await browser.close();
  }
}

const LABEL = '开立个人账户';
const config = parseIntentConfig({
  enabled: true,
  purposes: {
    'open-account': { mode: 'read-aloud', label: { 'zh-CN': LABEL, en: 'open a personal account' } },
  },
});

describe.skipIf(!CHROMIUM)('read-aloud through Chromium with a fake microphone', () => {
  it('records the displayed sentence at 16 kHz and passes voice activity', async () => {
    const svc = new IntentService(config, { vad, recogniser: null });
    const dialog = svc.open({ sessionId: 'mic-1', purpose: 'open-account' });
    const prompt = dialog.readAloud('zh-CN');
    const spoken = buildSentence(LABEL, prompt.text.replace(/[^0-9]/g, ''), 'zh-CN', 'open-account').spoken;
    const wav = path.join(dir, 'speech.wav');
    execFileSync('espeak-ng', ['-v', 'cmn', '-w', wav, spoken]);
    const rec = await recordFakeMicrophone(wav, 5000);
    expect(rec.sampleRate).toBe(16_000);
    expect(rec.label).toMatch(/fake/i);
    // About 5 s of 16-bit mono at 16 kHz (a loaded CI machine may deliver a little less).
    expect(rec.pcm.byteLength).toBeGreaterThan(2 * 16_000 * 3);
    const r = await dialog.submitReadAloud(prompt.promptId, rec.pcm);
    expect(r).toMatchObject({
      passed: true,
      voice: { passed: true },
      content: { checked: false, reason: 'NO_RECOGNISER' },
    });
  });

  it('fails a silent microphone and Chromium’s default beep as no speech', async () => {
    const silent = path.join(dir, 'silence.wav');
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'anullsrc=r=16000:cl=mono',
      '-t',
      '3',
      '-c:a',
      'pcm_s16le',
      silent,
    ]);
    const svc = new IntentService(config, { vad, recogniser: null });
    const dialog = svc.open({ sessionId: 'mic-2', purpose: 'open-account' });
    for (const file of [silent, null]) {
      const prompt = dialog.readAloud('zh-CN');
      const rec = await recordFakeMicrophone(file, 2500);
      const r = await dialog.submitReadAloud(prompt.promptId, rec.pcm);
      expect(r).toMatchObject({ passed: false, failure: 'INTENT_NO_SPEECH' });
    }
  });
});
