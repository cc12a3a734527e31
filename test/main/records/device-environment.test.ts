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
    ).toEqual({ trusted: true, reasons: [], unchecked: [], clockSkewSeconds: -30 });

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
      unchecked: [],
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

describe('checkEnvironment rules, one at a time', () => {
  const profile = DeviceProfileSchema.parse({
    registeredDeviceIds: ['K-001'],
    appIntegritySha256: 'a'.repeat(64),
    maxClockSkewSeconds: 60,
  });
  const base = {
    collectedAt: '2026-03-02T02:00:00.000Z',
    deviceModel: 'Test Kiosk',
    os: { platform: 'linux', release: '6.1', version: '#1', arch: 'x64' },
    softwareVersion: '0.1.0',
    deviceId: 'K-001',
    ipAddresses: ['10.0.0.5'],
    macAddresses: ['02:00:00:00:00:01'],
    network: { online: true, interfaces: 1 },
    appIntegritySha256: 'a'.repeat(64),
  };
  const ok = { authorityRequired: true, clockSkewSeconds: 0 };

  it('trusts the registered environment', () => {
    expect(checkEnvironment(base, profile, ok)).toEqual({
      trusted: true,
      reasons: [],
      unchecked: [],
      clockSkewSeconds: 0,
    });
  });

  it('an unknown device id', () => {
    expect(checkEnvironment({ ...base, deviceId: 'K-002' }, profile, ok).reasons).toEqual([
      'UNKNOWN_DEVICE_ID',
    ]);
  });

  it('no registered device id at all is not provisioned', () => {
    const bare = DeviceProfileSchema.parse({ appIntegritySha256: 'a'.repeat(64) });
    expect(checkEnvironment(base, bare, ok).reasons).toEqual(['NOT_PROVISIONED']);
  });

  it('clock skew beyond the allowance, either way, and not at the allowance', () => {
    expect(checkEnvironment(base, profile, { ...ok, clockSkewSeconds: 61 }).reasons).toEqual(['CLOCK_SKEW']);
    expect(checkEnvironment(base, profile, { ...ok, clockSkewSeconds: -61 }).reasons).toEqual(['CLOCK_SKEW']);
    expect(checkEnvironment(base, profile, { ...ok, clockSkewSeconds: 60 }).trusted).toBe(true);
  });

  it('says the clock was not checked when there is no reference, instead of passing it', () => {
    const v = checkEnvironment(base, profile, { authorityRequired: true });
    expect(v).toEqual({ trusted: true, reasons: [], unchecked: ['CLOCK_SKEW'] });
  });

  it('an app integrity mismatch, and a missing hash when one is registered', () => {
    expect(checkEnvironment({ ...base, appIntegritySha256: 'b'.repeat(64) }, profile, ok).reasons).toEqual([
      'APP_INTEGRITY_MISMATCH',
    ]);
    const { appIntegritySha256: _h, ...unhashed } = base;
    expect(checkEnvironment(unhashed, profile, ok).reasons).toEqual(['APP_INTEGRITY_MISMATCH']);
    const noHash = DeviceProfileSchema.parse({ registeredDeviceIds: ['K-001'] });
    expect(checkEnvironment(unhashed, noHash, ok).unchecked).toEqual(['APP_INTEGRITY']);
  });

  it('no network only matters when the authority check needs it', () => {
    const offline = { ...base, network: { online: false, interfaces: 0 } };
    expect(checkEnvironment(offline, profile, ok).reasons).toEqual(['NO_NETWORK']);
    expect(checkEnvironment(offline, profile, { ...ok, authorityRequired: false }).trusted).toBe(true);
  });

  it('refuses a config with a malformed hash, an unknown mode or a non-http clock reference', () => {
    expect(() => DeviceProfileSchema.parse({ appIntegritySha256: 'xyz' })).toThrow(/64 lowercase hex/);
    expect(() => DeviceProfileSchema.parse({ onUntrusted: 'ignore' })).toThrow();
    expect(() => DeviceProfileSchema.parse({ clockReferenceUrl: 'ftp://time.example' })).toThrow(/http/);
    expect(DeviceProfileSchema.parse({}).onUntrusted).toBe('warn');
  });
});

describe('machineDeviceId', () => {
  it('is stable, derived from the OS machine id without showing it', async () => {
    const { machineDeviceId } = await import('../../../main/records/device-environment');
    const { readFile } = await import('node:fs/promises');
    const raw = (await readFile('/etc/machine-id', 'utf8').catch(() => '')).trim();
    const id = await machineDeviceId();
    if (!raw) return expect(id).toBe('');
    expect(id).toMatch(/^mid-[0-9a-f]{24}$/);
    expect(id).not.toContain(raw.slice(0, 8));
    expect(await machineDeviceId()).toBe(id);
  });
});
