// An audit sink in memory: what the session uses until main/records' hash-chained log is wired in, and what tests
// read to check which events a session recorded. Bounded so a long-running kiosk cannot grow it without limit.
import type { AuditSink, SessionAuditEvent } from './ports';

export class MemoryAuditSink implements AuditSink {
  private readonly events: SessionAuditEvent[] = [];

  constructor(private readonly capacity = 10_000) {}

  append(event: SessionAuditEvent): void {
    this.events.push(structuredClone(event));
    if (this.events.length > this.capacity) this.events.shift();
  }

  all(): readonly SessionAuditEvent[] {
    return this.events;
  }

  types(sessionId?: string): string[] {
    return this.events.filter((e) => sessionId === undefined || e.sessionId === sessionId).map((e) => e.type);
  }
}
