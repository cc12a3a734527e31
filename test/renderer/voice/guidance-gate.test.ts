// The debounce rule for spoken guidance, walked on a made-up clock.
import { describe, expect, it } from 'vitest';
import { GuidanceGate } from '../../../renderer/src/voice/guidance-gate';

const times = { settleMs: 800, gapMs: 1_500, repeatMs: 8_000 };

describe('GuidanceGate', () => {
  it('speaks a guidance only once it has held for the settle time', () => {
    const g = new GuidanceGate(times);
    g.observe('guide-move-closer', 0);
    expect(g.due(799, false)).toBeNull();
    expect(g.due(800, false)).toBe('guide-move-closer');
  });

  it('a code that flickers past is never spoken; the settle time restarts with each new code', () => {
    const g = new GuidanceGate(times);
    g.observe('guide-move-closer', 0);
    g.observe('guide-move-back', 500);
    expect(g.due(900, false)).toBeNull();
    g.observe('guide-move-closer', 1_000);
    expect(g.due(1_700, false)).toBeNull();
    expect(g.due(1_800, false)).toBe('guide-move-closer');
  });

  it('waits while a prompt plays and for the gap after the last one ended', () => {
    const g = new GuidanceGate(times);
    g.observe('guide-no-face', 0);
    expect(g.due(1_000, true)).toBeNull();
    g.ended(2_000);
    expect(g.due(3_499, false)).toBeNull();
    expect(g.due(3_500, false)).toBe('guide-no-face');
  });

  it('does not repeat the same guidance within the repeat time; another one may come after the gap', () => {
    const g = new GuidanceGate(times);
    g.observe('guide-no-face', 0);
    expect(g.due(1_000, false)).toBe('guide-no-face');
    g.ended(2_000);
    expect(g.due(5_000, false)).toBeNull();
    expect(g.due(8_999, false)).toBeNull();
    expect(g.due(9_000, false)).toBe('guide-no-face');
    g.ended(10_000);
    g.observe('guide-hold-still', 10_000);
    expect(g.due(11_500, false)).toBe('guide-hold-still');
  });

  it('nothing on screen, nothing said; reset forgets what was said', () => {
    const g = new GuidanceGate(times);
    g.observe(null, 0);
    expect(g.due(10_000, false)).toBeNull();
    g.observe('guide-ok', 0);
    expect(g.due(1_000, false)).toBe('guide-ok');
    g.reset();
    g.observe('guide-ok', 2_000);
    expect(g.due(2_800, false)).toBe('guide-ok');
  });

  it('slower in elderly mode: the times are the ones set last', () => {
    const g = new GuidanceGate(times);
    g.setTimes({ settleMs: 1_600, gapMs: 3_000, repeatMs: 16_000 });
    g.observe('guide-no-face', 0);
    expect(g.due(1_599, false)).toBeNull();
    expect(g.due(1_600, false)).toBe('guide-no-face');
  });
});
