// The one audio format the intent step accepts: 16 kHz mono signed 16-bit little-endian PCM, as the renderer
// records it. Validates bytes from outside (length, bounds), and reads / writes the minimal WAV container the
// remote recogniser and the CLI use.
import { HexinError } from '../../common/errors';

export const SAMPLE_RATE = 16_000;
const BYTES_PER_SAMPLE = 2;

export interface PcmAudio {
  sampleRate: typeof SAMPLE_RATE;
  /** Mono samples, -32768..32767. */
  samples: Int16Array;
}

export interface AudioBounds {
  minAudioMs: number;
  maxAudioMs: number;
}

export const durationMs = (audio: PcmAudio): number => (audio.samples.length * 1000) / audio.sampleRate;

function checkBounds(sampleCount: number, bounds: AudioBounds): void {
  const ms = (sampleCount * 1000) / SAMPLE_RATE;
  if (ms < bounds.minAudioMs) {
    throw new HexinError(
      'INTENT_AUDIO_TOO_SHORT',
      `audio is ${ms.toFixed(0)} ms, below ${bounds.minAudioMs} ms`,
    );
  }
  if (ms > bounds.maxAudioMs) {
    throw new HexinError(
      'INTENT_AUDIO_TOO_LONG',
      `audio is ${ms.toFixed(0)} ms, above ${bounds.maxAudioMs} ms`,
    );
  }
}

/**
 * Raw PCM bytes from the renderer → samples. Copies (never aliases) the bytes so the caller may wipe its buffer,
 * and so the samples are aligned whatever the input's byteOffset.
 */
export function pcmFromBytes(bytes: Uint8Array, bounds: AudioBounds): PcmAudio {
  if (!(bytes instanceof Uint8Array)) throw new HexinError('INTENT_AUDIO_INVALID', 'audio must be bytes');
  // Check the size before copying anything: a huge buffer is rejected without allocating.
  if (bytes.byteLength % BYTES_PER_SAMPLE !== 0) {
    throw new HexinError('INTENT_AUDIO_INVALID', `PCM byte length ${bytes.byteLength} is odd`);
  }
  checkBounds(bytes.byteLength / BYTES_PER_SAMPLE, bounds);
  const samples = new Int16Array(bytes.byteLength / BYTES_PER_SAMPLE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return { sampleRate: SAMPLE_RATE, samples };
}

/** Samples as float32 in -1..1, the input of the VAD and of most recognisers. */
export function toFloat32(audio: PcmAudio): Float32Array<ArrayBuffer> {
  const out = new Float32Array(audio.samples.length);
  for (let i = 0; i < out.length; i++) out[i] = audio.samples[i]! / 32768;
  return out;
}

/** Overwrites the samples so nothing of the voice is left in this buffer after the session. */
export function wipe(audio: PcmAudio): void {
  audio.samples.fill(0);
}

/** A canonical 44-byte-header WAV file (PCM, 16 kHz, mono, 16 bit). */
export function encodeWav(audio: PcmAudio): Uint8Array {
  const dataBytes = audio.samples.length * BYTES_PER_SAMPLE;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const ascii = (offset: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[offset + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, SAMPLE_RATE, true);
  v.setUint32(28, SAMPLE_RATE * BYTES_PER_SAMPLE, true);
  v.setUint16(32, BYTES_PER_SAMPLE, true);
  v.setUint16(34, 16, true);
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < audio.samples.length; i++) v.setInt16(44 + i * 2, audio.samples[i]!, true);
  return out;
}

/**
 * Reads a WAV file that is already in the accepted format (16 kHz mono 16-bit PCM); walks the chunks so files with
 * extra chunks (LIST, fact) are fine. Anything else is rejected with the reason, not converted.
 */
export function decodeWav(bytes: Uint8Array, bounds: AudioBounds): PcmAudio {
  const bad = (why: string): never => {
    throw new HexinError('INTENT_AUDIO_INVALID', `WAV: ${why}`);
  };
  if (bytes.byteLength < 12) bad('too short for a RIFF header');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(bytes[o]!, bytes[o + 1]!, bytes[o + 2]!, bytes[o + 3]!);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') bad('not a RIFF/WAVE file');
  let offset = 12;
  let fmtSeen = false;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    const size = v.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.byteLength) bad('fmt chunk truncated');
      const format = v.getUint16(body, true);
      const channels = v.getUint16(body + 2, true);
      const rate = v.getUint32(body + 4, true);
      const bits = v.getUint16(body + 14, true);
      if (format !== 1 || channels !== 1 || rate !== SAMPLE_RATE || bits !== 16) {
        bad(`need PCM 16 kHz mono 16-bit, got format ${format}, ${channels} ch, ${rate} Hz, ${bits} bit`);
      }
      fmtSeen = true;
    } else if (id === 'data') {
      if (!fmtSeen) bad('data chunk before fmt chunk');
      // Streaming writers leave the size as 0 or 0xFFFFFFFF; take what is there.
      const end = size === 0 || body + size > bytes.byteLength ? bytes.byteLength : body + size;
      return pcmFromBytes(bytes.subarray(body, end - ((end - body) % 2)), bounds);
    }
    offset = body + size + (size % 2);
  }
  return bad('no data chunk');
}
