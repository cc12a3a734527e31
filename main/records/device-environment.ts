// The device environment of a verification (agreement clause: device model, IP, OS, software version, MAC,
// device id, network state), collected in main and judged against the kiosk's registered profile: a trusted-
// environment verdict with reasons. It describes the kiosk, not the person, and is kept with the session record.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DeviceProfile } from './config';

export interface DeviceEnvironment {
  collectedAt: string;
  deviceModel: string;
  os: { platform: string; release: string; version: string; arch: string };
  softwareVersion: string;
  deviceId: string;
  ipAddresses: string[];
  macAddresses: string[];
  network: { online: boolean; interfaces: number };
  appIntegritySha256?: string;
}

export type EnvironmentReason =
  'UNKNOWN_DEVICE_ID' | 'CLOCK_SKEW' | 'APP_INTEGRITY_MISMATCH' | 'NO_NETWORK' | 'NOT_PROVISIONED';

export interface EnvironmentVerdict {
  trusted: boolean;
  reasons: EnvironmentReason[];
  /** Measured skew against the reference clock, when one was given. */
  clockSkewSeconds?: number;
}

export interface CollectOptions {
  deviceId: string;
  softwareVersion: string;
  appIntegritySha256?: string;
  /** Whether the network the authority check needs is reachable; defaults to "has a non-internal address". */
  probeNetwork?: () => Promise<boolean>;
  now?: () => Date;
}

/** Best description of the hardware Linux offers (DMI product name), else the CPU model. */
async function deviceModel(): Promise<string> {
  for (const f of ['/sys/devices/virtual/dmi/id/product_name', '/proc/device-tree/model']) {
    const text = await readFile(f, 'utf8').catch(() => '');
    const clean = text.replace(/\0/g, '').trim();
    if (clean) return clean.slice(0, 128);
  }
  return (os.cpus()[0]?.model ?? os.machine()).trim().slice(0, 128);
}

export async function collectDeviceEnvironment(opts: CollectOptions): Promise<DeviceEnvironment> {
  const external = Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal);
  const macs = [...new Set(external.map((i) => i.mac).filter((m) => m && m !== '00:00:00:00:00:00'))].sort();
  const online = opts.probeNetwork ? await opts.probeNetwork().catch(() => false) : external.length > 0;
  return {
    collectedAt: (opts.now?.() ?? new Date()).toISOString(),
    deviceModel: await deviceModel(),
    os: { platform: os.platform(), release: os.release(), version: os.version(), arch: os.arch() },
    softwareVersion: opts.softwareVersion,
    deviceId: opts.deviceId,
    ipAddresses: [...new Set(external.map((i) => i.address))].sort(),
    macAddresses: macs,
    network: { online, interfaces: new Set(external.map((i) => i.mac)).size },
    ...(opts.appIntegritySha256 ? { appIntegritySha256: opts.appIntegritySha256 } : {}),
  };
}

/**
 * Judges an environment: the device id must be registered, the clock must agree with a trusted reference (e.g.
 * the authority's response time) within the allowed skew, the app files must hash as shipped, and the network
 * must be up when the authority check needs it.
 */
export function checkEnvironment(
  env: DeviceEnvironment,
  profile: DeviceProfile,
  opts: { referenceTime?: Date; authorityRequired: boolean },
): EnvironmentVerdict {
  const reasons: EnvironmentReason[] = [];
  if (!env.deviceId) reasons.push('NOT_PROVISIONED');
  else if (!profile.registeredDeviceIds.includes(env.deviceId)) reasons.push('UNKNOWN_DEVICE_ID');
  let clockSkewSeconds: number | undefined;
  if (opts.referenceTime) {
    clockSkewSeconds = Math.round((Date.parse(env.collectedAt) - opts.referenceTime.getTime()) / 1000);
    if (Math.abs(clockSkewSeconds) > profile.maxClockSkewSeconds) reasons.push('CLOCK_SKEW');
  }
  if (profile.appIntegritySha256 && env.appIntegritySha256 !== profile.appIntegritySha256)
    reasons.push('APP_INTEGRITY_MISMATCH');
  if (opts.authorityRequired && !env.network.online) reasons.push('NO_NETWORK');
  return {
    trusted: reasons.length === 0,
    reasons,
    ...(clockSkewSeconds !== undefined ? { clockSkewSeconds } : {}),
  };
}

/** SHA-256 over every file under `dir` (sorted relative paths and contents), for the app-integrity check. */
export async function computeAppIntegrity(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (rel: string): Promise<void> => {
    const entries = (await readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) {
        const bytes = await readFile(path.join(dir, child));
        hash.update(`${child}\0${bytes.length}\0`).update(bytes);
      }
    }
  };
  await walk('');
  return hash.digest('hex');
}
