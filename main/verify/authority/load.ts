// Builds the configured authority adapter: reads the TLS and signing material the config points at (paths
// relative to the data dir) with clear errors, and returns nothing when the policy is local-only.
import { promises as fs } from 'node:fs';
import { HexinError } from '../../../common/errors';
import { resolveDataPath } from '../delivery/config';
import type { BreakerState } from './circuit-breaker';
import type { AuthorityConfig } from './config';
import { HttpsAuthorityClient } from './https-client';
import type { TlsMaterial } from './transport';

async function readConfigured(dataDir: string, file: string, what: string): Promise<Buffer> {
  const full = resolveDataPath(dataDir, file);
  try {
    return await fs.readFile(full);
  } catch (e) {
    throw new HexinError(
      'INTEGRATIONS_CONFIG_INVALID',
      `cannot read ${what} ${full}`,
      { file: full },
      { cause: e },
    );
  }
}

export async function loadAuthorityClient(
  config: AuthorityConfig,
  context: {
    dataDir: string;
    kioskId: string;
    onBreakerChange?: (state: BreakerState) => void;
    /** The authority's Date header with our clock (the kiosk's clock-skew reference). */
    onServerTime?: (time: { serverMs: number; localMs: number }) => void;
  },
): Promise<HttpsAuthorityClient | undefined> {
  if (config.policy === 'local') return undefined;
  const { provider } = config;
  const tls: TlsMaterial = {};
  if (provider.tls.caFile)
    tls.ca = await readConfigured(context.dataDir, provider.tls.caFile, 'authority CA');
  if (provider.tls.certFile)
    tls.cert = await readConfigured(context.dataDir, provider.tls.certFile, 'client cert');
  if (provider.tls.keyFile)
    tls.key = await readConfigured(context.dataDir, provider.tls.keyFile, 'client key');
  if (provider.tls.keyPassphraseFile) {
    const passphrase = await readConfigured(
      context.dataDir,
      provider.tls.keyPassphraseFile,
      'key passphrase',
    );
    tls.passphrase = passphrase.toString('utf8').trim();
  }
  let signingSecret: Buffer | undefined;
  if (provider.signing.kind === 'hmac-sha256') {
    signingSecret = await readConfigured(
      context.dataDir,
      provider.signing.secretFile,
      'request signing secret',
    );
    if (signingSecret.length < 16) {
      throw new HexinError('INTEGRATIONS_CONFIG_INVALID', 'request signing secret is shorter than 16 bytes');
    }
  }
  return new HttpsAuthorityClient({
    provider,
    tls,
    kioskId: context.kioskId,
    ...(signingSecret ? { signingSecret } : {}),
    ...(context.onBreakerChange ? { onBreakerChange: context.onBreakerChange } : {}),
    ...(context.onServerTime ? { onServerTime: context.onServerTime } : {}),
  });
}
