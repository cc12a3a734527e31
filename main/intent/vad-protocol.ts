// Messages between the main thread (vad-client.ts) and the intent worker (worker.ts).
import type { ErrorInfo } from '../../common/errors';

export interface VadWorkerData {
  modelsDir: string;
}

export interface VadRequest {
  id: number;
  /** Mono 16 kHz samples in -1..1; the buffer is transferred to the worker. */
  samples: Float32Array<ArrayBuffer>;
}

export type VadReply =
  | { id: number; ok: true; probabilities: Float32Array<ArrayBuffer>; frameMs: number }
  | { id: number; ok: false; error: ErrorInfo };
