// `npm run backoffice -- [command]`: the fleet back office's entry point.
//   serve (default)          migrate, then serve HTTPS (kiosks with mutual TLS, the console with staff login)
//   migrate                  bring the schema up to date and exit
//   enrol-token --kiosk ID --group NAME   print a one-time enrolment token for a kiosk
//   rotate-fleet-key         make a new fleet pseudonymisation key current (kiosks pick it up)
//   rewrap-keys              re-wrap the sealed keys under the current key-encryption key (KEK rotation)
//   add-staff --user NAME    a console login (password from BACKOFFICE_STAFF_PASSWORD, at least 12 characters)
// DATABASE_URL names the PostgreSQL database; TLS files come from --tls-key/--tls-cert/--client-ca or
// BACKOFFICE_TLS_KEY / BACKOFFICE_TLS_CERT / BACKOFFICE_CLIENT_CA. The keys kept in the database are sealed under
// the key-encryption key in BACKOFFICE_KEK_FILE (or BACKOFFICE_KEK); BACKOFFICE_KEK_PREVIOUS_FILE during a rotation.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONSOLE_OUT } from './console/build';
import { createPool, migrate } from './db';
import { addStaff } from './staff';
import { createEnrolmentToken, rotateFleetKey, sealKeysAtRest } from './enrolment';
import { keyVaultFromEnv } from './key-vault';
import { buildBackoffice } from './server';
import { errorMessage } from '../common/errors';

const USAGE = `usage: npm run backoffice -- [serve|migrate|enrol-token|rotate-fleet-key|rewrap-keys|add-staff] [options]
  serve:        --host 127.0.0.1 --port 8443 --tls-key FILE --tls-cert FILE --client-ca FILE
  enrol-token:  --kiosk ID --group NAME [--ttl-hours 72]
environment: DATABASE_URL (required), BACKOFFICE_KEK_FILE or BACKOFFICE_KEK (required), BACKOFFICE_KEK_PREVIOUS_FILE,
  BACKOFFICE_TLS_KEY, BACKOFFICE_TLS_CERT, BACKOFFICE_CLIENT_CA`;

function fail(message: string): never {
  console.error(`backoffice: ${message}\n${USAGE}`);
  process.exit(2);
}

function readPem(what: string, file: string | undefined): Buffer {
  if (!file) fail(`${what} is required`);
  try {
    return readFileSync(file);
  } catch (e) {
    fail(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8443' },
      'tls-key': { type: 'string', default: process.env.BACKOFFICE_TLS_KEY },
      'tls-cert': { type: 'string', default: process.env.BACKOFFICE_TLS_CERT },
      'client-ca': { type: 'string', default: process.env.BACKOFFICE_CLIENT_CA },
      kiosk: { type: 'string' },
      user: { type: 'string' },
      group: { type: 'string', default: 'default' },
      'ttl-hours': { type: 'string', default: '72' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const command = positionals[0] ?? 'serve';
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) fail('DATABASE_URL is not set (e.g. postgresql://hexin@localhost/hexin_fleet)');
  await migrate(databaseUrl, (line) => console.log(`[migrate] ${line}`));
  if (command === 'migrate') return;
  let vault;
  try {
    vault = keyVaultFromEnv();
  } catch (e) {
    fail((e as Error).message);
  }
  const pool = createPool(databaseUrl);
  try {
    switch (command) {
      case 'enrol-token': {
        if (!values.kiosk) fail('--kiosk is required');
        console.log(
          await createEnrolmentToken(pool, values.kiosk, values.group, Number(values['ttl-hours'])),
        );
        return;
      }
      case 'add-staff': {
        const password = process.env.BACKOFFICE_STAFF_PASSWORD;
        if (!values.user || !password) fail('--user and BACKOFFICE_STAFF_PASSWORD are required');
        await addStaff(pool, values.user, password);
        console.log(`staff ${values.user} can log in to the console`);
        return;
      }
      case 'rotate-fleet-key':
        console.log(`fleet key version ${await rotateFleetKey(pool, vault)} is now current`);
        return;
      case 'rewrap-keys':
        console.log(`${await sealKeysAtRest(pool, vault, { rewrap: true })} keys re-wrapped or sealed`);
        return;
      case 'serve': {
        const tls = {
          key: readPem('--tls-key', values['tls-key']),
          cert: readPem('--tls-cert', values['tls-cert']),
          ca: readPem('--client-ca', values['client-ca']),
        };
        const port = Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port ${values.port}`);
        // The console is served when it was built (npm run backoffice:console).
        const consoleDir = existsSync(path.join(DEFAULT_CONSOLE_OUT, 'index.html'))
          ? DEFAULT_CONSOLE_OUT
          : undefined;
        if (!consoleDir)
          console.warn('backoffice: console not built (npm run backoffice:console); serving the API only');
        const app = await buildBackoffice({
          pool,
          vault,
          tls,
          logger: true,
          ...(consoleDir ? { consoleDir } : {}),
        });
        await app.listen({ host: values.host, port });
        const stop = (): void => void app.close().then(() => pool.end());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        return new Promise(() => {}); // served until a signal
      }
      default:
        fail(`unknown command ${command}`);
    }
  } finally {
    if (command !== 'serve') await pool.end();
  }
}

main().catch((e: unknown) => {
  console.error(`backoffice: ${errorMessage(e)}`);
  process.exit(1);
});
