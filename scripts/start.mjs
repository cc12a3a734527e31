// `npm start`: the Electron kiosk where Electron is installed and a display exists; otherwise the web host, opened in
// Chromium as a kiosk window when there is a display, or its URL printed when there is none.
// `npm run start:web` (--web): always the web host. Both say which host they chose and why.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  CHROMIUM_QUIET_FLAGS,
  ensureBuilt,
  findChromium,
  findElectron,
  hasDisplay,
  repoRoot,
} from './lib/hosts.mjs';

const webOnly = process.argv.includes('--web');
const noBrowser = process.argv.includes('--no-browser');

ensureBuilt();

const electron = findElectron();
if (!webOnly && electron.bin && hasDisplay()) {
  console.log(`[hexin] host: Electron — ${electron.why}.`);
  const child = spawn(electron.bin, [repoRoot], { stdio: 'inherit', env: process.env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = webOnly
    ? 'asked for with --web'
    : !electron.bin
      ? electron.why
      : 'Electron is installed but there is no display';
  console.log(`[hexin] host: web — ${why}.`);
  const dataDir = path.resolve(process.env.HEXIN_DATA_DIR ?? path.join(repoRoot, '.hexin-data'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const host = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'main/hosts/web/start.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, HEXIN_DATA_DIR: dataDir },
  });
  const stop = () => host.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  host.on('exit', (code) => process.exit(code ?? 0));
  createInterface({ input: host.stdout }).on('line', (line) => {
    console.log(line);
    const m = /^HEXIN_WEB_URL=(\S+)/.exec(line);
    if (!m) return;
    const url = m[1];
    console.log(`[hexin] Hexin Kiosk web host is running: ${url}`);
    const chromium = findChromium();
    if (webOnly || noBrowser || !hasDisplay() || !chromium) {
      console.log(
        `[hexin] open that URL in Chromium${!hasDisplay() ? ' (no display here, so no window was opened)' : ''}.`,
      );
      return;
    }
    console.log(`[hexin] opening it in ${chromium} as a kiosk window.`);
    const args = [
      ...CHROMIUM_QUIET_FLAGS,
      `--user-data-dir=${path.join(dataDir, 'chromium-profile')}`,
      '--kiosk',
      `--app=${url}`,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ];
    spawn(chromium, args, { stdio: 'ignore', detached: false }).on('exit', stop);
  });
}
