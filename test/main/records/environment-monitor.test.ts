// The environment monitor on real parts: this machine's environment, a real app directory hashed once, a real HTTP
// time reference on loopback whose Date header is off by a known amount, and the real audit log of a test kiosk.
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceProfileSchema } from '../../../main/records/config';
import { computeAppIntegrity } from '../../../main/records/device-environment';
import { EnvironmentMonitor, httpDateSkewSeconds } from '../../../main/records/environment-monitor';
import { silentLogger } from '../../../main/util/log';
import { openTestKiosk } from './helpers';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A time reference whose clock is `offsetMs` ahead of ours. */
async function timeReference(offsetMs: number): Promise<string> {
  const server = createServer((_req, res) => {
    res.setHeader('Date', new Date(Date.now() + offsetMs).toUTCString());
    res.end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function appDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hexin-out-'));
  await writeFile(path.join(dir, 'index.js'), 'console.log("kiosk")');
  return dir;
}

describe('httpDateSkewSeconds', () => {
  it('measures our clock against the reference Date header', async () => {
    const behind = await httpDateSkewSeconds(await timeReference(300_000));
    expect(behind).not.toBeNull();
    expect(behind!).toBeGreaterThan(-302);
    expect(behind!).toBeLessThan(-298);
  });
});

describe('EnvironmentMonitor', () => {
  it('is trusted on the registered profile, with the clock and the app hash checked', async () => {
    const dir = await appDir();
    const monitor = new EnvironmentMonitor({
      profile: DeviceProfileSchema.parse({
        deviceId: 'K-001',
        registeredDeviceIds: ['K-001'],
        appIntegritySha256: await computeAppIntegrity(dir),
        clockReferenceUrl: await timeReference(0),
      }),
      softwareVersion: '1.2.3',
      appDir: dir,
      authorityRequired: false,
      log: silentLogger,
    });
    const { environment, verdict } = await monitor.start();
    monitor.close();
    expect(verdict).toMatchObject({ trusted: true, reasons: [], unchecked: [] });
    expect(Math.abs(verdict.clockSkewSeconds!)).toBeLessThanOrEqual(2);
    expect(environment.softwareVersion).toBe('1.2.3');
    expect(monitor.health()).toMatchObject({ state: 'ok', trusted: true, blocking: false, mode: 'warn' });
  });

  it('names every reason, blocks in block mode, and audits only when the verdict changes', async () => {
    const dir = await appDir();
    const k = await openTestKiosk();
    const monitor = new EnvironmentMonitor({
      profile: DeviceProfileSchema.parse({
        deviceId: 'K-999',
        registeredDeviceIds: ['K-001'],
        appIntegritySha256: 'f'.repeat(64),
        clockReferenceUrl: await timeReference(-3_600_000),
        onUntrusted: 'block',
      }),
      softwareVersion: '1.2.3',
      appDir: dir,
      authorityRequired: true,
      probeNetwork: async () => false,
      audit: (e) => k.records.log(e),
      log: silentLogger,
    });
    const seen: unknown[] = [];
    monitor.onChange((h) => seen.push(h));
    const { verdict } = await monitor.start();
    await monitor.check();
    monitor.close();
    expect(verdict.reasons).toEqual([
      'UNKNOWN_DEVICE_ID',
      'CLOCK_SKEW',
      'APP_INTEGRITY_MISMATCH',
      'NO_NETWORK',
    ]);
    expect(monitor.blocking()).toBe(true);
    expect(monitor.health()).toMatchObject({ state: 'error', trusted: false, blocking: true, mode: 'block' });
    expect(seen).toHaveLength(2);
    await k.records.close();
    const log = await readFile(path.join(k.records.auditDir, 'audit.log'), 'utf8');
    const checked = log.split('\n').filter((l) => l.includes('"environment.checked"'));
    expect(checked).toHaveLength(1);
    expect(checked[0]).toContain(
      '"trusted":false,"reasons":["UNKNOWN_DEVICE_ID","CLOCK_SKEW","APP_INTEGRITY_MISMATCH","NO_NETWORK"]',
    );
  });

  it('says honestly what it could not check: an unreachable reference, no app directory', async () => {
    const url = await timeReference(0);
    for (const s of servers.splice(0)) s.close();
    const monitor = new EnvironmentMonitor({
      profile: DeviceProfileSchema.parse({
        deviceId: 'K-001',
        registeredDeviceIds: ['K-001'],
        clockReferenceUrl: url,
      }),
      softwareVersion: '1.2.3',
      authorityRequired: false,
      log: silentLogger,
    });
    const { verdict, environment } = await monitor.start();
    monitor.close();
    expect(verdict).toEqual({ trusted: true, reasons: [], unchecked: ['CLOCK_SKEW', 'APP_INTEGRITY'] });
    expect(environment.appIntegritySha256).toBeUndefined();
  });

  it("uses a clock reading seen on the way (the authority's Date header) for the next check", async () => {
    const monitor = new EnvironmentMonitor({
      profile: DeviceProfileSchema.parse({
        deviceId: 'K-001',
        registeredDeviceIds: ['K-001'],
        maxClockSkewSeconds: 120,
      }),
      softwareVersion: '1.2.3',
      authorityRequired: true,
      probeNetwork: async () => true,
      log: silentLogger,
    });
    expect((await monitor.start()).verdict.unchecked).toContain('CLOCK_SKEW');
    const localMs = Date.now();
    monitor.noteReferenceTime({ serverMs: localMs - 300_000, localMs });
    const { verdict } = await monitor.check();
    monitor.close();
    expect(verdict.reasons).toEqual(['CLOCK_SKEW']);
    expect(verdict.clockSkewSeconds).toBe(300);
    expect(verdict.unchecked).toEqual(['APP_INTEGRITY']);
  });
});
