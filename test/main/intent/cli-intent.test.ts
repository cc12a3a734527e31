// `hexin intent` through the real CLI dispatcher, on files in a temp dir and the loopback ASR simulator.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { intentCommand } from '../../../main/cli/commands/intent';
import { startAsrSimulator } from '../../../main/intent/asr-simulator';
import { encodeWav } from '../../../main/intent/pcm';
import { buildSentence } from '../../../main/intent/sentence';
import { concat, silence, synthesise } from './audio-fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'hexin-intent-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function hexin(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await intentCommand.run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('hexin intent', () => {
  it('compare: passes the right digits and fails wrong ones, with the exit code', async () => {
    const ok = await hexin(
      'compare',
      '--text',
      '本人自愿办理开立个人账户，确认码 4 0 1 2。',
      '--heard',
      '本人自愿办理开立个人账户确认码四零一二',
      '--json',
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ passed: true, cer: 0 });
    const bad = await hexin('compare', '--text', '确认码 4 0 1 2', '--heard', '确认码四零一三');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL[\s\S]*expected 4012, heard 4013/);
  });

  it('sentence: composes a sentence with the asked number of digits', async () => {
    const r = await hexin('sentence', '--label', '开立个人账户', '--digits', '6', '--json');
    expect(JSON.parse(r.stdout).digits).toMatch(/^\d{6}$/);
  });

  it('check: voice activity of a WAV, then the transcript from a remote recogniser', async () => {
    const s = buildSentence('开立个人账户', '7305', 'zh-CN', 'cli');
    const audio = concat(silence(500), synthesise(s.spoken, 'zh-CN'), silence(500));
    const speech = path.join(dir, 'speech.wav');
    writeFileSync(speech, encodeWav(audio));
    const vadOnly = await hexin('check', speech, '--text', s.text, '--json');
    expect(vadOnly.code).toBe(0);
    expect(JSON.parse(vadOnly.stdout)).toMatchObject({
      passed: true,
      content: { checked: false, reason: 'NO_RECOGNISER' },
    });

    const sim = await startAsrSimulator();
    try {
      sim.register(audio, s.spoken);
      const withAsr = await hexin('check', speech, '--text', s.text, '--asr-url', sim.url);
      expect(withAsr.code).toBe(0);
      expect(withAsr.stdout).toMatch(/^PASS[\s\S]*CER 0\.000, digits match/);
      const other = await hexin(
        'check',
        speech,
        '--text',
        s.text.replace('7 3 0 5', '7 3 0 6'),
        '--asr-url',
        sim.url,
        '--json',
      );
      expect(other.code).toBe(1);
      expect(JSON.parse(other.stdout)).toMatchObject({ failure: 'INTENT_DIGITS_MISMATCH' });
    } finally {
      await sim.close();
    }

    const quiet = path.join(dir, 'quiet.wav');
    writeFileSync(quiet, encodeWav(silence(3000)));
    const q = await hexin('check', quiet, '--text', s.text);
    expect(q.code).toBe(1);
    expect(q.stdout).toMatch(/FAIL\s+INTENT_NO_SPEECH/);
  });

  it('runs as a real process: bin/hexin.mjs waits for the VAD worker and exits with the verdict', () => {
    const s = buildSentence('开立个人账户', '2468', 'zh-CN', 'cli');
    const file = path.join(dir, 'process.wav');
    writeFileSync(file, encodeWav(concat(silence(300), synthesise(s.spoken, 'zh-CN'), silence(300))));
    const r = spawnSync(
      process.execPath,
      ['bin/hexin.mjs', 'intent', 'check', file, '--text', s.text, '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ passed: true });
  });

  it('usage errors exit 2, bad files are coded errors', async () => {
    expect((await hexin('check')).code).toBe(2);
    expect((await hexin('bogus')).code).toBe(2);
    const notWav = path.join(dir, 'x.wav');
    writeFileSync(notWav, 'hello');
    await expect(hexin('check', notWav, '--text', 'x')).rejects.toMatchObject({
      code: 'INTENT_AUDIO_INVALID',
    });
    await expect(hexin('compare', '--text', 'a', '--heard', 'b', '--lang', 'fr')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
