// A fleet back office for tests: a throw-away PostgreSQL (one per test file), a fresh migrated database, a test
// PKI (fleet CA, server certificate for 127.0.0.1, kiosk client certificates on demand) and back-office instances
// on loopback HTTPS. Everything real: the tests talk TLS to Fastify, which talks to PostgreSQL.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { createPool, migrate } from '../../backoffice/db';
import { KeyVault } from '../../backoffice/key-vault';
import { buildBackoffice } from '../../backoffice/server';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../backoffice/testing/throwaway-postgres';
import { FleetClient } from '../../main/fleet/client';
import { issueClientCert, makeTestPki, type TestPki } from '../main/verify/authority/test-pki';

export interface TestBackoffice {
  pool: pg.Pool;
  /** The key-encryption key (random per test back office) and its vault. */
  kek: Buffer;
  vault: KeyVault;
  databaseUrl: string;
  pki: TestPki;
  /** URL of the first instance. */
  url: string;
  /** Starts another instance over the same database (on `port`, else a free one); its URL. */
  startInstance(port?: number): Promise<string>;
  /** Stops the instance at `url` (the link goes down for kiosks using it). */
  stopInstance(url: string): Promise<void>;
  /** A client certificate from the fleet CA and a FleetClient presenting it. */
  kioskClient(
    name: string,
    url?: string,
  ): Promise<{ client: FleetClient; tls: { key: Buffer; cert: Buffer; ca: Buffer } }>;
  close(): Promise<void>;
}

let cluster: ThrowawayPostgres | undefined;

export async function startTestBackoffice(options: { consoleDir?: string } = {}): Promise<TestBackoffice> {
  cluster ??= startThrowawayPostgres();
  const databaseUrl = await cluster.createDatabase(`fleet_${randomBytes(6).toString('hex')}`);
  await migrate(databaseUrl);
  const pool = createPool(databaseUrl);
  const pki = await makeTestPki();
  const kek = randomBytes(32);
  const vault = new KeyVault(kek);
  const apps = new Map<string, FastifyInstance>();
  const clients: FleetClient[] = [];
  const startInstance = async (port = 0): Promise<string> => {
    const app = await buildBackoffice({
      pool,
      vault,
      tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert },
      ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
    });
    await app.listen({ host: '127.0.0.1', port });
    const at = `https://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    apps.set(at, app);
    return at;
  };
  const url = await startInstance();
  return {
    pool,
    kek,
    vault,
    databaseUrl,
    pki,
    url,
    startInstance,
    async stopInstance(at) {
      await apps.get(at)?.close();
      apps.delete(at);
    },
    async kioskClient(name, at = url) {
      const { key, cert } = await issueClientCert(pki, name);
      const tls = { key, cert, ca: pki.caCert };
      const client = new FleetClient(at, tls, 5_000);
      clients.push(client);
      return { client, tls };
    },
    async close() {
      for (const c of clients) c.close();
      for (const app of apps.values()) await app.close();
      await pool.end();
      await pki.remove();
    },
  };
}

/** Stops this file's PostgreSQL (afterAll of the last suite in a file). */
export function stopTestPostgres(): void {
  cluster?.stop();
  cluster = undefined;
}
