// Main's check of the screen's paint log (main/liveness/flash-timing.ts), on hand-made logs: what a screen
// keeping to the plan reports passes, every way of breaking the plan is named.
import { describe, expect, it } from 'vitest';
import { idealPaintLog, PaintLog } from '../../../main/liveness/flash-timing';
import { flashPlanFixture } from '../../fixtures/flash-plan';

const PLAN = flashPlanFixture();
const OPTS = { paintSlackMs: 250, startGraceMs: 3000 };
const ISSUED = 1000;
const START = ISSUED + PLAN.introMs + 100;

const report = (painted: number[], gentle = false) => ({ planId: 'p1', gentle, painted });

describe('PaintLog', () => {
  it('a screen keeping to the plan (60 Hz ticks) passes frame by frame and completes', () => {
    const log = new PaintLog(PLAN, ISSUED, OPTS);
    for (let t = ISSUED; t < START + 2000; t += 125) {
      expect(log.update(report(idealPaintLog(PLAN, START, t, { frameMs: 1000 / 60 })), t)).toBeNull();
    }
    expect(log.complete).toBe(true);
    expect(log.times).toHaveLength(4);
    expect(log.endMs).toBe(log.times[3]);
  });

  it('gentle mode is judged on the gentle duration and cannot change after the first colour', () => {
    const log = new PaintLog(PLAN, ISSUED, OPTS);
    const gentle = idealPaintLog(PLAN, START, START + 5000, { gentle: true });
    expect(log.update(report(gentle.slice(0, 2), true), START + 1100)).toBeNull();
    expect(log.colourMs).toBe(1000);
    expect(log.update(report(gentle.slice(0, 3), false), START + 2100)).toMatch(/gentle mode changed/);
    // A normal-mode duration in gentle mode is too short.
    const other = new PaintLog(PLAN, ISSUED, OPTS);
    expect(other.update(report([START, START + 400], true), START + 500)).toMatch(/shorter than 1000 ms/);
  });

  it('names a screen that never starts, and one that stalls on a colour', () => {
    const never = new PaintLog(PLAN, ISSUED, OPTS);
    expect(never.update(undefined, ISSUED + 4000 + 3000)).toBeNull();
    expect(never.update(undefined, ISSUED + 4000 + 3001)).toMatch(/no colour painted/);
    const stalled = new PaintLog(PLAN, ISSUED, OPTS);
    expect(stalled.update(report([START]), START + 600)).toBeNull();
    expect(stalled.update(report([START]), START + 651)).toMatch(/still on screen/);
  });

  it('refuses too long a colour, too many entries, and ignores a report for another plan', () => {
    expect(new PaintLog(PLAN, ISSUED, OPTS).update(report([START, START + 700]), START + 800)).toMatch(
      /longer than/,
    );
    const five = [0, 1, 2, 3, 4].map((i) => START + i * 400);
    expect(new PaintLog(PLAN, ISSUED, OPTS).update(report(five), START + 2000)).toMatch(
      /5 entries for 3 colours/,
    );
    const log = new PaintLog(PLAN, ISSUED, OPTS);
    expect(log.update({ planId: 'old', gentle: false, painted: [1, 2] }, ISSUED + 10)).toBeNull();
    expect(log.times).toEqual([]);
  });

  it('refuses a log that shrinks', () => {
    const log = new PaintLog(PLAN, ISSUED, OPTS);
    expect(log.update(report([START, START + 400]), START + 450)).toBeNull();
    expect(log.update(report([START]), START + 500)).toMatch(/shrank/);
  });
});
