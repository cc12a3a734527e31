// The colour-flash contract's bounds: what the screen may be told to show (never faster than three changes a
// second — WCAG 2.3.1), what a frame may carry back, and the liveness config refusing the same limits at start-up.
import { describe, expect, it } from 'vitest';
import { FLASH_MIN_COLOUR_MS, flashPlanSchema, flashReportSchema } from '../../common/flash';
import { livenessViewSchema, frameCommandSchema } from '../../common/session';
import { parseLivenessConfig } from '../../main/liveness/config';
import { flashPlanFixture } from '../fixtures/flash-plan';

const plan = flashPlanFixture({ introMs: 6000 });

describe('flash plan and report', () => {
  it('no colour shorter than a third of a second, in the plan or in the config', () => {
    expect(FLASH_MIN_COLOUR_MS * 3).toBeGreaterThan(1000);
    expect(flashPlanSchema.safeParse(plan).success).toBe(true);
    expect(flashPlanSchema.safeParse({ ...plan, colourMs: FLASH_MIN_COLOUR_MS - 1 }).success).toBe(false);
    expect(flashPlanSchema.safeParse({ ...plan, gentleColourMs: 350 }).success).toBe(false);
    expect(flashPlanSchema.safeParse({ ...plan, fadeMs: 600 }).success).toBe(false);
    expect(() => parseLivenessConfig({ reflect: { colourMs: 300 } })).toThrow(/LIVENESS_CONFIG|colourMs/);
    expect(() => parseLivenessConfig({ reflect: { colourMs: 1200 } })).toThrow(/gentleColourMs/);
    const defaults = parseLivenessConfig({}).reflect;
    expect(defaults.enabled).toBe(false);
    expect(defaults.colourMs).toBeGreaterThanOrEqual(FLASH_MIN_COLOUR_MS);
  });

  it('bounds colours, channels and the paint log', () => {
    expect(flashPlanSchema.safeParse({ ...plan, colours: [[256, 0, 0], ...plan.colours] }).success).toBe(
      false,
    );
    expect(flashPlanSchema.safeParse({ ...plan, colours: Array(17).fill([255, 0, 0]) }).success).toBe(false);
    expect(flashReportSchema.safeParse({ planId: 'p', gentle: false, painted: [1, 2] }).success).toBe(true);
    expect(
      flashReportSchema.safeParse({ planId: 'p', gentle: false, painted: Array(18).fill(1) }).success,
    ).toBe(false);
    expect(flashReportSchema.safeParse({ planId: 'p', gentle: false, painted: [Number.NaN] }).success).toBe(
      false,
    );
    expect(flashReportSchema.safeParse({ planId: 'p', gentle: false, painted: [-1] }).success).toBe(false);
  });

  it('rides in the liveness view and on frames, optional both ways', () => {
    const view = { prompt: 'liveness.reflect', progress: 0.5, flash: plan };
    expect(livenessViewSchema.parse(view).flash?.planId).toBe(plan.planId);
    expect(livenessViewSchema.safeParse({ ...view, flash: { ...plan, extra: 1 } }).success).toBe(false);
    const frame = { width: 16, height: 16, channels: 3, data: new Uint8Array(16 * 16 * 3), timestampMs: 5 };
    expect(frameCommandSchema.safeParse(frame).success).toBe(true);
    expect(
      frameCommandSchema.safeParse({ ...frame, flash: { planId: 'p', gentle: true, painted: [1] } }).success,
    ).toBe(true);
    expect(
      frameCommandSchema.safeParse({ ...frame, flash: { planId: '', gentle: true, painted: [] } }).success,
    ).toBe(false);
  });
});
