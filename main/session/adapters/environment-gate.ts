// Gates the start of a session on the trusted-environment verdict. Every start — the kiosk screen's and the
// business-app API's — checks the environment first (cheap: main/records/environment-monitor.ts), so the check
// the session record keeps is the one made for that session. In block mode an untrusted verdict refuses the start
// with ENVIRONMENT_UNTRUSTED ("this terminal needs attention, please go to the counter"); the reason is for staff
// (health), not for the person.
import { HexinError } from '../../../common/errors';
import type { SessionView } from '../../../common/session';
import type { EnvironmentCheck } from '../../records/environment-monitor';
import type { StartOptions } from '../orchestrator';

export interface EnvironmentChecker {
  check(): Promise<EnvironmentCheck>;
  blocking(): boolean;
}

/** The part of the orchestrator a start goes through (SessionOrchestrator, or anything shaped like it). */
export interface Startable {
  start(raw: unknown, options?: StartOptions): Promise<SessionView>;
}

export class EnvironmentGate {
  constructor(private readonly environment: EnvironmentChecker) {}

  /** Checks the environment and throws ENVIRONMENT_UNTRUSTED when the kiosk must refuse sessions. */
  async admit(): Promise<EnvironmentCheck> {
    const check = await this.environment.check();
    if (this.environment.blocking()) {
      throw new HexinError(
        'ENVIRONMENT_UNTRUSTED',
        `this terminal is not in its registered environment (${check.verdict.reasons.join(', ')}); sessions are refused`,
        { reasons: check.verdict.reasons },
      );
    }
    return check;
  }

  /** `session` with its start gated; every other method is the session's own (bound, so `this` stays right). */
  guard<T extends Startable>(session: T): T {
    const start = async (raw: unknown, options?: StartOptions): Promise<SessionView> => {
      await this.admit();
      return session.start(raw, options);
    };
    return new Proxy(session, {
      get: (target, prop, receiver) => {
        if (prop === 'start') return start;
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}
