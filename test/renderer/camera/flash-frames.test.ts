// Frames carry the paint log as of their grab, and nothing when no plan runs.
import { describe, expect, it } from 'vitest';
import type { FlashReport } from '../../../common/flash';
import type { FrameCommand } from '../../../common/session';
import { withFlashReport } from '../../../renderer/src/camera/flash-frames';

const frame = (t: number): FrameCommand => ({
  width: 16,
  height: 16,
  channels: 4,
  data: new Uint8Array(16 * 16 * 4),
  timestampMs: t,
});

describe('withFlashReport', () => {
  it('adds the log as it was at the grab, and leaves frames alone without a plan', () => {
    let report: FlashReport | null = null;
    let t = 0;
    const source = withFlashReport({ grab: () => frame(++t) }, () => report);
    expect(source.grab()).not.toHaveProperty('flash');
    const painted = [0.5];
    report = { planId: 'p', gentle: false, painted };
    const f = source.grab();
    expect(f?.flash).toEqual({ planId: 'p', gentle: false, painted: [0.5] });
    expect(withFlashReport({ grab: () => null }, () => report).grab()).toBeNull();
  });
});
