// The read-aloud recorder's pure parts: 16 kHz downsampling, float → s16le bytes, the meter, and when a recording ends.
import { describe, expect, it } from 'vitest';
import {
  Downsampler,
  EndRule,
  meterLevel,
  rms,
  toInt16,
  toLittleEndianBytes,
} from '../../../renderer/src/intent/pcm';

describe('Downsampler', () => {
  it('passes 16 kHz through and makes 16 kHz of 48 kHz and 44.1 kHz across chunk borders', () => {
    expect(Array.from(new Downsampler(16_000).push(Float32Array.of(0.1, 0.2)))).toEqual([
      Float32Array.of(0.1)[0],
      Float32Array.of(0.2)[0],
    ]);
    for (const rate of [48_000, 44_100]) {
      const d = new Downsampler(rate);
      let n = 0;
      // One second in uneven chunks, a constant level: the output keeps the level and has ~16 000 samples.
      for (let done = 0; done < rate;) {
        const size = Math.min(rate - done, 1000 + (done % 7) * 13);
        const out = d.push(new Float32Array(size).fill(0.5));
        for (const v of out) expect(v).toBeCloseTo(0.5, 6);
        n += out.length;
        done += size;
      }
      expect(Math.abs(n - 16_000)).toBeLessThanOrEqual(1);
    }
  });

  it('averages away a tone above the 8 kHz limit instead of folding it back', () => {
    const d = new Downsampler(48_000);
    const tone = Float32Array.from({ length: 4800 }, (_, i) => (i % 2 === 0 ? 0.5 : -0.5)); // 24 kHz
    expect(rms(d.push(tone))).toBeLessThan(0.2);
  });

  it('refuses a source below 16 kHz', () => {
    expect(() => new Downsampler(8000)).toThrow(/16000/);
  });
});

describe('PCM bytes', () => {
  it('clamps, rounds, and writes little-endian', () => {
    const out = new Int16Array(4);
    expect(toInt16(Float32Array.of(-2, -1, 0.5, 2), out, 0)).toBe(4);
    expect(Array.from(out)).toEqual([-32768, -32768, 16384, 32767]);
    const bytes = toLittleEndianBytes(Int16Array.of(1, -2), 2);
    expect(Array.from(bytes)).toEqual([1, 0, 0xfe, 0xff]);
    // Never more than the buffer holds.
    expect(toInt16(new Float32Array(10), new Int16Array(4), 2)).toBe(2);
  });

  it('meters -60 dBFS as empty and full scale as full', () => {
    expect(meterLevel(0)).toBe(0);
    expect(meterLevel(0.001)).toBeCloseTo(0, 5);
    expect(meterLevel(1)).toBe(1);
    expect(meterLevel(0.1)).toBeCloseTo(2 / 3, 5);
  });
});

describe('EndRule', () => {
  const run = (rule: EndRule, chunks: Array<[number, number]>) => {
    let last = 'continue';
    let t = 0;
    for (const [level, ms] of chunks) {
      for (let i = 0; i < ms; i += 100) {
        t += 100;
        last = rule.push(level, 100);
        if (last !== 'continue') return { last, t };
      }
    }
    return { last, t };
  };

  it('ends 1.5 s after the person stops speaking', () => {
    const r = run(new EndRule({ minMs: 1000, maxMs: 15_000 }), [
      [0.001, 800],
      [0.1, 4000],
      [0.001, 5000],
    ]);
    expect(r).toEqual({ last: 'done', t: 800 + 4000 + 1500 });
  });

  it('keeps listening through short pauses, and stops at the longest length', () => {
    const r = run(new EndRule({ minMs: 1000, maxMs: 6000 }), [
      [0.1, 2000],
      [0.001, 1000],
      [0.1, 5000],
    ]);
    expect(r).toEqual({ last: 'max', t: 6000 });
  });

  it('gives up when nothing is heard, and never before the shortest length', () => {
    expect(run(new EndRule({ minMs: 1000, maxMs: 15_000 }), [[0, 10_000]])).toEqual({
      last: 'no-voice',
      t: 6000,
    });
    const early = new EndRule({ minMs: 3000, maxMs: 15_000, endSilenceMs: 500, minVoiceMs: 200 });
    expect(
      run(early, [
        [0.1, 500],
        [0, 1000],
      ]).last,
    ).toBe('continue');
  });
});
