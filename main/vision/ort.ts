// The slice of onnxruntime's API the face pipeline uses, and the session options it creates every model with.
// onnxruntime-node (the kiosk's vision worker) and onnxruntime-web (the benchmark's WASM comparison) both satisfy it.

export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
export interface OrtRuntime {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
}

export interface SessionThreading {
  /** Threads per session. 1 by default: six sessions with spinning thread pools starve the JS thread (models.md). */
  intraOpThreads?: number;
  interOpThreads?: number;
  /** Execution providers; default onnxruntime's CPU ('cpu' for node, 'wasm' for web). */
  executionProviders?: string[];
}

/**
 * One model's session options. Sequential, one intra-op thread by default: measured on this 2-core machine, a second
 * intra-op thread does not make the heavy models faster (docs/vision.md, Benchmark) and takes the other core from
 * the JS thread and the other workers.
 */
export function sessionOptions(o: SessionThreading): Record<string, unknown> {
  return {
    intraOpNumThreads: o.intraOpThreads ?? 1,
    interOpNumThreads: o.interOpThreads ?? 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // With more than one intra-op thread, spinning workers steal the JS thread's core (models.md).
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    ...(o.executionProviders ? { executionProviders: o.executionProviders } : {}),
  };
}

export function toFloat32(t: OrtTensor | undefined, what: string): Float32Array {
  if (!t || !(t.data instanceof Float32Array)) throw new Error(`model output ${what} is not float32`);
  return t.data;
}
