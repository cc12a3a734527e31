// The retention sweeper: deletes each record type once it is older than its configured retention, and drops
// audit entries past theirs (at a signed boundary). Runs on start and then periodically; `hexin records purge`
// runs one sweep.
import type { RecordsService } from './service';
import { RECORD_TYPES, type RecordType } from './store';

const DAY_MS = 86_400_000;

export interface SweepReport {
  /** Records deleted per type. */
  counts: Record<RecordType, number>;
  auditEntriesDropped: number;
}

export class RetentionSweeper {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<SweepReport> | undefined;

  constructor(private readonly records: RecordsService) {}

  /** One sweep; concurrent calls share the sweep already running. */
  sweep(): Promise<SweepReport> {
    this.running ??= this.doSweep().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async doSweep(): Promise<SweepReport> {
    const now = this.records.now().getTime();
    const days = this.records.config.retentionDays;
    const counts = Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as Record<RecordType, number>;
    const { removed } = await this.records.store.rewrite(
      (r) => now - Date.parse(r.time) < days[r.type] * DAY_MS,
    );
    for (const r of removed) counts[r.type] += 1;
    const auditEntriesDropped = await this.records.audit.purgeBefore(new Date(now - days.audit * DAY_MS));
    await this.records.log({ type: 'records.purged', counts, auditEntriesDropped });
    return { counts, auditEntriesDropped };
  }

  /** Sweeps now and every `sweepIntervalMinutes`; the timer does not keep the process alive. */
  start(onError: (e: unknown) => void = () => undefined): Promise<SweepReport> {
    this.stop();
    this.timer = setInterval(() => {
      this.sweep().catch(onError);
    }, this.records.config.sweepIntervalMinutes * 60_000);
    this.timer.unref();
    return this.sweep();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
