// Remote ASR adapter: POSTs the recording as a WAV body to the deployment's speech service and reads back
// {"text": "..."}. Bounded in time and in reply size; every reply is validated before it is believed.
// Protocol (ours; a deployment puts a small gateway in front of its vendor): see docs/intent.md.
import { z } from 'zod';
import { HexinError } from '../../common/errors';
import { encodeWav, type PcmAudio } from './pcm';
import type { Recogniser, TranscribeOptions, Transcript } from './recogniser';

const MAX_REPLY_BYTES = 64 * 1024;

const replySchema = z.object({ text: z.string().max(2_000) });

export interface RemoteAsrOptions {
  url: string;
  token?: string;
  timeoutMs: number;
}

async function readBounded(res: Response, limit: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new HexinError('ASR_BAD_REPLY', `remote ASR reply exceeds ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class RemoteAsr implements Recogniser {
  readonly engine = 'remote';

  constructor(private readonly options: RemoteAsrOptions) {}

  async transcribe(audio: PcmAudio, { language, signal }: TranscribeOptions): Promise<Transcript> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { 'content-type': 'audio/wav', 'x-hexin-language': language };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let res: Response;
    let body: string;
    const wav = encodeWav(audio);
    try {
      res = await fetch(this.options.url, {
        method: 'POST',
        headers,
        body: wav,
        signal: combined,
        // A 307/308 would resend the recording to wherever the server points: never follow.
        redirect: 'error',
      });
      body = await readBounded(res, MAX_REPLY_BYTES);
    } catch (e) {
      if (e instanceof HexinError) throw e;
      if (timeout.aborted) {
        throw new HexinError('ASR_TIMEOUT', `remote ASR gave no answer within ${this.options.timeoutMs} ms`);
      }
      if (signal?.aborted)
        throw new HexinError('INTENT_CANCELLED', 'remote ASR request cancelled', {}, { cause: e });
      const why = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      throw new HexinError('ASR_UNAVAILABLE', `remote ASR unreachable: ${why}`, {}, { cause: e });
    } finally {
      wav.fill(0); // the request has been sent (or abandoned); no copy of the voice stays behind
    }
    if (!res.ok) {
      throw new HexinError('ASR_UNAVAILABLE', `remote ASR answered HTTP ${res.status}`, {
        status: res.status,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new HexinError('ASR_BAD_REPLY', 'remote ASR reply is not JSON');
    }
    const parsed = replySchema.safeParse(json);
    if (!parsed.success)
      throw new HexinError('ASR_BAD_REPLY', `remote ASR reply: ${z.prettifyError(parsed.error)}`);
    return { text: parsed.data.text, engine: this.engine };
  }

  async close(): Promise<void> {}
}
