import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildResponse, MAX_FRAME_LENGTH } from '../../../../main/devices/idcard/frame';
import { FrameReceiver } from '../../../../main/devices/idcard/receiver';

const frameArb = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 1400 }))
  .map(([sw3, data]) => buildResponse(sw3, data));

/** Cuts `bytes` at the given sorted positions. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Junk that cannot contain a preamble start (no 0xAA), like HID zero padding or line noise. */
const junkArb = fc.uint8Array({ maxLength: 80 }).map((a) => a.map((b) => (b === 0xaa ? 0x00 : b)));

describe('FrameReceiver', () => {
  it('every split of a sequence of valid frames with junk between them yields exactly those frames', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(junkArb, frameArb), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (pairs, cuts) => {
          const stream = concat(pairs.flatMap(([junk, frame]) => [junk, frame]));
          const rx = new FrameReceiver();
          const got = split(stream, cuts).flatMap((chunk) => rx.push(chunk));
          expect(got.map((f) => Array.from(f))).toEqual(pairs.map(([, f]) => Array.from(f)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('splits a 1295-byte reply into 64-byte HID reports with zero padding and reassembles it', () => {
    const frame = buildResponse(
      0x90,
      new Uint8Array(1284).map((_, i) => i & 0xff),
    );
    expect(frame.length).toBe(1295);
    const rx = new FrameReceiver();
    const reports: Uint8Array[] = [];
    for (let o = 0; o < frame.length; o += 64) {
      const r = new Uint8Array(64);
      r.set(frame.subarray(o, o + 64));
      reports.push(r);
    }
    expect(reports.length).toBe(21);
    const got = reports.flatMap((r) => rx.push(r));
    expect(got).toHaveLength(1);
    expect(Array.from(got[0]!)).toEqual(Array.from(frame));
    expect(rx.buffered).toBe(0);
  });

  it('resynchronises after a corrupted frame and after a stray byte inside the preamble', () => {
    const good = buildResponse(0x9f, new Uint8Array(4));
    const bad = buildResponse(0x90, new Uint8Array([1, 2, 3]));
    bad[bad.length - 1] ^= 0xff;
    const stray = new Uint8Array([0xaa, 0x00]);
    const rx = new FrameReceiver();
    const got = rx.push(concat([bad, stray, good]));
    expect(got.map((f) => Array.from(f))).toEqual([Array.from(good)]);
    expect(rx.getStats().badChecksums).toBe(1);
  });

  it('recovers when a frame is cut short (unplug mid-frame) and a fresh frame follows', () => {
    const long = buildResponse(0x90, new Uint8Array(1284));
    const good = buildResponse(0x80);
    const rx = new FrameReceiver();
    expect(rx.push(long.subarray(0, 300))).toEqual([]);
    // The receiver is still waiting for the long frame: the good frame's bytes go into it until the declared
    // length is reached, the checksum fails, and it rescans from the next preamble.
    const got = [...rx.push(good), ...rx.push(new Uint8Array(1000)), ...rx.push(good)];
    expect(got.map((f) => Array.from(f))).toContainEqual(Array.from(good));
  });

  it('rejects impossible declared lengths instead of waiting for them', () => {
    const rx = new FrameReceiver();
    const huge = new Uint8Array([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff]);
    const good = buildResponse(0x90);
    expect(rx.push(concat([huge, good])).map((f) => Array.from(f))).toEqual([Array.from(good)]);
    expect(rx.getStats().badLengths).toBe(1);
  });

  it('random bytes never throw, and the buffer never exceeds the maximum frame length', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 9000 }), { maxLength: 8 }), (chunks) => {
        const rx = new FrameReceiver();
        for (const c of chunks) {
          for (const f of rx.push(c)) expect(f.length).toBeLessThanOrEqual(MAX_FRAME_LENGTH);
          expect(rx.buffered).toBeLessThanOrEqual(MAX_FRAME_LENGTH);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes rich in preamble bytes never throw or grow the buffer', () => {
    const preambleHeavy = fc.array(fc.constantFrom(0xaa, 0x96, 0x69, 0x00, 0x05, 0x08, 0x90, 0xff), {
      maxLength: 12000,
    });
    fc.assert(
      fc.property(preambleHeavy, fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
        const rx = new FrameReceiver();
        for (const c of split(Uint8Array.from(bytes), cuts)) {
          rx.push(c);
          expect(rx.buffered).toBeLessThanOrEqual(MAX_FRAME_LENGTH);
        }
      }),
      { numRuns: 200 },
    );
  });
});
