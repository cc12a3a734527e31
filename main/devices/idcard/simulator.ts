// A byte-level simulated reader: it parses real request frames and answers with real response frames (delivered
// in 64-byte chunks like an HID reader), holds at most one card, and injects faults on demand. Staff mode and the
// end-to-end tests drive it at run time: insertCard, removeCard, unplug, plug, injectFault.
import { HexinError } from '../../../common/errors';
import { Command, commandFor, Sw3 } from './commands';
import {
  appendedAddressData,
  encodeCardText,
  parseCardSpec,
  readBaseData,
  readBaseWithFingerprintData,
  type CardSpec,
} from './card-spec';
import { buildResponse, parseRequest } from './frame';
import { encodeChipPhoto, CHIP_PHOTO_SLOT } from './sim-photo';
import { TransportBase } from './transport';
import type { ReaderInfo } from './types';

export const SIM_FAULTS = [
  'no-card',
  'select-fail',
  'read-fail',
  'timeout',
  'unplug-mid-frame',
  'garbage',
  'bad-checksum',
  'sam-fault',
] as const;
export type SimFault = (typeof SIM_FAULTS)[number];

export interface SimulatedReaderOptions {
  /** Answer delay in ms (real readers take tens of ms; tests use small values). */
  latencyMs?: number;
  /** Like many SAMs: after a read, `find` answers 80 until the card has left the field (spec §3.1 note). */
  haltAfterRead?: boolean;
  /** Chunk size of replies (64 = one HID report). */
  chunkSize?: number;
}

export const SIMULATED_READER_INFO: ReaderInfo = {
  name: 'Hexin simulated reader',
  vendorId: 0,
  productId: 0,
  transport: 'simulated',
};

interface SimCard {
  spec: CardSpec;
  text: Uint8Array;
  photo: Uint8Array;
}

/** The SAM ID the simulator reports (12 FF): 16 bytes, decoded by sam-id.ts. */
const SIM_SAM_ID = new Uint8Array([
  0x05, 0x00, 0x01, 0x00, 0xd3, 0xb3, 0x34, 0x01, 0x01, 0x00, 0x00, 0x00, 0x39, 0x30, 0x00, 0x00,
]);

export class SimulatedReader {
  private card: SimCard | null = null;
  private halted = false;
  private plugged = true;
  private readonly faults: SimFault[] = [];
  private connection: SimulatedTransport | null = null;
  private readonly latencyMs: number;
  private readonly haltAfterRead: boolean;
  private readonly chunkSize: number;
  /** Requests seen, for diagnostics and tests. */
  readonly log: string[] = [];

  constructor(options: SimulatedReaderOptions = {}) {
    this.latencyMs = options.latencyMs ?? 5;
    this.haltAfterRead = options.haltAfterRead ?? false;
    this.chunkSize = options.chunkSize ?? 64;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  get hasCard(): boolean {
    return this.card !== null;
  }

  /**
   * Puts a card on the reader, replacing any other in one step (a swap faster than a poll: the reader never sees an
   * empty field, and a halting SAM finds the new card at once). The face photo is encoded into the 1024-byte slot.
   */
  async insertCard(spec: unknown): Promise<void> {
    const parsed = parseCardSpec(spec);
    const text = encodeCardText(parsed);
    const photo = parsed.photoPath
      ? await encodeChipPhoto(parsed.photoPath, parsed.photoFace)
      : new Uint8Array(CHIP_PHOTO_SLOT);
    this.card = { spec: parsed, text, photo };
    this.halted = false;
  }

  removeCard(): void {
    this.card = null;
    this.halted = false;
  }

  /** Pulls the USB cable: the open transport closes with an error and new opens fail until plug(). */
  unplug(): void {
    this.plugged = false;
    const c = this.connection;
    this.connection = null;
    c?.lose();
  }

  plug(): void {
    this.plugged = true;
  }

  /** Queues a one-shot fault applied to the next request it concerns (see SIM_FAULTS). */
  injectFault(kind: SimFault): void {
    if (!SIM_FAULTS.includes(kind))
      throw new HexinError('SIM_FAULT_UNKNOWN', `unknown simulator fault '${String(kind)}'`);
    this.faults.push(kind);
  }

  /** Opens the simulated USB device. */
  connect(): SimulatedTransport {
    if (!this.plugged) throw new HexinError('READER_NOT_FOUND', 'the simulated reader is unplugged');
    this.connection?.lose();
    this.connection = new SimulatedTransport(this);
    return this.connection;
  }

  /** @internal called by SimulatedTransport.write */
  receive(transport: SimulatedTransport, frame: Uint8Array): void {
    setTimeout(() => this.answer(transport, frame), this.latencyMs);
  }

  /** @internal */
  release(transport: SimulatedTransport): void {
    if (this.connection === transport) this.connection = null;
  }

  private takeFault(...kinds: SimFault[]): SimFault | undefined {
    const i = this.faults.findIndex((f) => kinds.includes(f));
    return i >= 0 ? this.faults.splice(i, 1)[0] : undefined;
  }

  private answer(transport: SimulatedTransport, frame: Uint8Array): void {
    if (transport.isClosed || this.connection !== transport) return;
    let reply: Uint8Array;
    let name = 'unknown';
    try {
      const req = parseRequest(frame);
      name = commandFor(req.cmd, req.para)?.name ?? `${req.cmd.toString(16)}-${req.para.toString(16)}`;
      reply = this.respond(req.cmd, req.para);
    } catch {
      // A frame the SAM cannot parse gets "checksum error in the host's frame".
      reply = buildResponse(Sw3.HOST_CHECKSUM);
    }
    this.log.push(name);
    const transportFault = this.takeFault(
      'timeout',
      'unplug-mid-frame',
      'garbage',
      'bad-checksum',
      'sam-fault',
    );
    switch (transportFault) {
      case 'timeout':
        return;
      case 'sam-fault':
        reply = buildResponse(Sw3.COMMUNICATION_FAULT);
        break;
      case 'bad-checksum':
        reply = reply.slice();
        reply[reply.length - 1]! ^= 0x5a;
        break;
      case 'garbage': {
        const junk = Uint8Array.from({ length: 37 }, (_, i) => (i * 73 + 11) & 0xff);
        const withJunk = new Uint8Array(junk.length + 2 + reply.length);
        withJunk.set(junk, 0);
        withJunk.set([0xaa, 0x00], junk.length); // a stray byte inside a preamble, as in a public capture
        withJunk.set(reply, junk.length + 2);
        reply = withJunk;
        break;
      }
      case 'unplug-mid-frame':
        this.send(transport, reply.subarray(0, Math.max(1, reply.length >> 1)));
        this.unplug();
        return;
    }
    this.send(transport, reply);
  }

  private send(transport: SimulatedTransport, bytes: Uint8Array): void {
    // Like an HID reader: fixed-size reports, the last one zero-padded.
    for (let o = 0; o < bytes.length; o += this.chunkSize) {
      const report = new Uint8Array(this.chunkSize);
      report.set(bytes.subarray(o, o + this.chunkSize));
      transport.deliver(report);
    }
  }

  private respond(cmd: number, para: number): Uint8Array {
    const c = Command;
    const is = (x: { cmd: number; para: number }): boolean => x.cmd === cmd && x.para === para;
    if (is(c.resetSam) || is(c.samStatus) || is(c.setMaxRfBytes)) return buildResponse(Sw3.OK);
    if (is(c.readSamId)) return buildResponse(Sw3.OK, SIM_SAM_ID);
    if (is(c.findCard)) {
      if (!this.card || this.halted || this.takeFault('no-card')) return buildResponse(Sw3.NO_CARD);
      return buildResponse(Sw3.FIND_OK, new Uint8Array(4));
    }
    if (is(c.selectCard)) {
      if (!this.card || this.takeFault('select-fail')) return buildResponse(Sw3.SELECT_FAILED);
      return buildResponse(Sw3.OK, new Uint8Array(8));
    }
    if (is(c.readBase) || is(c.readBaseWithFingerprint)) {
      if (!this.card || this.takeFault('read-fail')) return buildResponse(Sw3.READ_FAILED);
      if (this.haltAfterRead) this.halted = true;
      const data = is(c.readBase)
        ? readBaseData(this.card.text, this.card.photo)
        : readBaseWithFingerprintData(this.card.text, this.card.photo, new Uint8Array(0));
      return buildResponse(Sw3.OK, data);
    }
    if (is(c.readAppendedAddress)) {
      if (!this.card) return buildResponse(Sw3.READ_FAILED);
      const addresses = this.card.spec.appendedAddress ?? [];
      return addresses.length
        ? buildResponse(Sw3.OK, appendedAddressData(addresses))
        : buildResponse(Sw3.NO_CONTENT);
    }
    return buildResponse(Sw3.COMMAND_ERROR);
  }
}

/** The host side of a connection to the simulated reader. */
export class SimulatedTransport extends TransportBase {
  readonly info = SIMULATED_READER_INFO;

  constructor(private readonly reader: SimulatedReader) {
    super();
  }

  async write(frame: Uint8Array): Promise<void> {
    if (this.isClosed) throw new HexinError('READER_DISCONNECTED', 'the simulated reader is not connected');
    this.reader.receive(this, frame.slice());
  }

  async close(): Promise<void> {
    this.reader.release(this);
    this.emitClose();
  }

  /** @internal */
  deliver(chunk: Uint8Array): void {
    this.emitData(chunk);
  }

  /** @internal the device vanished */
  lose(): void {
    this.emitClose(new HexinError('READER_DISCONNECTED', 'the simulated reader was unplugged'));
  }
}
