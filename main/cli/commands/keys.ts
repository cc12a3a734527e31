// `hexin keys init|export`: creates the kiosk's Ed25519 result-signing key and exports its public half for the
// third parties that check result tokens; `hexin keys api-token` prints the business-app API's bearer token.
import { HexinError } from '../../../common/errors';
import { loadOrCreateApiToken } from '../../api/token';
import { defaultDataDir } from '../../config/paths';
import { resolveDataPath } from '../../verify/delivery/config';
import {
  loadOrCreateSigningKey,
  loadSigningKey,
  publicJwk,
  publicPem,
} from '../../verify/delivery/signing-key';
import { dataDirOption } from '../options';
import { defineCommand } from '../spec';

export const keysCommand = defineCommand(
  {
    name: 'keys',
    summary: 'result-signing key (init, export public JWK/PEM) and the business-app API token',
    actions: {
      init: { description: 'create the result-signing key if it does not exist yet (0600 file)' },
      export: { description: 'print the public key for third parties', uses: ['format'] },
      'api-token': {
        description: 'print the business-app API bearer token (created on first use, 0600 file)',
        uses: ['token-file'],
      },
    },
    options: {
      'data-dir': dataDirOption,
      'key-file': {
        type: 'string',
        value: 'FILE',
        description: 'key file (default: <data-dir>/keys/result-signing.pem)',
      },
      'token-file': {
        type: 'string',
        value: 'FILE',
        description: 'API token file (default: <data-dir>/keys/api-token)',
      },
      format: {
        type: 'string',
        choices: ['jwk', 'jwks', 'pem'],
        default: 'jwks',
        description: 'export format',
      },
    },
  },
  async ({ action, values }, io) => {
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const file = values['key-file'] ?? resolveDataPath(dataDir, 'keys/result-signing.pem');

    if (action === 'api-token') {
      const tokenFile = values['token-file'] ?? resolveDataPath(dataDir, 'keys/api-token');
      const token = await loadOrCreateApiToken(tokenFile);
      io.stdout(values.json ? JSON.stringify({ tokenFile, token }) + '\n' : token + '\n');
      return 0;
    }

    if (action === 'init') {
      const key = await loadOrCreateSigningKey(file);
      if (values.json) io.stdout(JSON.stringify({ keyFile: file, kid: key.kid }) + '\n');
      else io.stdout(`signing key ${file}\nkid ${key.kid}\n`);
      return 0;
    }

    const format = values.format;
    let key;
    try {
      key = await loadSigningKey(file);
    } catch (e) {
      if (e instanceof HexinError && e.code === 'SIGNING_KEY_INVALID') {
        throw new HexinError(
          e.code,
          `${e.message}; run 'hexin keys init' first`,
          e.details ? { ...e.details } : undefined,
        );
      }
      throw e;
    }
    const jwk = publicJwk(key);
    if (format === 'pem') {
      const pem = publicPem(key);
      io.stdout(values.json ? JSON.stringify({ kid: key.kid, pem }) + '\n' : pem);
    } else {
      const doc = format === 'jwk' ? jwk : { keys: [jwk] };
      io.stdout(JSON.stringify(doc, null, values.json ? undefined : 2) + '\n');
    }
    return 0;
  },
);
