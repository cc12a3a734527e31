// Builds the configured recogniser, or null when the deployment configured none (voice activity only).
import type { RecogniserConfig } from './config';
import { LocalAsr } from './local-asr';
import type { Recogniser } from './recogniser';
import { RemoteAsr } from './remote-asr';

export function createRecogniser(config: RecogniserConfig): Recogniser | null {
  switch (config.kind) {
    case 'none':
      return null;
    case 'remote':
      return new RemoteAsr({ url: config.url, token: config.token, timeoutMs: config.timeoutMs });
    case 'local':
      return new LocalAsr(config);
  }
}
