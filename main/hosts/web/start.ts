// `npm run start:web` (and `npm start` without Electron): starts the core and the web host, prints the URL.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../app';
import { consoleLogger } from '../../util/log';
import { handleControl } from '../control-routes';
import { startWebHost } from './server';
import { errorMessage } from '../../../common/errors';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function startWebKiosk(): Promise<{ url: string; close(): Promise<void> }> {
  const log = consoleLogger('web-host');
  const dataDir = path.resolve(process.env.HEXIN_DATA_DIR ?? path.join(repoRoot, '.hexin-data'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const rendererDir = path.resolve(process.env.HEXIN_RENDERER_DIR ?? path.join(repoRoot, 'out', 'renderer'));
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const core = await createCore({ host: 'web', dataDir, version, log, rendererDir });
  const port = process.env.HEXIN_WEB_PORT ? Number(process.env.HEXIN_WEB_PORT) : 0;
  const host = await startWebHost({
    core,
    rendererDir,
    log,
    port,
    token: process.env.HEXIN_WEB_TOKEN,
    launchCode: process.env.HEXIN_WEB_LAUNCH_CODE,
    // The simulator's loopback controls exist only in simulator mode (a demo); a hardware kiosk has none.
    ...(core.config.reader.mode === 'simulator'
      ? { extraRoutes: (req, res, body) => handleControl(core, req, res, body) }
      : {}),
  });
  return {
    url: host.url,
    close: async () => {
      await host.close();
      await core.close();
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const kiosk = await startWebKiosk();
  // The e2e harness and scripts/start.mjs read this exact line.
  console.log(`HEXIN_WEB_URL=${kiosk.url}`);
  // A failure while closing (a data dir already gone, a worker that will not stop) is reported, never an
  // unhandled rejection; the exit code says whether shutdown was clean.
  const stop = () =>
    void kiosk.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`[web-host] shutdown failed: ${errorMessage(e)}`);
        process.exit(1);
      },
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
