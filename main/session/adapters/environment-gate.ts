// Gates the start of a session on the trusted-environment verdict. Every start — the kiosk screen's and the
// business-app API's — checks the environment first (cheap: main/records/environment-monitor.ts), so the check
// the session record keeps is the one made for that session. In block mode an untrusted verdict refuses the start
// with ENVIRONMENT_UNTRUSTED ("this terminal needs attention, please go to the counter"); the reason is for staff
// (health), not for the person.
import { HexinError } from '../../../common/errors';
import type { EnvironmentCheck } from '../../records/environment-monitor';
import type { SessionAdmission } from '../ports';

export interface EnvironmentChecker {
  check(): Promise<EnvironmentCheck>;
  blocking(): boolean;
}

/** The session's admission port: the orchestrator asks it once at every start, whoever started the session. */
export class EnvironmentGate implements SessionAdmission {
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
}
