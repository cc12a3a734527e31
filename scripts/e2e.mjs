// `npm run test:e2e`: builds if needed, says which hosts the specs will run against, then runs Playwright.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt, findChromium, findElectron, repoRoot } from './lib/hosts.mjs';

ensureBuilt();
const electron = findElectron();
console.log(`[e2e] web host in Chromium: ${findChromium() ?? 'MISSING — apt-get install -y chromium'}`);
console.log(`[e2e] Electron: ${electron.bin ? electron.bin : `skipped — ${electron.why}`}`);
const r = spawnSync(
  process.execPath,
  [
    path.join(repoRoot, 'node_modules', '@playwright', 'test', 'cli.js'),
    'test',
    '-c',
    'e2e/playwright.config.ts',
    ...process.argv.slice(2),
  ],
  { cwd: repoRoot, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
