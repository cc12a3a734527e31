// The BUILT Electron host (out/main/index.js, out/preload/index.cjs) booted on the Electron stand-in
// (test/electron-stand-in): the window's security settings, the hexin:// scheme, the preload's bridge, who may call,
// who may use the camera, the workers and models, and a whole session through the IPC path with the real models.
// `npm test` builds before it runs. The Playwright `_electron` project covers the same ground with the real binary
// where one is installed (npm run test:electron).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, methods } from '../../../../common/contract';
import { eventVerb } from '../../../../common/contract-kit';
import { CONTENT_SECURITY_POLICY } from '../../../../main/hosts/security-headers';
import { bootBuiltMain, REPO_ROOT, type StandIn } from '../../../electron-stand-in/boot';
import type { StandInBrowserWindow } from '../../../electron-stand-in/main';
import { runSessionThroughIpc, type KioskApi } from './session-through-ipc';

interface ConfigStoreLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

const APP_URL = 'hexin://app/index.html';
const KIOSK_ID = 'kiosk-stand-in-7';

let electron: StandIn;
let win: StandInBrowserWindow;
let hexin: KioskApi;
let dataDir: string;
let userData: string;
let controlUrl = '';
const controlToken = 'control-token-for-the-stand-in-test';

async function until<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  ms = 60_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'hexin-electron-data-'));
  userData = mkdtempSync(path.join(tmpdir(), 'hexin-electron-userdata-'));
  // Written before start: the host must read it through electron-store.
  writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ kiosk: { id: KIOSK_ID } }));
  process.env.HEXIN_DATA_DIR = dataDir;
  process.env.HEXIN_CONTROL_TOKEN = controlToken;
  process.env.HEXIN_CONFIG_JSON = JSON.stringify({
    reader: { mode: 'simulator', discoveryIntervalMs: 100, pollIntervalMs: 100 },
    liveness: { active: false },
    intent: {
      enabled: true,
      purposes: {
        'open-account': { mode: 'read-aloud', label: { 'zh-CN': '开立个人账户', en: 'open an account' } },
      },
    },
  });
  delete process.env.HEXIN_DEV;
  const log = console.log;
  console.log = (...args: unknown[]) => {
    const m = /^HEXIN_CONTROL_URL=(\S+)/.exec(String(args[0]));
    if (m) controlUrl = m[1]!;
    log(...args);
  };
  const { testing } = await import('../../../electron-stand-in/boot').then((b) => b.electronStandIn());
  testing.paths.userData = userData;
  testing.appPath = REPO_ROOT;
  testing.version = (
    JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  electron = await bootBuiltMain();
  win = await until('the kiosk window', () => electron.testing.windows()[0]);
  await until('the page to load', () => win.webContents.renderer);
  hexin = win.webContents.renderer!.mainWorld.hexin as KioskApi;
}, 120_000);

afterAll(async () => {
  if (win && !win.isDestroyed()) {
    win.close();
    await until('the app to quit', () => electron.testing.quitCalls > 0, 30_000);
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(userData, { recursive: true, force: true });
});

describe('the built Electron host on the stand-in', () => {
  it('opens one sandboxed, context-isolated kiosk window without Node, a menu or devtools', () => {
    expect(electron.testing.windows()).toHaveLength(1);
    const prefs = win.options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      devTools: false,
      autoplayPolicy: 'no-user-gesture-required',
    });
    expect(prefs.preload).toBe(path.join(REPO_ROOT, 'out/preload/index.cjs'));
    expect(win.options.kiosk).toBe(true);
    expect(electron.testing.applicationMenu).toBeNull();
    expect(win.isVisible()).toBe(true);
    expect(win.webContents.getURL()).toBe(APP_URL);
  });

  it('serves index.html over hexin:// with the CSP and refuses traversal and other hosts', async () => {
    const doc = win.webContents.lastDocument!;
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(doc.body).toContain('<div id="root">');
    for (const bad of [
      'hexin://app/..%2f..%2fpackage.json',
      'hexin://app/%2e%2e/%2e%2e/package.json',
      'hexin://app/..%5c..%5cpackage.json',
      'hexin://other/index.html',
    ]) {
      const r = await electron.testing.fetch(bad);
      expect(r.status, bad).toBe(404);
      expect(await r.text()).not.toContain('"name": "hexin-kiosk"');
    }
  });

  it('exposes exactly the contract through the preload, which requires only electron', () => {
    const renderer = win.webContents.renderer!;
    expect(Object.keys(renderer.mainWorld)).toEqual(['hexin']);
    const expected = [...Object.keys(methods), ...Object.keys(events).map(eventVerb)].sort();
    expect(Object.keys(hexin).sort()).toEqual(expected);
    expect(renderer.required).toEqual(['electron']);
  });

  it("answers the page's own calls and refuses a foreign frame, a same-origin subframe and another window", async () => {
    const info = await hexin.getAppInfo({});
    expect(info).toMatchObject({
      ok: true,
      value: { host: 'electron', kioskId: KIOSK_ID, readerMode: 'simulator' },
    });
    const { StandInFrame, BrowserWindow } = electron;
    const refused = { ok: false, error: { code: 'FORBIDDEN' } };
    const foreign = new StandInFrame(win.webContents, 'https://evil.example/', win.webContents.mainFrame);
    expect(await electron.testing.invokeFrom(foreign, 'hexin:getAppInfo', {})).toMatchObject(refused);
    const sub = new StandInFrame(win.webContents, APP_URL, win.webContents.mainFrame);
    expect(await electron.testing.invokeFrom(sub, 'hexin:getAppInfo', {})).toMatchObject(refused);
    const other = new BrowserWindow({ show: false });
    try {
      const frame = new StandInFrame(other.webContents, APP_URL, null);
      expect(await electron.testing.invokeFrom(frame, 'hexin:getAppInfo', {})).toMatchObject(refused);
    } finally {
      other.destroy();
    }
  });

  it("grants the camera and microphone to the app's own origin only", async () => {
    const wc = win.webContents;
    const media = { isMainFrame: true, mediaTypes: ['video', 'audio'] as Array<'video' | 'audio'> };
    expect(await electron.testing.requestPermission(wc, 'media', { ...media, requestingUrl: APP_URL })).toBe(
      true,
    );
    expect(
      await electron.testing.requestPermission(wc, 'media', {
        ...media,
        requestingUrl: 'https://evil.example/',
      }),
    ).toBe(false);
    expect(
      await electron.testing.requestPermission(wc, 'geolocation', {
        isMainFrame: true,
        requestingUrl: APP_URL,
      }),
    ).toBe(false);
    expect(
      electron.testing.checkPermission(wc, 'media', 'hexin://app', {
        isMainFrame: true,
        requestingUrl: APP_URL,
      }),
    ).toBe(true);
    expect(
      electron.testing.checkPermission(wc, 'media', 'https://evil.example', {
        isMainFrame: true,
        requestingUrl: 'https://evil.example/',
      }),
    ).toBe(false);
  });

  it('starts the vision worker and loads the models', async () => {
    const health = await until(
      'the models to load',
      async () => {
        const h = await hexin.getHealth({});
        return !h.ok || h.value.models.state !== 'starting' ? h : null;
      },
      90_000,
    );
    expect(health.ok && health.value.models).toMatchObject({ state: 'ok' });
    // Simulator mode is a demo, and staff health says so.
    expect(health.ok && health.value.reader.detail).toMatch(/^DEMO MODE/);
  }, 100_000);

  it('runs a whole session through the IPC path with the real models: the person on the card passes', async () => {
    expect(controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const run = await runSessionThroughIpc(hexin, { url: controlUrl, token: controlToken });
    expect(run.result, JSON.stringify(run.result).slice(0, 400)).toMatchObject({
      step: 'result',
      result: { outcome: 'pass', reason: 'MATCHED' },
    });
    expect(run.views.some((v) => v.step === 'capture')).toBe(true);
    expect(run.framesAccepted).toBeGreaterThan(0);
    console.log(
      `[electron-host] session passed after ${run.framesSent} frames (${run.framesAccepted} analysed)`,
    );
  }, 120_000);

  it('starts the intent worker: a silent read-aloud recording is judged by the voice-activity model', async () => {
    const run = await runSessionThroughIpc(
      hexin,
      { url: controlUrl, token: controlToken },
      { purpose: 'open-account' },
    );
    if (run.result.step !== 'intent')
      throw new Error(`expected intent: ${JSON.stringify(run.result).slice(0, 400)}`);
    const intent = run.result.intent;
    expect(intent.mode).toBe('read-aloud');
    const seconds = 2;
    const pcm = new Uint8Array(16_000 * 2 * seconds); // 16 kHz mono s16le silence
    const answered = await hexin.submitIntentAudio({
      promptId: intent.promptId,
      sampleRate: 16_000,
      startedAtMs: 0,
      pcm,
    });
    expect(answered.ok && answered.value).toMatchObject({
      step: 'intent',
      intent: { failure: 'INTENT_NO_SPEECH' },
    });
    expect((await hexin.cancelSession({})).ok).toBe(true);
  }, 120_000);

  it('reads and writes the config through electron-store on the stand-in', async () => {
    // The host read it at start (the kiosk id above); electron-store writes through the same API.
    const { nativeImport } = await import('../../../electron-stand-in/native-import.mjs');
    const Store = ((await nativeImport('electron-store')) as { default: new (o: object) => ConfigStoreLike })
      .default;
    const store = new Store({
      cwd: dataDir,
      name: 'config',
      configFileMode: 0o600,
      clearInvalidConfig: false,
    });
    expect(store.get('kiosk')).toEqual({ id: KIOSK_ID });
    store.set('kiosk.id', 'kiosk-written');
    expect(JSON.parse(readFileSync(path.join(dataDir, 'config.json'), 'utf8'))).toEqual({
      kiosk: { id: 'kiosk-written' },
    });
    expect(statSync(path.join(dataDir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('keeps the display awake', () => {
    expect([...electron.testing.powerSaveBlockers.values()]).toEqual(['prevent-display-sleep']);
  });

  it('logs a crashed GPU process and carries on', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(String(args[0]));
    try {
      electron.testing.childProcessGone('GPU', 'crashed');
    } finally {
      console.warn = warn;
    }
    expect(warnings.some((w) => /GPU process gone: crashed \(exit code 9\)/.test(w))).toBe(true);
    expect((await hexin.getAppInfo({})).ok).toBe(true);
  });

  it('reloads the window when its renderer crashes or hangs, and says so in health and the audit log', async () => {
    const wc = win.webContents;
    electron.testing.renderProcessGone(wc, 'crashed');
    await until('the reload after the crash', () => wc.reloads === 1, 10_000);
    await until('the page to load again', () => wc.renderer?.mainWorld.hexin !== hexin && wc.renderer);
    hexin = wc.renderer!.mainWorld.hexin as KioskApi;
    const health = await hexin.getHealth({});
    expect(health.ok && health.value.display).toMatchObject({
      state: 'degraded',
      detail: expect.stringMatching(/reloaded 1× since start; last: render-process-gone \(crashed\)/),
    });
    electron.testing.unresponsive(win);
    await until('the reload after the hang', () => wc.reloads === 2, 10_000);
    const audit = readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /audit/.test(f) && statSync(path.join(dataDir, f)).isFile())
      .map((f) => readFileSync(path.join(dataDir, f), 'utf8'))
      .join('\n');
    expect(audit).toContain('"cause":"render-process-gone","reason":"crashed"');
    expect(audit).toContain('"cause":"unresponsive"');
  });
});
