// The attack suite at full counts (`npm run test:attack`; a small sample runs in `npm test`, sample.test.ts).
// Each attack runs against a real kiosk process on loopback, saves its figures to attack-results/ for
// scripts/attack-report.mjs, and fails on any crash or any input let through.
import { afterEach, describe, it } from 'vitest';
import { abuseApi, freePort } from './lib/api-abuse';
import { ATTACK_SEED as SEED, recordFigures as record } from './lib/figures';
import { abuseIpc } from './lib/ipc-abuse';
import { probeTokenHostOrigin } from './lib/probes';
import { killRecordWriters } from './lib/records-kill';
import { startHostProcess, type HostProcess } from './lib/web-host-process';
import { fuzzWebSocketFrames } from './lib/ws-fuzz';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe('attack suite', () => {
  it('WebSocket frames: 9 malformed kinds + 3,000 seeded random frames', async () => {
    host = await startHostProcess();
    const slot = {
      get host() {
        return host!;
      },
      restart: async () => {
        await host!.stop();
        host = await startHostProcess();
      },
    };
    record(await fuzzWebSocketFrames(slot, 3000, SEED));
  });

  it('token, Host and Origin probes', async () => {
    host = await startHostProcess();
    record(await probeTokenHostOrigin(host));
  });

  it('IPC: oversized calls to every method + 5,000 seeded random calls', async () => {
    host = await startHostProcess();
    record(await abuseIpc(host, 5000, SEED));
  });

  it('business API: token, Origin, Host, bodies, limits, 200 long-polls', async () => {
    const port = await freePort();
    host = await startHostProcess({ HEXIN_CONFIG_JSON: JSON.stringify({ api: { enabled: true, port } }) });
    record(await abuseApi(host, port, 200));
  });

  it('records: 40 SIGKILLs of a writer mid-write, every acknowledged record kept', async () => {
    record(await killRecordWriters(40, SEED));
  });
});
