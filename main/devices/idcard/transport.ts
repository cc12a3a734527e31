// One interface for every way bytes reach a reader (HID reports, serial, the simulator): write a request frame,
// receive data chunks of any size, learn when the device goes away. Framing lives above, in FrameReceiver.
import type { HexinError } from '../../../common/errors';
import type { ReaderInfo } from './types';

export interface ReaderTransport {
  readonly info: ReaderInfo;
  write(frame: Uint8Array): Promise<void>;
  /** Subscribes to incoming chunks; returns the unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Called once when the transport ends: `error` unless it was a deliberate close(). */
  onClose(listener: (error?: HexinError) => void): () => void;
  /** Some transports only answer when polled (HID feature reports); the client says when a reply is complete. */
  replyComplete?(): void;
  close(): Promise<void>;
}

/** Listener bookkeeping shared by the transports. */
export abstract class TransportBase implements ReaderTransport {
  abstract readonly info: ReaderInfo;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error?: HexinError) => void>();
  private closed = false;

  abstract write(frame: Uint8Array): Promise<void>;
  abstract close(): Promise<void>;

  get isClosed(): boolean {
    return this.closed;
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: HexinError) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  protected emitData(chunk: Uint8Array): void {
    if (this.closed) return;
    for (const l of this.dataListeners) l(chunk);
  }

  /** Marks the transport closed and tells listeners once. */
  protected emitClose(error?: HexinError): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closeListeners) l(error);
    this.dataListeners.clear();
    this.closeListeners.clear();
  }
}
