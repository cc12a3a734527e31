// Builds the fleet console (React, vite) into `outDir`: `npm run backoffice:console` (out/backoffice-console), and
// the console test (a temp dir).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export const CONSOLE_SRC = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CONSOLE_OUT = path.resolve(CONSOLE_SRC, '../../out/backoffice-console');

export async function buildConsole(outDir = DEFAULT_CONSOLE_OUT): Promise<string> {
  await build({
    configFile: false,
    root: CONSOLE_SRC,
    base: '/',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, assetsDir: 'assets' },
  });
  return outDir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildConsole(process.argv[2]).then(
    (dir) => console.log(`fleet console built in ${dir}`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
