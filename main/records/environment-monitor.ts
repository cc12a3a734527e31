// Keeps the kiosk's trusted-environment verdict current: collects the device environment (cheap; what never
// changes is read once), judges it against the registered profile (records.environment) and says what it found —
// to staff health, and to the audit log when the verdict changes. The session record keeper stores each session's
// check with the session; the environment gate refuses sessions in block mode.
//
// [Note: what "app integrity" covers] The SHA-256 is taken once at start over the built application files the host
// runs — `out/` (main, preload, renderer bundles, workers, spoken prompts): the code a tampered kiosk would change.
// Not covered: node_modules (installed from the lockfile with npm's own integrity hashes, and far too large to hash
// at every start), the face models (each checked against its SHA-256 in models/manifest.json when loaded), config
// and data (they change by design). A kiosk whose files cannot be hashed does not pass a registered hash.
import type { EnvironmentHealth } from '../../common/health';
import type { Logger } from '../util/log';
import type { DeviceProfile } from './config';
import {
  checkEnvironment,
  collectDeviceEnvironment,
  computeAppIntegrity,
  machineDeviceId,
  type DeviceEnvironment,
  type EnvironmentVerdict,
} from './device-environment';
import type { AuditEvent } from './events';
import { errorMessage } from '../../common/errors';

export interface EnvironmentCheck {
  environment: DeviceEnvironment;
  verdict: EnvironmentVerdict;
}

export interface EnvironmentMonitorOptions {
  profile: DeviceProfile;
  softwareVersion: string;
  /** The built app files to hash for the integrity check (`out/`); none: there is nothing to hash. */
  appDir?: string;
  /** Whether every verification needs the authority, so no network means no verification (policy ≠ local). */
  authorityRequired: boolean;
  /** Reads the trusted clock; default: the `Date` header of profile.clockReferenceUrl (none: not checked). */
  readReferenceClock?: () => Promise<number | null>;
  probeNetwork?: () => Promise<boolean>;
  /** Audit sink for `environment.checked` when the verdict changes (RecordsService.log). */
  audit?: (event: AuditEvent) => Promise<void>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
}

const REFERENCE_TIMEOUT_MS = 3_000;

/**
 * Skew of this clock against an HTTP server's `Date` header (kiosk − reference), in seconds. The header has a
 * one-second resolution, and the answer is taken to have been written halfway through the round trip.
 */
export async function httpDateSkewSeconds(url: string, now: () => number = Date.now): Promise<number | null> {
  const sentAt = now();
  const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(REFERENCE_TIMEOUT_MS) });
  const receivedAt = now();
  const header = res.headers.get('date');
  const reference = header ? Date.parse(header) : NaN;
  if (!Number.isFinite(reference)) return null;
  return (sentAt + (receivedAt - sentAt) / 2 - reference) / 1000;
}

export class EnvironmentMonitor {
  private integrity: Promise<string | undefined> | null = null;
  private skewSeconds: number | null = null;
  private skewTimer: ReturnType<typeof setInterval> | null = null;
  private last: EnvironmentCheck | null = null;
  private lastAudited: string | null = null;
  private readonly listeners = new Set<(health: EnvironmentHealth) => void>();
  private readonly now: () => Date;

  constructor(private readonly options: EnvironmentMonitorOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Hashes the app files once, measures the clock, and runs a first check; then again every clockReferenceMinutes,
   * so a blocked kiosk (where no session start checks any more) notices when it is trusted again, and vice versa.
   */
  async start(): Promise<EnvironmentCheck> {
    void this.appIntegrity();
    const every = this.options.profile.clockReferenceMinutes * 60_000;
    this.skewTimer = setInterval(() => {
      void this.measureClock()
        .then(() => this.check())
        .catch((e: unknown) => this.options.log.error(`environment check: ${String(e)}`));
    }, every);
    this.skewTimer.unref();
    await this.measureClock();
    return this.check();
  }

  /** Collects the environment now and judges it; the latest result is kept for the session record and health. */
  async check(): Promise<EnvironmentCheck> {
    const { profile } = this.options;
    const integrity = await this.appIntegrity();
    const environment = await collectDeviceEnvironment({
      deviceId: profile.deviceId || (await machineDeviceId()),
      softwareVersion: this.options.softwareVersion,
      ...(integrity ? { appIntegritySha256: integrity } : {}),
      ...(this.options.probeNetwork ? { probeNetwork: this.options.probeNetwork } : {}),
      now: this.now,
    });
    const verdict = checkEnvironment(environment, profile, {
      authorityRequired: this.options.authorityRequired,
      ...(this.skewSeconds !== null ? { clockSkewSeconds: this.skewSeconds } : {}),
    });
    const result = { environment, verdict };
    this.last = result;
    await this.auditIfChanged(verdict);
    const health = this.health();
    for (const l of this.listeners) l(health);
    return result;
  }

  /**
   * A trusted clock's time seen on the way (the authority's `Date` header over mutual TLS), with ours at that
   * moment: the skew the next check uses, until a newer reading replaces it.
   */
  noteReferenceTime({ serverMs, localMs }: { serverMs: number; localMs: number }): void {
    if (Number.isFinite(serverMs) && Number.isFinite(localMs)) this.skewSeconds = (localMs - serverMs) / 1000;
  }

  latest(): EnvironmentCheck | null {
    return this.last;
  }

  /** True when the kiosk must refuse sessions: block mode and the latest verdict is untrusted. */
  blocking(): boolean {
    return this.options.profile.onUntrusted === 'block' && this.last !== null && !this.last.verdict.trusted;
  }

  /** The verdict as the staff health panel shows it (no personal data: the terminal's state only). */
  health(): EnvironmentHealth {
    const mode = this.options.profile.onUntrusted;
    const c = this.last;
    if (!c)
      return {
        state: 'starting',
        detail: 'not checked yet',
        trusted: null,
        reasons: [],
        unchecked: [],
        mode,
        blocking: false,
        clockSkewSeconds: null,
        checkedAt: null,
      };
    const { verdict, environment } = c;
    const parts = [
      verdict.trusted ? 'trusted' : `untrusted: ${verdict.reasons.join(', ')}`,
      ...(verdict.unchecked.length ? [`not checked: ${verdict.unchecked.join(', ')}`] : []),
      `device id ${environment.deviceId || '(none)'}`,
    ];
    return {
      state: verdict.trusted ? 'ok' : mode === 'block' ? 'error' : 'degraded',
      detail: parts.join(' · ').slice(0, 500),
      trusted: verdict.trusted,
      reasons: [...verdict.reasons],
      unchecked: [...verdict.unchecked],
      mode,
      blocking: this.blocking(),
      clockSkewSeconds: verdict.clockSkewSeconds ?? null,
      checkedAt: environment.collectedAt,
    };
  }

  onChange(listener: (health: EnvironmentHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.skewTimer) clearInterval(this.skewTimer);
    this.skewTimer = null;
  }

  private appIntegrity(): Promise<string | undefined> {
    const dir = this.options.appDir;
    this.integrity ??= dir
      ? computeAppIntegrity(dir).catch((e: unknown) => {
          this.options.log.error(`app integrity: cannot hash ${dir}: ${errorMessage(e)}`);
          return undefined;
        })
      : Promise.resolve(undefined);
    return this.integrity;
  }

  private async measureClock(): Promise<void> {
    const url = this.options.profile.clockReferenceUrl;
    if (!url && !this.options.readReferenceClock) return;
    try {
      const read = this.options.readReferenceClock;
      const skew = read
        ? await read().then((ref) => (ref === null ? null : (this.now().getTime() - ref) / 1000))
        : url
          ? await httpDateSkewSeconds(url, () => this.now().getTime())
          : null;
      this.skewSeconds = skew;
    } catch (e) {
      // Unreachable reference: the skew is "not checked" rather than an old value taken as current.
      this.skewSeconds = null;
      this.options.log.warn(`clock reference ${url ?? ''}: ${errorMessage(e)}`);
    }
  }

  /** One audit entry per change of verdict (start, and then only when it changes), so refused taps do not spam. */
  private async auditIfChanged(verdict: EnvironmentVerdict): Promise<void> {
    const key = `${verdict.trusted}:${verdict.reasons.join(',')}`;
    if (key === this.lastAudited || !this.options.audit) return;
    this.lastAudited = key;
    try {
      await this.options.audit({
        type: 'environment.checked',
        trusted: verdict.trusted,
        reasons: verdict.reasons,
      });
    } catch (e) {
      this.lastAudited = null;
      this.options.log.error(`environment audit: ${errorMessage(e)}`);
    }
  }
}
