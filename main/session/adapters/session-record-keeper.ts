// Keeps what a verification leaves behind in the encrypted records, so data-subject requests can find it: the
// keyed-hash link from a session to the person on the card (RecordsService.linkSubject), every decision (pass or
// fail, reason, score, threshold, attempts — never images or embeddings; RecordsService.saveResult), and the device
// environment checked for the session with its trusted-environment verdict (RecordsService.recordEnvironment).
// It learns all of it from the session's typed events (main/session/events.ts).
import type { EnvironmentCheck } from '../../records/environment-monitor';
import type { RecordsService } from '../../records/service';
import type { Logger } from '../../util/log';
import type { SessionEvent, SessionEventSource } from '../events';
import { errorMessage } from '../../../common/errors';

type Kept = Pick<RecordsService, 'linkSubject' | 'saveResult'> &
  Partial<Pick<RecordsService, 'recordEnvironment'>>;

export class SessionRecordKeeper {
  constructor(
    private readonly records: Kept,
    private readonly log: Pick<Logger, 'error'>,
    /** The environment check made for the session being started (the admission check runs it just before). */
    private readonly environment: () => EnvironmentCheck | null = () => null,
  ) {}

  /** Keeps what `source`'s sessions leave behind from now on; returns the unsubscribe function. */
  attach(source: SessionEventSource): () => void {
    return source.onEvent((event) => this.keep(event));
  }

  /** Writes what `event` leaves behind. A failure is logged, never thrown at the session. */
  async keep(event: SessionEvent): Promise<void> {
    try {
      switch (event.type) {
        case 'started': {
          const check = this.environment();
          if (check && this.records.recordEnvironment)
            await this.records.recordEnvironment(event.sessionId, check.environment, check.verdict);
          return;
        }
        case 'cardAccepted':
          await this.records.linkSubject(event.sessionId, event.idNumber);
          return;
        case 'decided':
          await this.records.saveResult({
            sessionId: event.sessionId,
            decision: event.outcome,
            ...(event.score !== null && event.threshold !== null
              ? { score: event.score, threshold: event.threshold }
              : {}),
            attempts: event.attempts,
            reason: event.reason,
          });
          return;
        case 'ended':
          return;
      }
    } catch (e) {
      // A lost link or result must not break the person's session; the audit log still has what happened.
      this.log.error(`session records for ${event.sessionId}: ${errorMessage(e)}`);
    }
  }
}
