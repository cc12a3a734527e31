// The device environment of a verification (agreement clause: device model, IP, OS, software version, MAC,
// device id, network state), collected in main and judged against the kiosk's registered profile: a trusted-
// environment verdict with reasons. It describes the kiosk, not the person, and is kept with the session record.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EnvironmentReason, EnvironmentUnchecked } from '../../common/environment';
import type { DeviceProfile } from './config';

export type { EnvironmentReason, EnvironmentUnchecked } from '../../common/environment';

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

export interface EnvironmentVerdict {
  trusted: boolean;
  reasons: EnvironmentReason[];
  /** Checks that could not be made (no clock reference, no registered app hash): said, not counted as passed. */
  unchecked: EnvironmentUnchecked[];
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

/** Best description of the hardware Linux offers (DMI product name), else the CPU model. It never changes. */
let modelOnce: Promise<string> | null = null;
function deviceModel(): Promise<string> {
  modelOnce ??= readDeviceModel();
  return modelOnce;
}

async function readDeviceModel(): Promise<string> {
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
 * The id this machine presents when provisioning did not set one: a hash of the OS machine id (/etc/machine-id,
 * stable across reboots, not the raw value), so the back office can register it (`hexin env`). '' when the OS
 * has none, which the verdict reports as NOT_PROVISIONED.
 */
let machineIdOnce: Promise<string> | null = null;
export function machineDeviceId(): Promise<string> {
  machineIdOnce ??= (async () => {
    for (const f of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
      const raw = (await readFile(f, 'utf8').catch(() => '')).trim();
      if (raw) return `mid-${createHash('sha256').update(`hexin-device:${raw}`).digest('hex').slice(0, 24)}`;
    }
    return '';
  })();
  return machineIdOnce;
}

export interface CheckOptions {
  /** A trusted clock's time at the moment the environment was collected (skew = collectedAt − reference). */
  referenceTime?: Date;
  /** Or the skew already measured against the reference (kiosk clock − reference), in seconds. */
  clockSkewSeconds?: number;
  /** Whether the deployment's match policy needs the authority (network) for every verification. */
  authorityRequired: boolean;
}

/**
 * Judges an environment: the device id must be registered, the clock must agree with a trusted reference (e.g.
 * the authority's response time) within the allowed skew, the app files must hash as shipped, and the network
 * must be up when the authority check needs it. A check without its input (no reference clock, no registered
 * hash) is listed in `unchecked` instead of passing silently.
 */
export function checkEnvironment(
  env: DeviceEnvironment,
  profile: DeviceProfile,
  opts: CheckOptions,
): EnvironmentVerdict {
  const reasons: EnvironmentReason[] = [];
  const unchecked: EnvironmentUnchecked[] = [];
  // Without a registered id (or an id to compare) nothing ties this machine to the back office's kiosk.
  if (!env.deviceId || profile.registeredDeviceIds.length === 0) reasons.push('NOT_PROVISIONED');
  else if (!profile.registeredDeviceIds.includes(env.deviceId)) reasons.push('UNKNOWN_DEVICE_ID');
  let clockSkewSeconds: number | undefined;
  if (opts.referenceTime) {
    clockSkewSeconds = Math.round((Date.parse(env.collectedAt) - opts.referenceTime.getTime()) / 1000);
  } else if (opts.clockSkewSeconds !== undefined && Number.isFinite(opts.clockSkewSeconds)) {
    clockSkewSeconds = Math.round(opts.clockSkewSeconds);
  }
  if (clockSkewSeconds === undefined) unchecked.push('CLOCK_SKEW');
  else if (Math.abs(clockSkewSeconds) > profile.maxClockSkewSeconds) reasons.push('CLOCK_SKEW');
  // A registered hash with nothing to compare (the app files could not be hashed) fails closed.
  if (!profile.appIntegritySha256) unchecked.push('APP_INTEGRITY');
  else if (env.appIntegritySha256 !== profile.appIntegritySha256) reasons.push('APP_INTEGRITY_MISMATCH');
  if (opts.authorityRequired && !env.network.online) reasons.push('NO_NETWORK');
  return {
    trusted: reasons.length === 0,
    reasons,
    unchecked,
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
