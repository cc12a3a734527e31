// A small sample of the attack suite (`npm run test:attack` runs the full counts): each attack against a real web
// host process on loopback, with zero crashes and zero inputs let through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abuseApi, freePort } from './lib/api-abuse';
import { abuseIpc } from './lib/ipc-abuse';
import { probeTokenHostOrigin } from './lib/probes';
import { killRecordWriters } from './lib/records-kill';
import { startHostProcess, type HostProcess } from './lib/web-host-process';
import { fuzzWebSocketFrames } from './lib/ws-fuzz';

let host: HostProcess;
let apiPort: number;
beforeAll(async () => {
  apiPort = await freePort();
  host = await startHostProcess({
    HEXIN_CONFIG_JSON: JSON.stringify({ api: { enabled: true, port: apiPort } }),
  });
});
afterAll(async () => {
  await host.stop();
});

const slot = {
  get host() {
    return host;
  },
  restart: async () => {
    await host.stop();
    host = await startHostProcess({
      HEXIN_CONFIG_JSON: JSON.stringify({ api: { enabled: true, port: apiPort } }),
    });
  },
};

describe('attack sample', () => {
  it('WebSocket frames: the nine malformed kinds and 40 random frames', async () => {
    const f = await fuzzWebSocketFrames(slot, 40, 1);
    expect(f.inputs).toBe(49);
    expect(f.crashes).toBe(0);
  });

  it('token, Host and Origin probes', async () => {
    const f = await probeTokenHostOrigin(host);
    expect(f.inputs).toBeGreaterThan(90);
    expect(f.notes.holes).toBeUndefined();
    expect(f).toMatchObject({ crashes: 0, accepted: 0 });
  });

  it('oversized, unknown-key and random IPC calls', async () => {
    const f = await abuseIpc(host, 100, 1, 3);
    expect(f).toMatchObject({ crashes: 0, accepted: 0 });
  });

  it('business API: tokens, Origin, Host, bodies and 10 long-polls', async () => {
    const f = await abuseApi(host, apiPort, 10);
    expect(f.notes.holes).toBeUndefined();
    expect(f).toMatchObject({ crashes: 0, accepted: 0, notes: { serverErrors: 0 } });
  });

  it('records: two SIGKILLs of a writer mid-write lose nothing acknowledged', async () => {
    const f = await killRecordWriters(2, 1);
    expect(f.notes.acknowledged).toBeGreaterThan(0);
    expect(f).toMatchObject({ accepted: 0, notes: { lost: 0, damage: 0 } });
  });
});
