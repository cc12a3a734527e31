// Request/response over a ReaderTransport: one command at a time, each with its own timeout. A reply is the first
// complete, checksum-valid frame after the request; junk and stale bytes are dropped by the FrameReceiver.
import { HexinError } from '../../../common/errors';
import type { CommandSpec } from './commands';
import { buildRequest, parseResponse, type SamResponse } from './frame';
import { FrameReceiver } from './receiver';
import type { ReaderTransport } from './transport';

export interface SamClientOptions {
  /**
   * Pause between the end of one exchange and the next write. The macOS iDR210 code says a read issued < ~5 ms
   * after a write fails on its readers; a small gap between commands is the cheap way to stay clear of that.
   */
  gapMs?: number;
}

export class SamClient {
  private readonly receiver = new FrameReceiver();
  private queue: Promise<unknown> = Promise.resolve();
  private waiter: ((frame: Uint8Array) => void) | null = null;
  private closedError: HexinError | null = null;
  private closeWaiter: ((e: HexinError) => void) | null = null;
  private readonly unsubscribe: Array<() => void>;
  private readonly gapMs: number;

  constructor(
    readonly transport: ReaderTransport,
    options: SamClientOptions = {},
  ) {
    this.gapMs = options.gapMs ?? 5;
    this.unsubscribe = [
      transport.onData((chunk) => {
        for (const frame of this.receiver.push(chunk)) {
          // Frames nobody waits for (late replies after a timeout) are dropped.
          const w = this.waiter;
          this.waiter = null;
          w?.(frame);
        }
      }),
      transport.onClose((error) => {
        this.closedError = error ?? new HexinError('READER_DISCONNECTED', 'the reader connection was closed');
        this.closeWaiter?.(this.closedError);
      }),
    ];
  }

  get isClosed(): boolean {
    return this.closedError !== null;
  }

  /** Sends one command and resolves with the reply; rejects READER_TIMEOUT or READER_DISCONNECTED. */
  exchange(command: CommandSpec, timeoutMs: number, data?: Uint8Array): Promise<SamResponse> {
    const run = (): Promise<SamResponse> => this.exchangeNow(command, timeoutMs, data);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
  }

  private async exchangeNow(
    command: CommandSpec,
    timeoutMs: number,
    data?: Uint8Array,
  ): Promise<SamResponse> {
    if (this.closedError) throw this.closedError;
    this.receiver.reset();
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<Uint8Array>((resolve, reject) => {
      this.waiter = resolve;
      this.closeWaiter = reject;
      timer = setTimeout(() => {
        reject(
          new HexinError('READER_TIMEOUT', `no reply to ${command.name} within ${timeoutMs} ms`, {
            command: command.name,
          }),
        );
      }, timeoutMs);
    });
    // If the write itself fails the reply is never awaited; keep its later rejection from going unhandled.
    reply.catch(() => undefined);
    try {
      await this.transport.write(buildRequest(command.cmd, command.para, data));
      const frame = await reply;
      return parseResponse(frame);
    } finally {
      clearTimeout(timer);
      this.waiter = null;
      this.closeWaiter = null;
      this.transport.replyComplete?.();
      if (this.gapMs > 0) await new Promise((r) => setTimeout(r, this.gapMs));
    }
  }
}
