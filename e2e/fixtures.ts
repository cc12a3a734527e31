// Every test gets a fresh kiosk: its own data directory, its own config overrides, a fresh browser profile, the fake
// camera it asks for, and (where Electron exists) the same test under _electron. After each test, the page must
// have no untranslated keys.
import { test as base, expect, chromium, _electron, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { SimulatorCommand } from '../common/contract';
import { buildTalkingSpeaker, type TalkingSpeaker } from './talking-speaker';
import {
  CHROMIUM_QUIET_FLAGS,
  KIOSK_AUTOPLAY_FLAG,
  findChromium,
  findElectron,
  repoRoot,
} from '../scripts/lib/hosts.mjs';

export const FACES = path.resolve(repoRoot, '..', 'shared', 'faces');
export const OBAMA_Y4M = path.join(FACES, 'camera-barack_obama.y4m');

export interface KioskOptions {
  host: 'web' | 'electron';
  /** 'file' = the y4m in cameraFile; 'none' = no fake camera device; 'deny' = permission refused. */
  cameraMode: 'file' | 'none' | 'deny';
  cameraFile: string;
  /** Merged over the kiosk's defaults (HEXIN_CONFIG_JSON). */
  kioskConfig: Record<string, unknown>;
  /**
   * reader.mode for the kiosk, declared explicitly (the kiosk's own default is `hardware`): the specs drive the
   * simulated reader, so a demo kiosk with the 演示模式 / DEMO banner.
   */
  readerMode: 'simulator' | 'hardware';
  /**
   * A WAV the fake microphone plays (looped) instead of Chromium's beep; it must exist before the browser starts,
   * so make it in an option fixture (see specs/flow-intent.spec.ts). Null = the default fake microphone.
   */
  micFile: string | null;
  /**
   * 'deny': the web host's Chromium grants the camera only, so the page gets a real NotAllowedError for the
   * microphone (no fake-UI flag, which would grant both). Electron's permission handler allows both.
   */
  micPermission: 'grant' | 'deny';
}

export interface Kiosk {
  host: 'web' | 'electron';
  /** The web host's origin (web only). */
  origin: string | null;
  token: string | null;
  dataDir: string;
  /** Saves a screenshot of the current screen as a test artifact. */
  shot(name: string): Promise<void>;
  /** Drives the simulated reader (same shape as the contract's controlSimulator). */
  simulator(command: SimulatorCommand): Promise<void>;
}

function withFileCamera(config: Record<string, unknown>): Record<string, unknown> {
  const camera = (config.camera ?? {}) as Record<string, unknown>;
  return { ...config, camera: { allowFileSource: true, ...camera } };
}

function micArgs(file: string | null): string[] {
  return file ? [`--use-file-for-fake-audio-capture=${file}`] : [];
}

function cameraArgs(mode: KioskOptions['cameraMode'], file: string): string[] {
  if (mode === 'deny') return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream=deny'];
  if (mode === 'none') return [];
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${file}`,
  ];
}

function waitForLine(child: ChildProcess, re: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${re} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      const m = re.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] ?? line);
      }
    });
    child.once('exit', (code) => reject(new Error(`kiosk exited early with code ${code}`)));
  });
}

export const test = base.extend<KioskOptions & { kiosk: Kiosk }, { talkingSpeaker: TalkingSpeaker }>({
  // Built once per worker, only by the specs that use it (a camera, a microphone and a card photo from one talking
  // clip; e2e/talking-speaker.ts).
  talkingSpeaker: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'hexin-e2e-talking-'));
      await use(buildTalkingSpeaker(dir));
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],

  host: ['web', { option: true }],
  cameraMode: ['file', { option: true }],
  cameraFile: [OBAMA_Y4M, { option: true }],
  kioskConfig: [{}, { option: true }],
  readerMode: ['simulator', { option: true }],
  micFile: [null, { option: true }],
  micPermission: ['grant', { option: true }],

  kiosk: [
    async (
      { host, cameraMode, cameraFile, kioskConfig, readerMode, micFile, micPermission },
      use,
      testInfo,
    ) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'hexin-e2e-data-'));
      const env = {
        ...process.env,
        HEXIN_DATA_DIR: dataDir,
        // The test browser's fake camera is a file played in a loop: test configs say so explicitly (production
        // refuses a file as a camera; main/devices/camera).
        HEXIN_CONFIG_JSON: JSON.stringify(
          withFileCamera({
            ...kioskConfig,
            reader: { mode: readerMode, ...(kioskConfig.reader as Record<string, unknown> | undefined) },
          }),
        ),
      };
      const shotsDir = path.join(repoRoot, 'e2e-artifacts', 'screens', testInfo.project.name);
      mkdirSync(shotsDir, { recursive: true });
      let page: Page;
      let cleanup: () => Promise<void>;
      let origin: string | null = null;
      let token: string | null = null;
      let controlUrl = '';
      const controlToken = randomBytes(18).toString('base64url');

      if (host === 'electron') {
        const electron = findElectron();
        test.skip(!electron.bin, `Electron specs skipped: ${electron.why}`);
        const app = await _electron.launch({
          executablePath: electron.bin!,
          args: [repoRoot, ...cameraArgs(cameraMode, cameraFile), ...micArgs(micFile)],
          env: { ...env, HEXIN_CONTROL_TOKEN: controlToken },
        });
        controlUrl = await waitForLine(app.process(), /^HEXIN_CONTROL_URL=(\S+)/, 60_000);
        page = await app.firstWindow();
        cleanup = () => app.close();
      } else {
        const chromiumPath = findChromium();
        if (!chromiumPath)
          throw new Error('Chromium is missing: apt-get install -y chromium (or set CHROMIUM_PATH)');
        token = randomBytes(18).toString('base64url');
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(repoRoot, 'main/hosts/web/start.ts')],
          {
            cwd: repoRoot,
            env: { ...env, HEXIN_WEB_TOKEN: token },
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        const url = await waitForLine(child, /^HEXIN_WEB_URL=(\S+)/, 60_000);
        origin = new URL(url).origin;
        controlUrl = origin;
        const profile = mkdtempSync(path.join(tmpdir(), 'hexin-e2e-profile-'));
        const context = await chromium.launchPersistentContext(profile, {
          executablePath: chromiumPath,
          headless: true,
          viewport: { width: 1280, height: 900 },
          args: [
            '--no-sandbox',
            '--disable-gpu',
            ...CHROMIUM_QUIET_FLAGS,
            // As a kiosk's window runs (the Electron host's webPreferences.autoplayPolicy, npm start's Chromium).
            KIOSK_AUTOPLAY_FLAG,
            ...cameraArgs(cameraMode, cameraFile).filter(
              (a) => micPermission === 'grant' || a !== '--use-fake-ui-for-media-stream',
            ),
            ...micArgs(micFile),
          ],
        });
        if (micPermission === 'deny') await context.grantPermissions(['camera'], { origin });
        page = context.pages()[0] ?? (await context.newPage());
        await page.goto(url);
        cleanup = async () => {
          await context.close();
          // Wait for the kiosk to finish shutting down (sealing its audit log) before its data dir goes.
          if (child.exitCode === null) {
            const exited = new Promise((resolve) => child.once('exit', resolve));
            child.kill('SIGTERM');
            await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
          }
          rmSync(profile, { recursive: true, force: true });
        };
      }

      const kiosk: Kiosk = {
        host,
        origin,
        token,
        dataDir,
        shot: async (name) => {
          await page.screenshot({ path: path.join(shotsDir, `${name}.png`) });
        },
        simulator: async (command) => {
          const r = await fetch(`${controlUrl}/control/simulator`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Authorization: `Bearer ${host === 'web' ? token : controlToken}`,
            },
            body: JSON.stringify(command),
          });
          if (!r.ok)
            throw new Error(`simulator ${JSON.stringify(command)} failed: ${r.status} ${await r.text()}`);
        },
      };
      kioskPages.set(kiosk, page);
      await use(kiosk);
      // No screen may show an untranslated key.
      const missing = await page.locator('body').getAttribute('data-missing-i18n');
      await cleanup();
      rmSync(dataDir, { recursive: true, force: true });
      expect(missing, 'untranslated i18n keys on screen').toBeNull();
    },
    { timeout: 120_000 },
  ],

  page: async ({ kiosk }, use) => {
    await use(kioskPages.get(kiosk)!);
  },
});

const kioskPages = new WeakMap<Kiosk, Page>();

export { expect };
