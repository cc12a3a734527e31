// `npm run bench:backoffice [-- --seconds 20 --kiosks 16 --items 50]`: a bounded loopback load test of ingest. A
// throw-away PostgreSQL, two back-office instances over it (as behind a load balancer: each kiosk's batches
// alternate between them), and simulated kiosks each shipping signed batches one after another (in order, as a
// kiosk does) of real audit entries (hash-chained, sealed every 10) and results, over mutual TLS. Reports batches
// and items per second sustained and the latency distribution, with the machine it ran on.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FleetItem } from '../common/fleet';
import { FleetClient, signBatch } from '../main/fleet/client';
import { entryHash, GENESIS, sealMessage, type Entry } from '../main/records/audit-chain';
import { loadOrCreateSigningKey } from '../main/verify/delivery/signing-key';
import { issueClientCert, makeTestPki } from '../test/main/verify/authority/test-pki';
import { createPool, migrate } from './db';
import { createEnrolmentToken } from './enrolment';
import { KeyVault } from './key-vault';
import { buildBackoffice } from './server';
import { startThrowawayPostgres } from './testing/throwaway-postgres';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    kiosks: { type: 'string', default: '16' },
    items: { type: 'string', default: '50' },
  },
});
const SECONDS = Math.min(300, Number(values.seconds));
const KIOSKS = Math.min(200, Number(values.kiosks));
const ITEMS = Math.min(1000, Number(values.items));

/** An endless, valid audit chain: events, and a seal signed with the kiosk's audit key every 10 entries. */
function auditChain(signingKey: ReturnType<typeof generateKeyPairSync>['privateKey']) {
  let seq = 0;
  let prev = GENESIS;
  return (): Record<string, unknown> => {
    const time = new Date().toISOString();
    const base =
      seq % 10 === 9
        ? {
            seq,
            time,
            seal: { sig: sign(null, sealMessage(seq, prev), signingKey).toString('base64') },
            prev,
          }
        : { seq, time, event: { type: 'session.started' as const, sessionId: `s-${seq}` }, prev };
    const entry = { ...base, hash: entryHash(base) } as Entry;
    seq += 1;
    prev = entry.hash;
    return entry as unknown as Record<string, unknown>;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const pg = startThrowawayPostgres();
  const work = await mkdtemp(path.join(os.tmpdir(), 'hexin-bench-'));
  const pki = await makeTestPki();
  try {
    const url = await pg.createDatabase('fleet_bench');
    await migrate(url);
    const pools = [createPool(url, 10), createPool(url, 10)];
    const vault = new KeyVault(randomBytes(32));
    const apps = await Promise.all(
      pools.map(async (pool) => {
        const app = await buildBackoffice({
          pool,
          vault,
          tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert },
        });
        await app.listen({ host: '127.0.0.1', port: 0 });
        return { app, url: `https://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
      }),
    );

    const kiosks = [];
    for (let i = 0; i < KIOSKS; i++) {
      const id = `bench-${i}`;
      const { key, cert } = await issueClientCert(pki, id);
      const tls = { key, cert, ca: pki.caCert };
      const clients = apps.map((a) => new FleetClient(a.url, tls, 30_000));
      const batchKey = await loadOrCreateSigningKey(path.join(work, `${id}.pem`));
      const audit = generateKeyPairSync('ed25519');
      await clients[0]!.enrol({
        token: await createEnrolmentToken(pools[0]!, id, 'bench'),
        kioskId: id,
        version: 'bench',
        batchKey: { kty: 'OKP', crv: 'Ed25519', x: batchKey.publicKey.export({ format: 'jwk' }).x! },
        auditKeyPem: audit.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      });
      kiosks.push({ id, clients, batchKey, nextEntry: auditChain(audit.privateKey), seq: 0 });
    }

    const latencies: number[] = [];
    let items = 0;
    const deadline = Date.now() + SECONDS * 1000;
    const started = Date.now();
    await Promise.all(
      kiosks.map(async (k) => {
        while (Date.now() < deadline) {
          const batchItems: FleetItem[] = [];
          for (let j = 0; j < ITEMS; j++) {
            if (j % 5 === 4)
              batchItems.push({
                kind: 'result',
                sessionId: `${k.id}-${k.seq}-${j}`,
                at: new Date().toISOString(),
                decision: j % 3 === 0 ? 'fail' : 'pass',
                reason: 'MATCHED',
                subject: null,
              });
            else batchItems.push({ kind: 'audit', entry: k.nextEntry() });
          }
          k.seq += 1;
          const jws = await signBatch(
            { v: 1, kioskId: k.id, seq: k.seq, createdAt: new Date().toISOString(), items: batchItems },
            k.batchKey,
          );
          const t = performance.now();
          await k.clients[k.seq % 2]!.sendBatch(jws);
          latencies.push(performance.now() - t);
          items += batchItems.length;
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const stored = await pools[0]!.query('SELECT count(*) AS n FROM batches');
    const alerts = await pools[0]!.query('SELECT count(*) AS n FROM alerts');
    const version = await pools[0]!.query('SHOW server_version');
    const cpus = os.cpus();
    console.log(
      JSON.stringify(
        {
          machine: `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, PostgreSQL ${version.rows[0].server_version} (throw-away cluster, fsync off)`,
          setup: `${KIOSKS} kiosks, ${ITEMS} items per batch (4/5 audit entries, 1/5 results), 2 instances over one database, mutual TLS on loopback`,
          seconds: Number(elapsed.toFixed(1)),
          batches: latencies.length,
          storedBatches: Number(stored.rows[0].n),
          alerts: Number(alerts.rows[0].n),
          batchesPerSecond: Number((latencies.length / elapsed).toFixed(1)),
          itemsPerSecond: Math.round(items / elapsed),
          latencyMs: {
            p50: Number(percentile(latencies, 50).toFixed(1)),
            p95: Number(percentile(latencies, 95).toFixed(1)),
            p99: Number(percentile(latencies, 99).toFixed(1)),
            max: Number(latencies[latencies.length - 1]!.toFixed(1)),
          },
        },
        null,
        2,
      ),
    );
    for (const k of kiosks) for (const c of k.clients) c.close();
    for (const a of apps) await a.app.close();
    for (const p of pools) await p.end();
  } finally {
    pg.stop();
    await pki.remove();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
