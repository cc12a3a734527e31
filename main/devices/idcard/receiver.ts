// Incremental frame receiver: reassembles SAM frames from arbitrary chunks (64-byte HID reports, serial reads).
// It drops padding and junk before a preamble, resynchronises after a bad checksum or an impossible length by
// searching again one byte further on, and never holds more than MAX_FRAME_LENGTH bytes (spec §2.4, §12.4).
import { HEADER_LENGTH, MAX_FRAME_LENGTH, PREAMBLE, xorRange } from './frame';

export interface ReceiverStats {
  frames: number;
  droppedBytes: number;
  badChecksums: number;
  badLengths: number;
}

export class FrameReceiver {
  private readonly buffer: Uint8Array;
  private length = 0;
  private readonly stats: ReceiverStats = { frames: 0, droppedBytes: 0, badChecksums: 0, badLengths: 0 };

  constructor(private readonly maxFrameLength: number = MAX_FRAME_LENGTH) {
    if (maxFrameLength < HEADER_LENGTH + 1) throw new Error('maxFrameLength is too small for any frame');
    this.buffer = new Uint8Array(maxFrameLength);
  }

  /** Feeds one chunk; returns every frame it completed (checksum verified), oldest first. */
  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let offset = 0;
    // Copy in slices that fit the fixed buffer, so a huge chunk of junk never grows memory.
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, this.buffer.length - this.length);
      this.buffer.set(chunk.subarray(offset, offset + take), this.length);
      this.length += take;
      offset += take;
      this.extract(frames);
    }
    return frames;
  }

  /** Forgets any partial frame (e.g. before sending a new request, after a timeout). */
  reset(): void {
    this.stats.droppedBytes += this.length;
    this.length = 0;
  }

  get buffered(): number {
    return this.length;
  }

  getStats(): Readonly<ReceiverStats> {
    return { ...this.stats };
  }

  private extract(frames: Uint8Array[]): void {
    for (;;) {
      const start = this.findPreamble();
      if (start < 0) {
        // Keep only a tail that could be the beginning of a preamble split across chunks.
        this.drop(this.length - this.partialPreambleTail());
        return;
      }
      this.drop(start);
      if (this.length < HEADER_LENGTH) return;
      const len = (this.buffer[5]! << 8) | this.buffer[6]!;
      const total = HEADER_LENGTH + len;
      // The smallest real frame has a 1-byte body plus XOR; anything beyond the cap cannot be ours.
      if (len < 2 || total > this.maxFrameLength) {
        this.stats.badLengths++;
        this.drop(1);
        continue;
      }
      if (this.length < total) return;
      if (xorRange(this.buffer, 5, total) !== 0) {
        this.stats.badChecksums++;
        this.drop(1);
        continue;
      }
      frames.push(this.buffer.slice(0, total));
      this.stats.frames++;
      this.consume(total);
    }
  }

  private findPreamble(): number {
    const last = this.length - PREAMBLE.length;
    outer: for (let i = 0; i <= last; i++) {
      for (let j = 0; j < PREAMBLE.length; j++) {
        if (this.buffer[i + j] !== PREAMBLE[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  /** Length of the longest buffer suffix that is a proper prefix of the preamble. */
  private partialPreambleTail(): number {
    for (let n = Math.min(PREAMBLE.length - 1, this.length); n > 0; n--) {
      let match = true;
      for (let j = 0; j < n; j++) {
        if (this.buffer[this.length - n + j] !== PREAMBLE[j]) {
          match = false;
          break;
        }
      }
      if (match) return n;
    }
    return 0;
  }

  private drop(n: number): void {
    if (n <= 0) return;
    this.stats.droppedBytes += n;
    this.consume(n);
  }

  private consume(n: number): void {
    this.buffer.copyWithin(0, n, this.length);
    this.length -= n;
  }
}
