// The vision worker thread: owns the ONNX sessions (created once, with explicit thread counts) and answers
// VisionService requests one at a time. One at a time on purpose: the engine reuses its input tensors, and on a
// 2-core kiosk parallel inference would only fight the main thread for CPU.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { HexinError, type ErrorInfo } from '../../common/errors';
import { workerPayload } from '../util/worker-entry';
import { VisionEngine, type OrtRuntime } from './engine';
import type { ShutdownRequest, VisionRequest, WorkerConfig, WorkerMessage } from './protocol';
import { embedReferenceWith } from './reference';

const port = parentPort;
if (!port) throw new Error('vision worker must run in a worker thread');
const config = workerPayload<WorkerConfig>(workerData) ?? {};

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof HexinError) return e.toInfo();
  return { code: 'INTERNAL', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}

const loading = VisionEngine.load(ort as unknown as OrtRuntime, config).catch((e: unknown) => ({
  engine: null,
  status: [],
  error: e instanceof HexinError ? e : new HexinError('MODEL_LOAD', String(e)),
}));

void loading.then(({ status, error }) =>
  post({ kind: 'loaded', status, error: error ? error.toInfo() : null }),
);

async function handle(request: VisionRequest): Promise<unknown> {
  const { engine, error } = await loading;
  if (!engine) throw error ?? new HexinError('MODEL_LOAD', 'the vision models are not loaded');
  switch (request.kind) {
    case 'analyze':
      return engine.analyze(request.frame, request.options);
    case 'embedReference':
      return embedReferenceWith(engine, request.image, config.flipReference ?? true);
  }
}

let queue: Promise<void> = Promise.resolve();

port.on('message', (request: VisionRequest | ShutdownRequest) => {
  if (request.kind === 'shutdown') {
    // Exit only between inferences: a thread torn down during an onnxruntime run takes the process with it.
    queue = queue.then(async () => {
      const { engine } = await loading;
      await engine?.close();
      process.exit(0); // in a worker thread this ends the thread, not the process
    });
    return;
  }
  queue = queue.then(async () => {
    try {
      const value = await handle(request);
      post({ kind: 'reply', id: request.id, ok: true, value });
    } catch (e) {
      post({ kind: 'reply', id: request.id, ok: false, error: errorInfo(e) });
    }
  });
});
