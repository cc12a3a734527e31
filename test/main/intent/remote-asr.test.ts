import { afterEach, describe, expect, it } from 'vitest';
import { startAsrSimulator, type AsrSimulator } from '../../../main/intent/asr-simulator';
import { RemoteAsr } from '../../../main/intent/remote-asr';
import { noise } from './audio-fixtures';

let sim: AsrSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('remote ASR adapter against the loopback simulator', () => {
  it('sends the WAV with the token and returns the recognised text', async () => {
    sim = await startAsrSimulator({ token: 'secret' });
    const audio = noise(1500, 0.1, 42);
    sim.register(audio, '本人自愿办理开立个人账户');
    const asr = new RemoteAsr({ url: sim.url, token: 'secret', timeoutMs: 5000 });
    expect(await asr.transcribe(audio, { language: 'zh-CN' })).toEqual({
      text: '本人自愿办理开立个人账户',
      engine: 'remote',
    });
    // Different audio is not recognised as those words.
    expect((await asr.transcribe(noise(1500, 0.1, 43), { language: 'zh-CN' })).text).toBe('');
  });

  it('reports a wrong token and server errors as ASR_UNAVAILABLE', async () => {
    sim = await startAsrSimulator({ token: 'secret' });
    const wrong = new RemoteAsr({ url: sim.url, token: 'guess', timeoutMs: 5000 });
    await expect(wrong.transcribe(noise(1000), { language: 'zh-CN' })).rejects.toMatchObject({
      code: 'ASR_UNAVAILABLE',
      details: { status: 401 },
    });
    sim.setMode('http-500');
    const right = new RemoteAsr({ url: sim.url, token: 'secret', timeoutMs: 5000 });
    await expect(right.transcribe(noise(1000), { language: 'zh-CN' })).rejects.toMatchObject({
      code: 'ASR_UNAVAILABLE',
    });
  });

  it('rejects replies that are not JSON, have the wrong shape or are too large', async () => {
    sim = await startAsrSimulator();
    const asr = new RemoteAsr({ url: sim.url, timeoutMs: 5000 });
    for (const mode of ['not-json', 'wrong-shape', 'huge'] as const) {
      sim.setMode(mode);
      await expect(asr.transcribe(noise(1000), { language: 'zh-CN' })).rejects.toMatchObject({
        code: 'ASR_BAD_REPLY',
      });
    }
  });

  it('never follows a redirect (it would resend the recording elsewhere)', async () => {
    sim = await startAsrSimulator();
    sim.setMode('redirect');
    const asr = new RemoteAsr({ url: sim.url, timeoutMs: 5000 });
    await expect(asr.transcribe(noise(1000), { language: 'zh-CN' })).rejects.toMatchObject({
      code: 'ASR_UNAVAILABLE',
    });
    expect(sim.requests).toBe(1);
  });

  it('times out on a server that never answers', async () => {
    sim = await startAsrSimulator();
    sim.setMode('hang');
    const asr = new RemoteAsr({ url: sim.url, timeoutMs: 600 });
    await expect(asr.transcribe(noise(1000), { language: 'zh-CN' })).rejects.toMatchObject({
      code: 'ASR_TIMEOUT',
    });
  });

  it('reports a closed port as ASR_UNAVAILABLE', async () => {
    const s = await startAsrSimulator();
    const url = s.url;
    await s.close();
    const asr = new RemoteAsr({ url, timeoutMs: 2000 });
    await expect(asr.transcribe(noise(1000), { language: 'zh-CN' })).rejects.toMatchObject({
      code: 'ASR_UNAVAILABLE',
    });
  });
});
