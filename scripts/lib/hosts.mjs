// What `npm start` and the e2e harness need to know about this machine: is there an Electron binary, a Chromium,
// a display; and how to build the app when the build is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The Electron executable, or null with the reason it cannot be used. Reads electron's path.txt itself: requiring
 * the electron package would try to download the binary as a side effect.
 */
export function findElectron() {
  const dir = path.join(repoRoot, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const bin = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
    if (existsSync(bin)) return { bin, why: `Electron found at ${bin} (ELECTRON_OVERRIDE_DIST_PATH)` };
  }
  if (!existsSync(path.join(dir, 'package.json')))
    return { bin: null, why: 'the electron package is not installed' };
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile))
    return { bin: null, why: 'no Electron binary on this machine (its download did not happen)' };
  const bin = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(bin)) return { bin: null, why: `the Electron binary ${bin} is missing` };
  return { bin, why: `Electron found at ${bin}` };
}

export function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

export const hasDisplay = () =>
  process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

/** Builds out/ with electron-vite when it is missing or older than the sources it comes from. */
export function ensureBuilt() {
  const marker = path.join(repoRoot, 'out', 'renderer', 'index.html');
  const sources = ['renderer', 'common', 'preload', 'main']
    .map((d) => path.join(repoRoot, d))
    .filter(existsSync);
  const stale = !existsSync(marker) || sources.some((d) => newestMtime(d) > statSync(marker).mtimeMs);
  if (!stale) return;
  // The spoken prompts first (espeak-ng; without it the script says so and the kiosk asks silently), so the
  // renderer build copies them in — as `npm run build` does.
  spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'gen-prompts.mjs'), '--optional'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  console.log('[hexin] building the app (electron-vite build)…');
  const r = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('the build failed');
}

/** Chromium flags every headless or kiosk launch here needs (see ../shared/specs/e2e-camera.md). */
export const CHROMIUM_QUIET_FLAGS = [
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * The autoplay policy a kiosk runs with (as the Electron host's autoplayPolicy): the spoken guidance plays when a
 * screen appears, without waiting for a tap.
 */
export const KIOSK_AUTOPLAY_FLAG = '--autoplay-policy=no-user-gesture-required';
