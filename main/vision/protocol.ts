// Messages between VisionService (main thread) and the vision worker. Every request carries an id; every reply
// names the id it answers and is either a value or a serialised error (code + message), never a thrown object.
import type { ErrorInfo } from '../../common/errors';
import type { AnalyzeOptions, EngineOptions, ModelStatus } from './engine';
import type { FaceAnalysis, Frame } from './types';

export interface WorkerConfig extends EngineOptions {
  /** Reference photos are embedded twice (mirrored too) and averaged: steadier, and only paid once per session. */
  flipReference?: boolean;
}

/** What embedReference returns: the reference face and its L2-normalised embedding. */
export interface ReferenceEmbedding {
  face: FaceAnalysis;
  embedding: Float32Array;
  /** Size of the decoded image the face was found in. */
  width: number;
  height: number;
}

export type VisionRequest =
  | { id: number; kind: 'analyze'; frame: Frame; options: AnalyzeOptions }
  | { id: number; kind: 'embedReference'; image: Frame | Uint8Array };

/** Finish the request in progress, release the sessions, exit. See [Note: graceful worker stop] in service.ts. */
export interface ShutdownRequest {
  kind: 'shutdown';
}

export type WorkerMessage =
  | { kind: 'loaded'; status: ModelStatus[]; error: ErrorInfo | null }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: ErrorInfo };
