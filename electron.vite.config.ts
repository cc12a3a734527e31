// One build for the Electron app: main (host + workers), the sandboxed preload (CommonJS: sandboxed preloads cannot
// be ES modules) and the renderer. The web host serves the same out/renderer.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

function workerInputs(entries: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entries)
      .filter(([, file]) => existsSync(file))
      .map(([k, f]) => [k, resolve(f)]),
  );
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('main/hosts/electron/index.ts'),
          // [Note: worker entries] one input per worker in main/util/worker-entry.ts
          ...workerInputs({
            'vision-worker': 'main/vision/worker.ts',
            'intent-worker': 'main/intent/worker.ts',
          }),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only `electron`: bundle everything else into it.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      target: 'chrome120',
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
