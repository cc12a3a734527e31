// Runs after `npm install` / `npm ci` for this project:
// 1. Electron's own install script is not approved in allowScripts (it fails the whole install where its
//    binary host cannot be reached). We run it here instead and treat failure as "no Electron on this
//    machine": `npm start` then uses the web host in Chromium.
// 2. The face models are fetched from the npm registry and checked against models/manifest.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const electronDir = path.join(root, 'node_modules', 'electron');

function installElectronBinary() {
  if (!existsSync(path.join(electronDir, 'install.js'))) return; // production install without devDependencies
  if (existsSync(path.join(electronDir, 'path.txt'))) {
    console.log('[hexin] Electron binary already installed.');
    return;
  }
  if (process.env.HEXIN_SKIP_ELECTRON_DOWNLOAD || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.log('[hexin] Electron binary download skipped by environment.');
    return;
  }
  const r = spawnSync(process.execPath, ['install.js'], {
    cwd: electronDir,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status === 0 && existsSync(path.join(electronDir, 'path.txt'))) {
    console.log('[hexin] Electron binary installed.');
  } else {
    const why = (r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n')[0];
    console.log(`[hexin] Electron binary could not be downloaded here (${why}).`);
    console.log('[hexin] That is fine: `npm start` will run the web host in Chromium instead.');
  }
}

function fetchModels() {
  const script = path.join(root, 'scripts', 'fetch-models.mjs');
  if (!existsSync(script)) return;
  const r = spawnSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[hexin] Fetching the models failed; run `npm run models:fetch` to retry.');
    process.exit(r.status ?? 1);
  }
}

installElectronBinary();
fetchModels();
