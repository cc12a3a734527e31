// The local engine is optional: without the addon or the model the kiosk says exactly what is missing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIntentConfig } from '../../../main/intent/config';
import { LocalAsr } from '../../../main/intent/local-asr';
import { createRecogniser } from '../../../main/intent/recogniser-factory';
import { silence } from './audio-fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'hexin-local-asr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const localConfig = (modelDir: string) => {
  const c = parseIntentConfig({ recogniser: { kind: 'local', engine: 'sherpa-onnx', modelDir } }).recogniser;
  if (c.kind !== 'local') throw new Error('expected a local recogniser config');
  return c;
};

describe('local recogniser (sherpa-onnx)', () => {
  it('is built from config with defaults', () => {
    const c = localConfig(dir);
    expect(c).toMatchObject({
      modelType: 'paraformer',
      modelFile: 'model.int8.onnx',
      tokensFile: 'tokens.txt',
      threads: 1,
    });
    expect(createRecogniser(c)?.engine).toBe('sherpa-onnx');
    expect(createRecogniser({ kind: 'none' })).toBeNull();
  });

  it('names the missing model file', async () => {
    const asr = new LocalAsr(localConfig(path.join(dir, 'nowhere')));
    await expect(asr.transcribe(silence(1000), { language: 'zh-CN' })).rejects.toMatchObject({
      code: 'ASR_UNAVAILABLE',
      message: /model\.int8\.onnx is missing/,
    });
  });

  it('says how to install the engine when it is not installed', async () => {
    writeFileSync(path.join(dir, 'model.int8.onnx'), 'x');
    writeFileSync(path.join(dir, 'tokens.txt'), 'x');
    const asr = new LocalAsr(localConfig(dir), 'hexin-no-such-engine-module');
    await expect(asr.transcribe(silence(1000), { language: 'zh-CN' })).rejects.toMatchObject({
      code: 'ASR_UNAVAILABLE',
      message: /npm install hexin-no-such-engine-module/,
    });
  });

  it('rejects a module that is not the engine', async () => {
    const asr = new LocalAsr(localConfig(dir), 'node:path');
    await expect(asr.transcribe(silence(1000), { language: 'zh-CN' })).rejects.toMatchObject({
      code: 'ASR_UNAVAILABLE',
      message: /no OfflineRecognizer/,
    });
  });
});
