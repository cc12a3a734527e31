// Boots the BUILT Electron main bundle (out/main/index.js) on the stand-in, in this process: the `electron` import
// is redirected by a Node module hook (./hooks.mjs), the stand-in itself is TypeScript loaded through tsx, and the
// bundle is imported natively (not through vitest's module runner), exactly as Electron's Node would load it.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register as registerTsx } from 'tsx/esm/api';
import { ensureBuilt } from '../../scripts/lib/hosts.mjs';
import { nativeImport } from './native-import.mjs';

export type StandIn = typeof import('./main');

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUILT_MAIN = path.join(REPO_ROOT, 'out/main/index.js');
export const BUILT_PRELOAD = path.join(REPO_ROOT, 'out/preload/index.cjs');

let hooked: Promise<StandIn> | null = null;

/** Registers the hooks (once per process) and returns the stand-in module the bundle will get as `electron`. */
export function electronStandIn(): Promise<StandIn> {
  hooked ??= (async () => {
    registerTsx();
    const standIn = new URL('./main.ts', import.meta.url).href;
    register(new URL('./hooks.mjs', import.meta.url).href, { data: { standIn } });
    return (await nativeImport(standIn)) as StandIn;
  })();
  return hooked;
}

/**
 * Imports out/main/index.js (its top level runs, as Electron runs the main script), then makes the app ready.
 * `npm test` builds before the unit tests; run alone, a missing or stale build is rebuilt first (as e2e does).
 */
export async function bootBuiltMain(): Promise<StandIn> {
  ensureBuilt();
  if (!existsSync(BUILT_MAIN) || !existsSync(BUILT_PRELOAD))
    throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` first (npm test does)`);
  const electron = await electronStandIn();
  await nativeImport(pathToFileURL(BUILT_MAIN).href);
  electron.testing.emitReady();
  return electron;
}
