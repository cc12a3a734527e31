// The call-staff button's request in health: recorded with its step and time, told to listeners, cleared on demand.
import { describe, expect, it } from 'vitest';
import { HealthService } from '../../../main/health/health-service';

describe('HealthService assistance', () => {
  it('records a call for staff and clears it', () => {
    const h = new HealthService(() => new Date('2026-12-02T00:00:00Z'));
    const seen: unknown[] = [];
    h.onChange((s) => seen.push(s.assistance));
    expect(h.get().assistance).toBeNull();
    h.requestAssistance('card');
    expect(h.get().assistance).toEqual({ requestedAt: '2026-12-02T00:00:00.000Z', step: 'card' });
    h.clearAssistance();
    expect(h.get().assistance).toBeNull();
    expect(seen).toEqual([{ requestedAt: '2026-12-02T00:00:00.000Z', step: 'card' }, null]);
  });
});
