// Starts the business-app API for the composition root when the config enables it: loads (or creates) the
// bearer token file and listens on loopback.
import { resolveDataPath } from '../verify/delivery/config';
import type { ApiConfig } from './config';
import type { VerificationStarter } from './port';
import { startApiServer, type ApiServer } from './server';
import { loadOrCreateApiToken } from './token';

export async function startBusinessApi(options: {
  config: ApiConfig;
  dataDir: string;
  starter: VerificationStarter;
  log?: (line: string) => void;
}): Promise<ApiServer | undefined> {
  const { config, dataDir } = options;
  if (!config.enabled) return undefined;
  const tokenFile = resolveDataPath(dataDir, config.tokenFile);
  const token = await loadOrCreateApiToken(tokenFile);
  const server = await startApiServer({
    config,
    token,
    starter: options.starter,
    ...(options.log ? { log: options.log } : {}),
  });
  options.log?.(`api: listening on ${server.url} (token in ${tokenFile})`);
  return server;
}
