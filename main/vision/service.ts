// VisionService: the main thread's face to the vision worker. It never runs inference itself; it sends requests
// with ids, matches replies, and when the worker dies it fails every request in flight with VISION_WORKER_DIED and
// starts a new worker (bounded, so broken models do not cause a restart storm).
import type { Worker } from 'node:worker_threads';
import { HexinError, type ErrorInfo } from '../../common/errors';
import { startWorker } from '../util/worker-entry';
import type { AnalyzeOptions, ModelStatus } from './engine';
import type { GuidanceThresholds } from './guidance';
import type { TrackingOptions } from './tracker';
import type {
  ReferenceEmbedding,
  ShutdownRequest,
  VisionRequest,
  WorkerConfig,
  WorkerMessage,
} from './protocol';
import type { Frame, FrameAnalysis } from './types';

export type { ReferenceEmbedding } from './protocol';

export interface VisionServiceOptions {
  /** Folder with manifest.json and the .onnx files (default: the repository's models/). */
  modelsDir?: string;
  /** onnxruntime intra-/inter-op threads per session (default 1 each; see docs/vision.md for the measurement). */
  intraOpThreads?: number;
  interOpThreads?: number;
  guidance?: Partial<GuidanceThresholds>;
  /** How a stream's frames are tracked between detections (main/vision/tracker.ts; defaults there). */
  tracking?: Partial<TrackingOptions>;
  /** Average each reference embedding with its mirror image (default true). */
  flipReference?: boolean;
  /** Consecutive restarts without the models ever loading after which the service gives up (default 3). */
  maxRestarts?: number;
}

export type VisionState = 'starting' | 'ready' | 'failed' | 'closed';

export interface VisionStatus {
  state: VisionState;
  models: ModelStatus[];
  /** Workers started after the first (deaths or restart()). */
  restarts: number;
  lastError: ErrorInfo | null;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: HexinError) => void;
}

/** Largest frame accepted from outside (a 1920×1080 RGBA frame); renderer frames are far smaller. */
const MAX_FRAME_BYTES = 1920 * 1080 * 4;

export class VisionService {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private state: VisionState = 'starting';
  private models: ModelStatus[] = [];
  private restarts = 0;
  private failedStarts = 0;
  private lastError: ErrorInfo | null = null;
  private readyPromise!: Promise<void>;
  private readonly statusListeners = new Set<(status: VisionStatus) => void>();
  private settleReady!: { resolve: () => void; reject: (e: HexinError) => void };

  private constructor(private readonly options: VisionServiceOptions) {
    this.spawn();
  }

  /** Starts the worker; the models load in the background (await ready()). */
  static create(options: VisionServiceOptions = {}): VisionService {
    return new VisionService(options);
  }

  /** Resolves when the models are loaded; rejects with MODEL_MISSING / MODEL_CHECKSUM / MODEL_LOAD otherwise. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  /** For the staff health panel: state, per-model ok/error and load time, restarts, the last error. */
  status(): VisionStatus {
    return { state: this.state, models: this.models, restarts: this.restarts, lastError: this.lastError };
  }

  /**
   * Calls `listener` with status() whenever a worker starts, its models load or fail, or it dies (not on close()),
   * so health follows the service without polling. Returns the unsubscribe function.
   */
  onStatus(listener: (status: VisionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Per-frame analysis: faces, primary face, quality, guidance; optionally the embedding and anti-spoof score. */
  analyze(frame: Frame, opts: AnalyzeOptions = {}): Promise<FrameAnalysis> {
    if (!(frame?.data instanceof Uint8Array) || frame.data.byteLength > MAX_FRAME_BYTES) {
      return Promise.reject(
        new HexinError('FRAME_INVALID', `a frame must be a Uint8Array of ≤ ${MAX_FRAME_BYTES} bytes`),
      );
    }
    const options: AnalyzeOptions = {
      embed: opts.embed === 'when-detected' ? 'when-detected' : opts.embed === true,
      antiSpoof: opts.antiSpoof === true,
      allFaces: opts.allFaces === true,
      ...(opts.maxFaces !== undefined
        ? { maxFaces: Math.max(1, Math.min(32, Math.floor(opts.maxFaces))) }
        : {}),
    };
    if (opts.stream !== undefined) {
      if (typeof opts.stream !== 'string' || opts.stream.length === 0 || opts.stream.length > 100) {
        return Promise.reject(
          new HexinError('BAD_REQUEST', 'a frame stream is named by 1 to 100 characters'),
        );
      }
      options.stream = opts.stream;
    }
    return this.request({ kind: 'analyze', frame, options }) as Promise<FrameAnalysis>;
  }

  /** The face and embedding of a reference photo: a Frame, or encoded JPEG / PNG / WebP bytes. */
  embedReference(image: Frame | Uint8Array): Promise<ReferenceEmbedding> {
    return this.request({ kind: 'embedReference', image }) as Promise<ReferenceEmbedding>;
  }

  /** Replaces the worker (staff action "restart vision"); requests in flight fail with VISION_WORKER_DIED. */
  async restart(): Promise<void> {
    const old = this.worker;
    this.worker = null;
    this.failAll('the vision worker was restarted');
    this.restarts++;
    this.spawn();
    if (old) await retire(old);
  }

  async close(): Promise<void> {
    this.state = 'closed';
    const old = this.worker;
    this.worker = null;
    this.failAll('the vision service was closed');
    if (old) await retire(old);
  }

  private spawn(): void {
    this.state = 'starting';
    this.readyPromise = new Promise<void>((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    this.readyPromise.catch(() => undefined); // callers who never await ready() must not see an unhandled rejection
    const config: WorkerConfig = {
      modelsDir: this.options.modelsDir,
      intraOpThreads: this.options.intraOpThreads,
      interOpThreads: this.options.interOpThreads,
      guidance: this.options.guidance,
      tracking: this.options.tracking,
      flipReference: this.options.flipReference,
    };
    const worker = startWorker('vision', { workerData: config });
    this.worker = worker;
    worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    worker.on('error', (e) => this.onDeath(worker, e.message));
    worker.on('exit', (code) => this.onDeath(worker, `exited with code ${code}`));
    this.statusChanged();
  }

  private statusChanged(): void {
    const status = this.status();
    for (const listener of this.statusListeners) listener(status);
  }

  private onMessage(m: WorkerMessage): void {
    if (m.kind === 'loaded') {
      this.models = m.status;
      if (m.error) {
        this.state = 'failed';
        this.lastError = m.error;
        this.settleReady.reject(new HexinError(m.error.code, m.error.message));
      } else {
        this.state = 'ready';
        this.failedStarts = 0;
        this.settleReady.resolve();
      }
      this.statusChanged();
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new HexinError(m.error.code, m.error.message));
  }

  private onDeath(worker: Worker, why: string): void {
    if (worker !== this.worker) return; // an old worker we replaced on purpose
    this.worker = null;
    const error = new HexinError('VISION_WORKER_DIED', `the vision worker stopped (${why})`);
    this.lastError = error.toInfo();
    this.failAll(error.message);
    if (this.state === 'closed') return;
    if (this.state === 'starting') this.failedStarts++;
    if (this.failedStarts >= (this.options.maxRestarts ?? 3)) {
      this.state = 'failed';
      this.settleReady.reject(error);
      this.statusChanged();
      return;
    }
    this.restarts++;
    const previous = this.settleReady;
    this.spawn();
    // Someone awaiting the old ready() learns about the new worker's outcome.
    this.readyPromise.then(previous.resolve, previous.reject);
  }

  private failAll(message: string): void {
    const error = new HexinError('VISION_WORKER_DIED', message);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private request(body: DistributiveOmit<VisionRequest, 'id'>): Promise<unknown> {
    if (this.state === 'closed')
      return Promise.reject(new HexinError('VISION_UNAVAILABLE', 'the vision service is closed'));
    if (this.state === 'failed' && !this.worker) {
      return Promise.reject(new HexinError('VISION_UNAVAILABLE', this.lastError?.message ?? 'vision failed'));
    }
    const worker = this.worker;
    if (!worker)
      return Promise.reject(new HexinError('VISION_WORKER_DIED', 'the vision worker is restarting'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...body, id } as VisionRequest);
    });
  }
}

/**
 * [Note: graceful worker stop] Worker.terminate() while onnxruntime-node runs an inference aborts the whole
 * process ("terminate called after throwing an instance of 'Napi::Error'"). So a worker we no longer want is asked
 * to finish its current run, release its sessions and exit; terminate() is only the last resort after a timeout.
 */
async function retire(worker: Worker, timeoutMs = 10_000): Promise<void> {
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage({ kind: 'shutdown' } satisfies ShutdownRequest);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), timeoutMs);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) await worker.terminate();
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
