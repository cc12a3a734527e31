// `hexin keys init|export`: creates the kiosk's Ed25519 result-signing key and exports its public half for the
// third parties that check result tokens; `hexin keys api-token` prints the business-app API's bearer token.
import { parseArgs } from 'node:util';
import { HexinError } from '../../../common/errors';
import { loadOrCreateApiToken } from '../../api/token';
import { defaultDataDir, resolveDataPath } from '../../verify/delivery/config';
import {
  loadOrCreateSigningKey,
  loadSigningKey,
  publicJwk,
  publicPem,
} from '../../verify/delivery/signing-key';
import { type CliCommand, printUsage } from '../types';

const HELP = `usage: hexin keys <init|export|api-token> [options]
  init                 create the result-signing key if it does not exist yet (0600 file)
  export               print the public key for third parties
  api-token            print the business-app API bearer token (created on first use, 0600 file)
options:
  --data-dir DIR       data dir (default: $HEXIN_DATA_DIR or ./.hexin-data)
  --key-file FILE      key file (default: <data-dir>/keys/result-signing.pem)
  --token-file FILE    API token file (default: <data-dir>/keys/api-token)
  --format jwk|jwks|pem  export format (default: jwks)
  --json               one JSON document on stdout
`;

export const keysCommand: CliCommand = {
  name: 'keys',
  summary: 'result-signing key (init, export public JWK/PEM) and the business-app API token',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        'key-file': { type: 'string' },
        'token-file': { type: 'string' },
        format: { type: 'string', default: 'jwks' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const action = positionals[0];
    if (
      values.help ||
      (action !== 'init' && action !== 'export' && action !== 'api-token') ||
      positionals.length > 1
    ) {
      return printUsage(io, HELP, values.help);
    }
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
    if (format !== 'jwk' && format !== 'jwks' && format !== 'pem') {
      throw new HexinError('BAD_REQUEST', `unknown --format '${format}' (jwk, jwks or pem)`);
    }
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
};
