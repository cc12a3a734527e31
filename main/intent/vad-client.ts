// Main-thread side of the intent worker: sends a recording to Silero VAD and awaits the per-frame probabilities.
// Requests carry ids; if the worker dies, every request in flight fails with VAD_FAILED and the next request
// starts a fresh worker.
import type { Worker } from 'node:worker_threads';
import { HexinError } from '../../common/errors';
import { DEFAULT_MODELS_DIR } from '../vision/manifest';
import { startWorker } from '../util/worker-entry';
import { toFloat32, type PcmAudio } from './pcm';
import type { VadReply, VadRequest, VadWorkerData } from './vad-protocol';

export interface VadAnalysis {
  probabilities: Float32Array;
  frameMs: number;
}

interface Pending {
  resolve: (a: VadAnalysis) => void;
  reject: (e: Error) => void;
}

export class VadClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly modelsDir: string = DEFAULT_MODELS_DIR) {}

  /** Speech probability per 32 ms frame of the recording. */
  analyse(audio: PcmAudio): Promise<VadAnalysis> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const samples = toFloat32(audio);
    return new Promise<VadAnalysis>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while a request is in flight (the idle worker is unref'd, see ensureWorker).
      worker.ref();
      const req: VadRequest = { id, samples };
      worker.postMessage(req, [samples.buffer]);
    });
  }

  /** Starts the worker and loads the model ahead of the first recording (~1.4 s cold on the 2-core dev machine). */
  async warm(): Promise<void> {
    await this.analyse({ sampleRate: 16_000, samples: new Int16Array(512) });
  }

  /** Stops the worker; requests in flight fail with VAD_FAILED. A later analyse() starts a new worker. */
  async close(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.failAll('the VAD worker was stopped');
    this.worker = null;
    await w.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const data: VadWorkerData = { modelsDir: this.modelsDir };
    const w = startWorker('intent', { workerData: data });
    w.on('message', (reply: VadReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) w.unref();
      if (reply.ok) p.resolve({ probabilities: reply.probabilities, frameMs: reply.frameMs });
      else p.reject(new HexinError(reply.error.code, reply.error.message));
    });
    w.on('error', (e) => this.onDeath(w, `the VAD worker failed: ${e.message}`));
    w.on('exit', (code) => this.onDeath(w, `the VAD worker exited with code ${code}`));
    // An idle worker must not keep a CLI or test process alive on its own.
    w.unref();
    this.worker = w;
    return w;
  }

  private onDeath(w: Worker, why: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.failAll(why);
  }

  private failAll(why: string): void {
    for (const p of this.pending.values()) p.reject(new HexinError('VAD_FAILED', why));
    this.pending.clear();
  }
}
