// Silero VAD for real: the ONNX model from models/ in the intent worker, on speech synthesised by espeak-ng.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIntentConfig } from '../../../main/intent/config';
import { buildSentence } from '../../../main/intent/sentence';
import { VadClient } from '../../../main/intent/vad-client';
import { assessVoiceActivity } from '../../../main/intent/voice-activity';
import { concat, noise, silence, synthesise } from './audio-fixtures';

const vadConfig = parseIntentConfig({}).vad;
const sentence = buildSentence('开立个人账户', '4012', 'zh-CN', 'open-account');
let client: VadClient;

beforeAll(() => {
  client = new VadClient();
});
afterAll(async () => {
  await client.close();
});

async function assess(audio: Parameters<VadClient['analyse']>[0]) {
  const { probabilities, frameMs } = await client.analyse(audio);
  return assessVoiceActivity(probabilities, frameMs, sentence.syllables, vadConfig);
}

describe('voice activity with Silero VAD', () => {
  it('passes synthesised Mandarin speech of the displayed sentence, with pauses around it', async () => {
    const speech = synthesise(sentence.spoken, 'zh-CN');
    const r = await assess(concat(silence(700), speech, silence(500)));
    expect(r.passed).toBe(true);
    expect(r.speechMs).toBeGreaterThan(r.expectedMs.min);
    // The speech is found where it is: not in the leading silence.
    expect(r.spanMs).toBeLessThanOrEqual(speech.samples.length / 16 + 200);
  });

  it('fails silence as no speech', async () => {
    const r = await assess(silence(4000));
    expect(r).toMatchObject({ passed: false, failure: 'INTENT_NO_SPEECH', speechMs: 0 });
  });

  it('fails white noise, quiet and loud', async () => {
    for (const amplitude of [0.05, 0.5]) {
      const r = await assess(noise(4000, amplitude));
      expect(r.passed).toBe(false);
      expect(r.failure).toBe('INTENT_NO_SPEECH');
    }
  });

  it('fails a couple of words as too short for the sentence', async () => {
    const r = await assess(concat(silence(500), synthesise('确认', 'zh-CN'), silence(1500)));
    expect(r.passed).toBe(false);
    expect(r.failure).toBe('INTENT_SPEECH_TOO_SHORT');
  });

  it('fails a long monologue as too long for the sentence', async () => {
    const long = synthesise(Array.from({ length: 6 }, () => sentence.spoken).join(''), 'zh-CN');
    const r = await assess(long);
    expect(r.failure).toBe('INTENT_SPEECH_TOO_LONG');
  });

  it('fails requests in flight when the worker stops, then starts a fresh worker', async () => {
    const own = new VadClient();
    const inFlight = own.analyse(silence(3000)).catch((e: unknown) => e);
    await own.close();
    expect(await inFlight).toMatchObject({ code: 'VAD_FAILED' });
    const again = await own.analyse(silence(1000));
    expect(again.probabilities.length).toBe(31);
    await own.close();
  });

  it('reports a missing or altered model as VAD_MODEL_MISSING', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hexin-vad-'));
    try {
      const own = new VadClient(dir);
      await expect(own.analyse(silence(1000))).rejects.toMatchObject({ code: 'VAD_MODEL_MISSING' });
      writeFileSync(
        path.join(dir, 'manifest.json'),
        JSON.stringify({
          models: {
            vad: {
              file: 'vad.onnx',
              sha256: '0'.repeat(64),
              input: { name: 'input' },
              outputs: { probability: 'output', state: 'stateN' },
              audio: {
                sampleRate: 16000,
                frameSamples: 512,
                contextSamples: 64,
                stateInput: 'state',
                stateShape: [2, 1, 128],
                sampleRateInput: 'sr',
              },
            },
          },
        }),
      );
      writeFileSync(path.join(dir, 'vad.onnx'), 'not a model');
      await expect(own.analyse(silence(1000))).rejects.toMatchObject({
        code: 'VAD_MODEL_MISSING',
        message: /SHA-256/,
      });
      await own.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
