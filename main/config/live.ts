// The running config, changed while the kiosk runs (a config pushed by the fleet back office, applied at an idle
// moment). The services hold sections of the one config object the composition root built and read them when they
// use them, so a new config is applied by rewriting those objects in place: every holder sees the new values from
// its next use, nobody is rebuilt. What a consumer reads only once at start cannot change this way: such a change
// is stored for the next start and reported as pending a restart, and the running value stays (what runs is what
// the kiosk reports).
import { mergeConfig, parseConfig, readEnvOverride } from './load';
import type { AppConfig } from './schema';
import type { ConfigStore } from './store';

/**
 * The sections whose consumers read them at use, so they change live (each wired so in main/app.ts): the
 * orchestrator reads `session`, `guardian` and `lockout` from the config object it holds, the session flow its
 * timeouts from `session`, the lock-out tracker and the fleet link `lockout`, the liveness factory `liveness` per
 * session (and the signed result its liveness mode), the consent service `consent` (which agreement, its words),
 * the matcher `verify` per match, the intent service `intent`.
 */
export const LIVE_SECTIONS: readonly string[] = [
  'session',
  'guardian',
  'lockout',
  'liveness',
  'consent',
  'verify',
  'intent',
];

/** Paths inside live sections that are still read once at start, with why. */
export const RESTART_ONLY_PATHS: Readonly<Record<string, string>> = {
  'consent.extraAgreementDirs': 'the agreement catalogue is read from disk once, at start',
  'intent.recogniser': 'the speech recogniser is built once, at start',
  'intent.attempts': 'the intent step takes its attempt count at start',
};
const OTHER_SECTIONS_REASON =
  'read once at start (languages: the kiosk screen loads them once; devices, links and keys: opened at start)';

function restartOnlyPath(path: string): string | undefined {
  return Object.keys(RESTART_ONLY_PATHS).find((q) => path === q || path.startsWith(`${q}.`));
}

/** Why a change at `path` waits for the next start; undefined when it applies live. */
export function restartReason(path: string): string | undefined {
  if (!LIVE_SECTIONS.includes(path.split('.')[0]!)) return OTHER_SECTIONS_REASON;
  const p = restartOnlyPath(path);
  return p ? RESTART_ONLY_PATHS[p] : undefined;
}

/** Dotted paths of the leaves that differ between `a` and `b` (arrays compare whole). */
export function changedPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Rewrites `target` to hold `source`'s values, keeping every nested object both have (someone may hold it). */
function rewriteInPlace(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(target)) if (!(key in source)) delete target[key];
  for (const [key, value] of Object.entries(source)) {
    const held = target[key];
    if (isObject(held) && isObject(value)) rewriteInPlace(held, value);
    else target[key] = structuredClone(value);
  }
}

/** A validated change, ready to store and apply. */
export interface ConfigChange {
  /** The raw config to store: the stored config with the change merged in. */
  stored: unknown;
  /** The effective config (the environment override on top), validated. */
  next: AppConfig;
  /** Paths that change now. */
  live: string[];
  /** What changes only at the next start: a section, or a restart-only path. */
  pendingRestart: string[];
}

export class LiveConfig {
  constructor(
    /** The config object the services were built with (rewritten in place). */
    readonly running: AppConfig,
    private readonly store: ConfigStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Validates `patch` merged over the stored config; throws CONFIG_INVALID naming the fields when it is not. */
  prepare(patch: Record<string, unknown>, source: string): ConfigChange {
    const stored = mergeConfig(this.store.read(), patch);
    const override = readEnvOverride(this.env);
    const next = parseConfig(override ? mergeConfig(stored, override) : stored, source);
    const changed = changedPaths(this.running, next);
    const pending = changed
      .filter((p) => restartReason(p))
      .map((p) => restartOnlyPath(p) ?? p.split('.')[0]!);
    return {
      stored,
      next,
      live: changed.filter((p) => !restartReason(p)),
      pendingRestart: [...new Set(pending)],
    };
  }

  /**
   * What the stored config changes that the running kiosk has not taken (it waits for a restart): empty after a
   * start, so the kiosk's report of it stays true across restarts.
   */
  pendingRestart(): string[] {
    try {
      return this.prepare({}, 'stored config').pendingRestart;
    } catch {
      return []; // an invalid stored config is refused at the next start, and reported then
    }
  }

  /** Stores the change and applies its live part. Only when no session runs: none may see its rules change. */
  apply(change: ConfigChange): void {
    this.store.write(change.stored);
    const running = this.running as unknown as Record<string, unknown>;
    const next = structuredClone(change.next) as unknown as Record<string, unknown>;
    for (const section of Object.keys(running))
      if (!LIVE_SECTIONS.includes(section)) next[section] = structuredClone(running[section]);
    for (const p of Object.keys(RESTART_ONLY_PATHS)) {
      const [section, key] = p.split('.') as [string, string];
      (next[section] as Record<string, unknown>)[key] = structuredClone(
        (running[section] as Record<string, unknown>)[key],
      );
    }
    rewriteInPlace(running, next);
  }
}
