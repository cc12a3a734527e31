// Device environment: collected from the real machine, judged against a registered profile with reasons.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceProfileSchema } from '../../../main/records/config';
import {
  checkEnvironment,
  collectDeviceEnvironment,
  computeAppIntegrity,
} from '../../../main/records/device-environment';

describe('device environment', () => {
  it('collects every field the agreement names from this machine', async () => {
    const env = await collectDeviceEnvironment({
      deviceId: 'K-001',
      softwareVersion: '0.1.0',
      probeNetwork: async () => true,
    });
    expect(env.deviceModel.length).toBeGreaterThan(0);
    expect(env.os.platform).toBe(process.platform);
    expect(env.softwareVersion).toBe('0.1.0');
    expect(env.deviceId).toBe('K-001');
    expect(Array.isArray(env.ipAddresses)).toBe(true);
    expect(env.macAddresses.every((m) => /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(m))).toBe(true);
    expect(env.network.online).toBe(true);
    const offline = await collectDeviceEnvironment({
      deviceId: 'K-001',
      softwareVersion: '0.1.0',
      probeNetwork: async () => {
        throw new Error('ENETUNREACH');
      },
    });
    expect(offline.network.online).toBe(false);
  });

  it('gives a verdict with each reason', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hexin-app-'));
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'main.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'sub', 'x.js'), 'x');
    const shipped = await computeAppIntegrity(dir);
    const now = new Date('2026-03-02T02:00:00Z');
    const profile = DeviceProfileSchema.parse({
      registeredDeviceIds: ['K-001'],
      appIntegritySha256: shipped,
      maxClockSkewSeconds: 60,
    });
    const env = await collectDeviceEnvironment({
      deviceId: 'K-001',
      softwareVersion: '0.1.0',
      appIntegritySha256: shipped,
      probeNetwork: async () => true,
      now: () => now,
    });
    expect(
      checkEnvironment(env, profile, {
        referenceTime: new Date(now.getTime() + 30_000),
        authorityRequired: true,
      }),
    ).toEqual({ trusted: true, reasons: [], clockSkewSeconds: -30 });

    await writeFile(path.join(dir, 'sub', 'x.js'), 'y');
    const tampered = await computeAppIntegrity(dir);
    expect(tampered).not.toBe(shipped);
    const bad = {
      ...env,
      deviceId: 'K-999',
      appIntegritySha256: tampered,
      network: { online: false, interfaces: 0 },
    };
    expect(
      checkEnvironment(bad, profile, {
        referenceTime: new Date(now.getTime() - 600_000),
        authorityRequired: true,
      }),
    ).toEqual({
      trusted: false,
      reasons: ['UNKNOWN_DEVICE_ID', 'CLOCK_SKEW', 'APP_INTEGRITY_MISMATCH', 'NO_NETWORK'],
      clockSkewSeconds: 600,
    });
    // No network is fine when no authority check is needed; an unprovisioned kiosk is never trusted.
    expect(
      checkEnvironment({ ...env, network: { online: false, interfaces: 0 } }, profile, {
        authorityRequired: false,
      }).trusted,
    ).toBe(true);
    expect(checkEnvironment({ ...env, deviceId: '' }, profile, { authorityRequired: false }).reasons).toEqual(
      ['NOT_PROVISIONED'],
    );
  });
});

describe('RecordsService.recordEnvironment', () => {
  it('keeps the environment with the session and logs only the verdict', async () => {
    const { openTestKiosk } = await import('./helpers');
    const { readFile } = await import('node:fs/promises');
    const k = await openTestKiosk();
    const env = await collectDeviceEnvironment({
      deviceId: 'K-001',
      softwareVersion: '0.1.0',
      probeNetwork: async () => false,
    });
    const verdict = checkEnvironment(env, DeviceProfileSchema.parse({ registeredDeviceIds: ['K-001'] }), {
      authorityRequired: true,
    });
    await k.records.recordEnvironment('s1', env, verdict);
    const { records } = await k.records.store.readAll();
    expect(records[0]!.data).toEqual({ kind: 'environment', environment: env, verdict });
    const log = await readFile(path.join(k.records.auditDir, 'audit.log'), 'utf8');
    expect(log).toContain(
      '"type":"environment.checked","sessionId":"s1","trusted":false,"reasons":["NO_NETWORK"]',
    );
    for (const mac of env.macAddresses) expect(log).not.toContain(mac);
  });
});
