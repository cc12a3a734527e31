// The renderer's colour-flash player on a fake clock: explanation first, each colour at least its duration
// whatever the animation frames do (photosensitivity), gentle mode only before the first colour, and the paint
// log it reports is one main's check accepts.
import { describe, expect, it } from 'vitest';
import { FLASH_MIN_COLOUR_MS, flashReportSchema } from '../../../common/flash';
import { PaintLog } from '../../../main/liveness/flash-timing';
import { FlashPlayer, type FlashPaint } from '../../../renderer/src/session/flash-player';
import { flashPlanFixture } from '../../fixtures/flash-plan';

const PLAN = flashPlanFixture({
  planId: 'abc',
  colours: [
    [255, 0, 0],
    [0, 255, 255],
    [255, 255, 0],
    [0, 0, 255],
  ],
});

function play(tickMs: number, gentle = false, jitter = 0): { paints: FlashPaint[]; player: FlashPlayer } {
  const paints: FlashPaint[] = [];
  const player = new FlashPlayer(PLAN, 100, (p) => paints.push(p));
  if (gentle) expect(player.setGentle(true)).toBe(true);
  let seed = 7;
  for (let t = 100; t < 100 + 4000 + 6000;) {
    player.tick(t);
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    t += tickMs + (seed / 2 ** 31) * jitter;
  }
  return { paints, player };
}

describe('FlashPlayer', () => {
  it('shows the explanation for introMs, then every colour in order, then the normal screen', () => {
    const { paints, player } = play(1000 / 60);
    expect(paints.map((p) => p.rgb)).toEqual([...PLAN.colours, null]);
    expect(paints.every((p) => p.fadeMs === 0)).toBe(true);
    const log = player.report().painted;
    expect(log[0]).toBeGreaterThanOrEqual(100 + PLAN.introMs);
    expect(player.phase).toBe('done');
  });

  it('never shows a colour shorter than its duration, even with irregular animation frames', () => {
    for (const [tick, jitter] of [
      [1000 / 60, 0],
      [1000 / 30, 40],
      [7, 200],
    ] as const) {
      const log = play(tick, false, jitter).player.report().painted;
      for (let i = 1; i < log.length; i++) {
        expect((log[i] as number) - (log[i - 1] as number)).toBeGreaterThanOrEqual(PLAN.colourMs);
        expect((log[i] as number) - (log[i - 1] as number)).toBeGreaterThanOrEqual(FLASH_MIN_COLOUR_MS);
      }
    }
  });

  it('gentle mode: longer colours that fade in; chosen only before the first colour', () => {
    const { paints, player } = play(1000 / 60, true);
    expect(paints.slice(0, -1).every((p) => p.fadeMs === PLAN.fadeMs)).toBe(true);
    const log = player.report().painted;
    for (let i = 1; i < log.length; i++)
      expect((log[i] as number) - (log[i - 1] as number)).toBeGreaterThanOrEqual(1000);
    expect(player.setGentle(false)).toBe(false);
    expect(player.gentle).toBe(true);
  });

  it('counts the explanation down and reports a copy of its log in the contract’s shape', () => {
    const player = new FlashPlayer(PLAN, 100, () => {});
    expect(player.introRemainingMs(1100)).toBe(3000);
    player.tick(4100);
    const r = player.report();
    player.tick(4600);
    expect(r.painted).toEqual([4100]);
    expect(flashReportSchema.parse(player.report())).toEqual({
      planId: 'abc',
      gentle: false,
      painted: [4100, 4600],
    });
    expect(player.phase).toBe('playing');
  });

  it('what it reports is accepted by main’s timing check, frame after frame', () => {
    const log = new PaintLog(PLAN, 90, { paintSlackMs: 250, startGraceMs: 3000 });
    const player = new FlashPlayer(PLAN, 100, () => {});
    for (let t = 100; t < 8000; t += 1000 / 60) {
      player.tick(t);
      if (Math.round(t) % 125 < 17) expect(log.update(player.report(), t + 1)).toBeNull();
    }
    expect(log.complete).toBe(true);
  });
});
