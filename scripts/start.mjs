// `npm start`: the Electron kiosk where Electron is installed and a display exists; otherwise the web host, opened in
// Chromium as a kiosk window when there is a display, or its URL printed when there is none.
// `npm run start:web` (--web): always the web host. Both say which host they chose and why.
// `npm start -- --demo`: the simulated reader (demo mode); without it, a machine with no reader is asked (see
// lib/demo-mode.mjs). The host is supervised: when it dies it is restarted with back-off (lib/supervise.mjs).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chooseReaderMode, readerModeOverride } from './lib/demo-mode.mjs';
import {
  CHROMIUM_QUIET_FLAGS,
  KIOSK_AUTOPLAY_FLAG,
  ensureBuilt,
  findChromium,
  findElectron,
  hasDisplay,
  repoRoot,
} from './lib/hosts.mjs';
import { newLaunchCode, writeLaunchPage } from './lib/launch-page.mjs';
import { newToken } from './lib/token.mjs';
import { supervise } from './lib/supervise.mjs';

const webOnly = process.argv.includes('--web');
const noBrowser = process.argv.includes('--no-browser');

const dataDir = path.resolve(process.env.HEXIN_DATA_DIR ?? path.join(repoRoot, '.hexin-data'));
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const baseEnv = { ...process.env, HEXIN_DATA_DIR: dataDir };

const readerMode = await chooseReaderMode({ env: baseEnv });
if (!readerMode) process.exit(2);
baseEnv.HEXIN_CONFIG_JSON = readerModeOverride(baseEnv, readerMode);

ensureBuilt();

const electron = findElectron();
if (!webOnly && electron.bin && hasDisplay()) {
  console.log(`[hexin] host: Electron — ${electron.why}.`);
  const host = supervise({
    name: 'Electron kiosk',
    start: () => spawn(electron.bin, [repoRoot], { stdio: 'inherit', env: baseEnv }),
  });
  process.once('SIGINT', () => host.stop());
  process.once('SIGTERM', () => host.stop());
} else {
  const why = webOnly
    ? 'asked for with --web'
    : !electron.bin
      ? electron.why
      : 'Electron is installed but there is no display';
  console.log(`[hexin] host: web — ${why}.`);
  startWeb();
}

function startWeb() {
  // The token lives in the environment (readable by this user only), never in argv, and survives restarts so an
  // open kiosk window keeps its cookie; the port is kept for the same reason. The launch code goes only to hosts
  // started before the window opens: after one use it is worthless, and a later host must not accept it again.
  const token = process.env.HEXIN_WEB_TOKEN || newToken();
  const launchCode = newLaunchCode();
  let port = process.env.HEXIN_WEB_PORT ?? '';
  let announced = false;
  let launchPage = null;
  let browser = null;
  const host = supervise({
    name: 'web host',
    start: (attempt) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(repoRoot, 'main/hosts/web/start.ts')],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'inherit'],
          env: {
            ...baseEnv,
            HEXIN_WEB_TOKEN: token,
            HEXIN_WEB_PORT: port,
            ...(announced ? {} : { HEXIN_WEB_LAUNCH_CODE: launchCode }),
          },
        },
      );
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /^HEXIN_WEB_URL=(\S+)/.exec(line);
        if (!m) return console.log(line);
        const url = new URL(m[1]);
        port = url.port;
        if (!announced) onFirstStart(url);
        else console.log(`[hexin] web host ${attempt > 1 ? 'is back' : 'is running'} at ${url.origin}.`);
      });
      return child;
    },
    onExit: (code) => {
      launchPage?.remove();
      if (!browser) process.exit(code);
      // Let the window close its profile before we go (a kill mid-write leaves it half-written).
      browser.removeAllListeners('exit');
      browser.once('exit', () => process.exit(code));
      browser.kill('SIGTERM');
      setTimeout(() => process.exit(code), 5000).unref();
    },
  });
  const stop = () => host.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  function onFirstStart(url) {
    announced = true;
    const chromium = findChromium();
    if (webOnly || noBrowser || !hasDisplay() || !chromium) {
      console.log(`HEXIN_WEB_URL=${url.href}`);
      console.log(`[hexin] Hexin Kiosk web host is running: ${url.href}`);
      console.log(
        `[hexin] open that URL in Chromium${!hasDisplay() ? ' (no display here, so no window was opened)' : ''}.`,
      );
      return;
    }
    console.log(
      `[hexin] Hexin Kiosk web host is running at ${url.origin}; opening it in ${chromium} as a kiosk window.`,
    );
    launchPage = writeLaunchPage(dataDir, url.origin, launchCode);
    const args = [
      ...CHROMIUM_QUIET_FLAGS,
      `--user-data-dir=${path.join(dataDir, 'chromium-profile')}`,
      '--kiosk',
      KIOSK_AUTOPLAY_FLAG,
      `--app=${launchPage.url}`,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      // Extra flags for the kiosk window (e.g. --ozone-platform=wayland), split on spaces.
      ...(process.env.HEXIN_KIOSK_CHROMIUM_FLAGS ?? '').split(' ').filter(Boolean),
    ];
    browser = spawn(chromium, args, { stdio: 'ignore', detached: false });
    browser.on('exit', () => {
      browser = null;
      console.log('[hexin] the kiosk window was closed; stopping.');
      stop();
    });
    // The page's one-time code is spent within seconds; the file goes too.
    setTimeout(() => launchPage?.remove(), 60_000).unref();
  }
}
