// The accessibility section (elderly mode): defaults that meet 适老化 (text ≥ 1.5×, offered from 65), bounds that
// refuse a scale that is no larger text or a timeout factor that would overflow timers, and no unknown keys.
import { describe, expect, it } from 'vitest';
import { appConfigSchema } from '../../../main/config/schema';

const parse = (elderly: Record<string, unknown>) => appConfigSchema.safeParse({ accessibility: { elderly } });

describe('accessibility.elderly config', () => {
  it('defaults to an offered mode with 1.5× text from age 65', () => {
    const c = appConfigSchema.parse({}).accessibility.elderly;
    expect(c).toMatchObject({ enabled: true, offerAtAge: 65, textScale: 1.5, livenessChallenges: 1 });
    expect(c.timeoutFactor).toBeGreaterThan(1);
  });

  it.each([
    [{ textScale: 1.2 }],
    [{ textScale: 10 }],
    [{ offerAtAge: 30 }],
    [{ timeoutFactor: 1e9 }],
    [{ livenessChallenges: 0 }],
    [{ livenessWindowFactor: Number.POSITIVE_INFINITY }],
    [{ textScal: 2 }],
  ])('refuses %j', (elderly) => {
    expect(parse(elderly).success).toBe(false);
  });
});
