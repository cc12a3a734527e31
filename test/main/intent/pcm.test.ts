import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeWav,
  encodeWav,
  pcmFromBytes,
  SAMPLE_RATE,
  toFloat32,
  wipe,
  type PcmAudio,
} from '../../../main/intent/pcm';

const bounds = { minAudioMs: 100, maxAudioMs: 2_000 };
const audioOf = (samples: number[]): PcmAudio => ({
  sampleRate: SAMPLE_RATE,
  samples: Int16Array.from(samples),
});

describe('PCM from the renderer', () => {
  it('reads little-endian samples, also from an unaligned view', () => {
    const raw = new Uint8Array(1 + 3200 * 2);
    const view = new DataView(raw.buffer);
    view.setInt16(1, -2, true);
    view.setInt16(3, 300, true);
    const a = pcmFromBytes(raw.subarray(1), bounds);
    expect(a.samples.length).toBe(3200);
    expect([a.samples[0], a.samples[1]]).toEqual([-2, 300]);
  });

  it('rejects odd lengths, too short and too long recordings with their codes', () => {
    expect(() => pcmFromBytes(new Uint8Array(3201), bounds)).toThrow(
      expect.objectContaining({ code: 'INTENT_AUDIO_INVALID' }),
    );
    expect(() => pcmFromBytes(new Uint8Array(3000), bounds)).toThrow(
      expect.objectContaining({ code: 'INTENT_AUDIO_TOO_SHORT' }),
    );
    expect(() => pcmFromBytes(new Uint8Array(2 * 16_000 * 3), bounds)).toThrow(
      expect.objectContaining({ code: 'INTENT_AUDIO_TOO_LONG' }),
    );
  });

  it('copies the bytes, so the caller may wipe its buffer', () => {
    const raw = new Uint8Array(3200).fill(7);
    const a = pcmFromBytes(raw, bounds);
    raw.fill(0);
    expect(a.samples[0]).toBe(0x0707);
    wipe(a);
    expect(a.samples.every((s) => s === 0)).toBe(true);
  });

  it('scales to -1..1 floats', () => {
    expect(Array.from(toFloat32(audioOf([-32768, 0, 16384])))).toEqual([-1, 0, 0.5]);
  });
});

describe('WAV', () => {
  it('round-trips any samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1600, maxLength: 4000 }),
        (s) => {
          const back = decodeWav(encodeWav(audioOf(s)), bounds);
          expect(Array.from(back.samples)).toEqual(s);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('skips extra chunks before the data', () => {
    const wav = encodeWav(audioOf(new Array(1600).fill(5)));
    const list = new Uint8Array([...'LIST'].map((c) => c.charCodeAt(0)).concat([3, 0, 0, 0, 1, 2, 3, 0]));
    const withList = new Uint8Array(wav.length + list.length);
    withList.set(wav.subarray(0, 36));
    withList.set(list, 36);
    withList.set(wav.subarray(36), 36 + list.length);
    expect(decodeWav(withList, bounds).samples.length).toBe(1600);
  });

  it('rejects other formats with the reason', () => {
    const wav = encodeWav(audioOf(new Array(1600).fill(0)));
    const stereo = wav.slice();
    new DataView(stereo.buffer).setUint16(22, 2, true);
    expect(() => decodeWav(stereo, bounds)).toThrow(/mono/);
    const rate = wav.slice();
    new DataView(rate.buffer).setUint32(24, 44_100, true);
    expect(() => decodeWav(rate, bounds)).toThrow(/44100 Hz/);
    expect(() => decodeWav(new TextEncoder().encode('not a wav file at all'), bounds)).toThrow(
      expect.objectContaining({ code: 'INTENT_AUDIO_INVALID' }),
    );
  });

  it('never throws anything but a HexinError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const withHeader = new Uint8Array(bytes.length + 12);
        withHeader.set(new TextEncoder().encode('RIFF\0\0\0\0WAVE'));
        withHeader.set(bytes, 12);
        for (const b of [bytes, withHeader]) {
          try {
            decodeWav(b, { minAudioMs: 0, maxAudioMs: 2000 });
          } catch (e) {
            expect(e).toMatchObject({ name: 'HexinError' });
          }
        }
      }),
    );
  });
});
