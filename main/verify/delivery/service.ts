// Wires result signing and delivery for the composition root: loads (or creates) the signing key, opens the
// outbox, starts the background deliverer, and hands back the issuer the session and API use.
import path from 'node:path';
import { resolveDataPath, type DeliveryConfig } from './config';
import { ResultDeliverer } from './deliverer';
import { ResultIssuer } from './issuer';
import { ResultOutbox } from './outbox';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key';

export interface ResultDeliveryService {
  key: SigningKey;
  outbox: ResultOutbox;
  deliverer: ResultDeliverer;
  issuer: ResultIssuer;
  stop(): Promise<void>;
}

export async function startResultDelivery(options: {
  config: DeliveryConfig;
  dataDir: string;
  kioskId: string;
  log?: (line: string) => void;
  /** Idle poll period of the delivery loop; new results kick it at once. */
  idleMs?: number;
}): Promise<ResultDeliveryService> {
  const { config, dataDir } = options;
  const key = await loadOrCreateSigningKey(resolveDataPath(dataDir, config.signingKeyFile));
  const outbox = await ResultOutbox.open(path.resolve(resolveDataPath(dataDir, config.outboxDir)));
  const deliverer = new ResultDeliverer({
    outbox,
    config,
    dataDir,
    ...(options.log ? { log: options.log } : {}),
  });
  const issuer = new ResultIssuer({ key, kioskId: options.kioskId, config, outbox, deliverer });
  deliverer.start(options.idleMs ?? 5_000);
  return { key, outbox, deliverer, issuer, stop: () => deliverer.stop() };
}
