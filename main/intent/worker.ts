// The intent worker thread: runs Silero VAD with onnxruntime-node off the main thread. One request = one
// recording's samples (transferred, not copied); the reply is the per-frame speech probabilities. The session is
// created lazily on the first request from the checksummed model and kept for the worker's life.
import { parentPort, workerData } from 'node:worker_threads';
import { isHexinError } from '../../common/errors';
import { workerPayload } from '../util/worker-entry';
import { SileroVad } from './silero-vad';
import { loadVadSpec, readVadModel } from './vad-model';
import type { VadRequest, VadReply, VadWorkerData } from './vad-protocol';

const port = parentPort;
if (!port) throw new Error('main/intent/worker.ts must run as a worker thread');
const { modelsDir } = workerPayload<VadWorkerData>(workerData);

let vad: Promise<SileroVad> | null = null;
const getVad = (): Promise<SileroVad> => {
  vad ??= (async () => {
    const spec = await loadVadSpec(modelsDir);
    return SileroVad.create(await readVadModel(modelsDir, spec), spec);
  })();
  // A failed load is not cached: the next request tries again (e.g. after `npm run models:fetch`).
  vad.catch(() => (vad = null));
  return vad;
};

// Requests are handled one at a time, in order; the VAD is fast and a kiosk has one microphone.
let queue: Promise<void> = Promise.resolve();
port.on('message', (req: VadRequest) => {
  queue = queue.then(async () => {
    let reply: VadReply;
    try {
      const v = await getVad();
      const probabilities = await v.probabilities(req.samples);
      reply = { id: req.id, ok: true, probabilities, frameMs: v.frameMs };
    } catch (e) {
      const error = isHexinError(e)
        ? e.toInfo()
        : { code: 'VAD_FAILED', message: e instanceof Error ? e.message : String(e) };
      reply = { id: req.id, ok: false, error };
    } finally {
      req.samples.fill(0); // the voice does not outlive the request
    }
    port.postMessage(reply, reply.ok ? [reply.probabilities.buffer] : []);
  });
});
