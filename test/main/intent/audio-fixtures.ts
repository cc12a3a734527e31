// Test audio made at test time: Mandarin/English speech synthesised by espeak-ng and resampled by ffmpeg to the
// kiosk's format, plus silence and noise generated in code. Nothing is stored in the repo.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Language } from '../../../common/messages';
import { SAMPLE_RATE, type PcmAudio } from '../../../main/intent/pcm';

const VOICE: Record<Language, string> = { 'zh-CN': 'cmn', en: 'en-us' };

/** Speech of `text` at 16 kHz mono s16, via espeak-ng (WAV) then ffmpeg (resample, raw PCM). */
export function synthesise(text: string, language: Language, options: { speed?: number } = {}): PcmAudio {
  const dir = mkdtempSync(path.join(tmpdir(), 'hexin-intent-'));
  try {
    const wav = path.join(dir, 'speech.wav');
    const pcm = path.join(dir, 'speech.pcm');
    execFileSync('espeak-ng', ['-v', VOICE[language], '-s', String(options.speed ?? 150), '-w', wav, text]);
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-i',
      wav,
      '-ar',
      String(SAMPLE_RATE),
      '-ac',
      '1',
      '-f',
      's16le',
      pcm,
    ]);
    const bytes = readFileSync(pcm);
    return {
      sampleRate: SAMPLE_RATE,
      samples: new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function silence(ms: number): PcmAudio {
  return { sampleRate: SAMPLE_RATE, samples: new Int16Array(Math.round((ms * SAMPLE_RATE) / 1000)) };
}

/** Deterministic white noise (xorshift) at a given peak amplitude 0..1. */
export function noise(ms: number, amplitude = 0.3, seed = 1234567): PcmAudio {
  const samples = new Int16Array(Math.round((ms * SAMPLE_RATE) / 1000));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < samples.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    samples[i] = Math.round(((x / 0xffffffff) * 2 - 1) * amplitude * 32767);
  }
  return { sampleRate: SAMPLE_RATE, samples };
}

/** Audio laid end to end (e.g. silence + speech + silence, as a person pauses before and after reading). */
export function concat(...parts: PcmAudio[]): PcmAudio {
  const samples = new Int16Array(parts.reduce((n, p) => n + p.samples.length, 0));
  let o = 0;
  for (const p of parts) {
    samples.set(p.samples, o);
    o += p.samples.length;
  }
  return { sampleRate: SAMPLE_RATE, samples };
}

export function toBytes(audio: PcmAudio): Uint8Array {
  return new Uint8Array(audio.samples.buffer, audio.samples.byteOffset, audio.samples.byteLength);
}
