// The reader driver: finds a reader, polls it for cards (find → select → read), parses the card, decodes its
// photo, and reports everything as typed events. A missing, silent or unplugged reader is a status, never a crash:
// every failure inside the loop becomes a `status` event and the loop carries on (re-discovering when needed).
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type ErrorInfo, errorMessage, isHexinError } from '../../../common/errors';
import {
  assertSw3,
  parseAppendedAddress,
  parseCardPayload,
  splitReadBaseData,
  type ReadBasePayload,
} from './card-parser';
import { Command, Sw3 } from './commands';
import type { ReaderConfig } from './config';
import type { PhotoDecoder } from './photo-decoder';
import { SamClient } from './sam-client';
import { formatSamId } from './sam-id';
import type { ReaderTransport } from './transport';
import type { CardReadEvent, DecodedPhoto, ParsedCard, ReaderInfo, ReaderStatus } from './types';

/** A reader that discovery found and can open. */
export interface ReaderCandidate {
  info: ReaderInfo;
  open(): Promise<ReaderTransport>;
}

/** Looks for one reader now; null when there is none. */
export type ReaderFinder = () => Promise<ReaderCandidate | null>;

export type ReaderLogger = (
  level: 'info' | 'warn' | 'error',
  message: string,
  details?: Record<string, unknown>,
) => void;

export interface ReaderDriverDeps {
  findReader: ReaderFinder;
  photoDecoder: PhotoDecoder;
  logger?: ReaderLogger;
}

export interface ReaderDriverEvents {
  status: [ReaderStatus];
  card: [CardReadEvent];
  'card-removed': [];
}

type DriverTiming = Pick<
  ReaderConfig,
  'discoveryIntervalMs' | 'pollIntervalMs' | 'timeouts' | 'maxTimeouts'
> &
  Partial<Pick<ReaderConfig, 'readAppendedAddress'>>;

/**
 * What makes a card this card: a digest of its text block and photo as read. The ID number alone is not enough (a
 * renewed or replacement card of the same person has the same number but other dates and photo), and a digest
 * keeps no personal data beyond what the parsed card already holds.
 */
function cardDigest(payload: ReadBasePayload): string {
  return createHash('sha256').update(payload.text).update(payload.photo).digest('hex');
}

/** A direct read that does not split is no card (the held one has gone). */
function splitOrNull(data: Uint8Array): ReadBasePayload | null {
  try {
    return splitReadBaseData(data);
  } catch {
    return null;
  }
}

const toInfo = (e: unknown): ErrorInfo =>
  isHexinError(e) ? e.toInfo() : { code: 'INTERNAL', message: errorMessage(e) };

export class ReaderDriver extends EventEmitter<ReaderDriverEvents> {
  private status: ReaderStatus = { state: 'no-reader' };
  private statusJson = JSON.stringify(this.status);
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private client: SamClient | null = null;
  private reader: ReaderInfo | null = null;
  private card: ParsedCard | null = null;
  private cardId: string | null = null;
  private timeouts = 0;
  /** rereadCard() asked: the next poll announces the card on the reader as read then, even the one held. */
  private rereadAsked = false;
  private readonly log: ReaderLogger;

  constructor(
    private readonly timing: DriverTiming,
    private readonly deps: ReaderDriverDeps,
  ) {
    super();
    this.log = deps.logger ?? (() => undefined);
  }

  getStatus(): ReaderStatus {
    return structuredClone(this.status);
  }

  /** The card currently on the reader, if one was read and has not been removed. */
  getCard(): ParsedCard | null {
    return this.card;
  }

  /**
   * Reads the reader again now (at once when the loop sleeps, else at its next poll) and announces what lies on it:
   * a `card` event even for the card already held, or `card-removed` when it has gone. A session that asks for a
   * card must get the card as read now: the held copy may be of a card lifted since the last poll.
   */
  rereadCard(): void {
    this.rereadAsked = true;
    this.wake?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run().catch((e: unknown) => {
      // run() handles its own errors; reaching here is a bug, but the kiosk must still not crash.
      this.log('error', 'reader loop stopped unexpectedly', { error: String(e) });
      this.setStatus({ state: 'error', error: toInfo(e) });
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    // Closing the transport aborts an exchange in flight (a read may otherwise wait its full timeout).
    await this.client?.transport.close().catch(() => undefined);
    await this.loop;
    this.loop = null;
    await this.disconnect();
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (!this.client || this.client.isClosed) {
        const connected = await this.connect();
        await this.sleep(connected ? 0 : this.timing.discoveryIntervalMs);
        continue;
      }
      try {
        await this.poll();
        this.timeouts = 0;
      } catch (e) {
        await this.handleError(e);
      }
      await this.sleep(this.timing.pollIntervalMs);
    }
  }

  private async connect(): Promise<boolean> {
    await this.disconnect();
    let candidate: ReaderCandidate | null = null;
    try {
      candidate = await this.deps.findReader();
    } catch (e) {
      this.log('warn', 'reader discovery failed', { error: String(e) });
    }
    if (!candidate) {
      this.setStatus({ state: 'no-reader' });
      return false;
    }
    try {
      const transport = await candidate.open();
      const client = new SamClient(transport);
      transport.onClose((error) => {
        if (error) this.log('warn', 'reader disconnected', { code: error.code });
      });
      this.client = client;
      this.reader = { ...candidate.info };
      this.timeouts = 0;
      await this.identifySam(client);
      this.setStatus({ state: 'idle', reader: this.reader });
      this.log('info', 'reader connected', { ...this.reader });
      return true;
    } catch (e) {
      this.log('warn', 'cannot open reader', { error: String(e) });
      await this.disconnect();
      this.setStatus({ state: 'error', reader: candidate.info, error: toInfo(e) });
      return false;
    }
  }

  /** SAM status and ID are optional (spec §3.1): a reader that ignores them still works, but one that times out does not. */
  private async identifySam(client: SamClient): Promise<void> {
    const status = await client.exchange(Command.samStatus, this.timing.timeouts.statusMs);
    if (status.sw3 === Sw3.SAM_SELF_TEST_FAILED || status.sw3 === Sw3.SAM_NOT_AUTHORISED)
      assertSw3(status.sw3);
    try {
      const id = await client.exchange(Command.readSamId, this.timing.timeouts.statusMs);
      if (id.sw3 === Sw3.OK && this.reader) this.reader.samId = formatSamId(id.data);
    } catch (e) {
      if (isHexinError(e) && e.code === 'READER_DISCONNECTED') throw e;
      this.log('warn', 'SAM ID not available', { error: String(e) });
    }
  }

  private async poll(): Promise<void> {
    const client = this.client!;
    const t = this.timing.timeouts;
    const find = await client.exchange(Command.findCard, t.findMs);
    if (this.card) {
      if (find.sw3 === Sw3.FIND_OK) return this.recheck(client, await this.selectAndRead(client));
      // Many SAMs will not "find" a card again after reading it until it leaves the field, so a failed find
      // is confirmed with a direct read before the card is declared removed.
      const again = await client.exchange(Command.readBase, t.readMs);
      const payload = again.sw3 === Sw3.OK ? splitOrNull(again.data) : null;
      if (payload) return this.recheck(client, payload);
      this.cardGone();
      return;
    }
    if (find.sw3 === Sw3.NO_CARD) {
      this.setStatus({ state: 'idle', reader: this.reader! });
      return;
    }
    assertSw3(find.sw3, Sw3.FIND_OK);
    this.setStatus({ state: 'reading', reader: this.reader! });
    await this.accept(client, await this.selectAndRead(client));
  }

  /**
   * A card read again while one is held: the same card (found again by a SAM that does not halt a read card, or
   * confirmed by a direct read) or another card put down within one poll. Only the card's content tells them
   * apart; a different card ends the held one and is announced as new. It must be announced now: a SAM that halts
   * a read card will not find this one again until it leaves the field.
   */
  private async recheck(client: SamClient, payload: ReadBasePayload): Promise<void> {
    if (cardDigest(payload) === this.cardId) {
      // The same card: announced again only when asked (rereadCard), as read now.
      if (this.rereadAsked) await this.accept(client, payload);
      return;
    }
    this.log('info', 'another card replaced the one on the reader');
    this.cardGone();
    this.setStatus({ state: 'reading', reader: this.reader! });
    await this.accept(client, payload);
  }

  private async selectAndRead(client: SamClient): Promise<ReadBasePayload> {
    const t = this.timing.timeouts;
    assertSw3((await client.exchange(Command.selectCard, t.selectMs)).sw3);
    const read = await client.exchange(Command.readBase, t.readMs);
    assertSw3(read.sw3);
    return splitReadBaseData(read.data);
  }

  /** Parses a card just read, completes it (appended address, photo) and announces it. */
  private async accept(client: SamClient, payload: ReadBasePayload): Promise<void> {
    this.rereadAsked = false;
    const card = parseCardPayload(payload);
    if (this.timing.readAppendedAddress) await this.addAppendedAddress(client, card);
    const event = await this.withPhoto(card);
    this.card = card;
    this.cardId = cardDigest(payload);
    this.setStatus({ state: 'card-present', reader: this.reader! });
    this.safeEmit('card', event);
  }

  /** 91 = no address change on the card; a failure here only costs the extra addresses, never the card. */
  private async addAppendedAddress(client: SamClient, card: ParsedCard): Promise<void> {
    try {
      const reply = await client.exchange(Command.readAppendedAddress, this.timing.timeouts.readMs);
      if (reply.sw3 === Sw3.OK) card.appendedAddress = parseAppendedAddress(reply.data);
      else if (reply.sw3 !== Sw3.NO_CONTENT)
        card.warnings.push(`appended address not read (SW3 ${reply.sw3.toString(16)})`);
    } catch (e) {
      if (isHexinError(e) && e.code === 'READER_DISCONNECTED') throw e;
      card.warnings.push(`appended address not read (${toInfo(e).code})`);
    }
  }

  private async withPhoto(card: ParsedCard): Promise<CardReadEvent> {
    let photo: DecodedPhoto | null = null;
    try {
      photo = await this.deps.photoDecoder.decode(card.photo);
    } catch (e) {
      // Spec §7.8: a photo the kiosk cannot decode must not hide the card text.
      this.log('warn', 'card photo not decoded', { error: String(e) });
      return { card, photo: null, photoError: toInfo(e) };
    }
    return { card, photo };
  }

  private async handleError(e: unknown): Promise<void> {
    const info = toInfo(e);
    if (info.code === 'READER_DISCONNECTED') {
      this.log('warn', 'reader lost', { code: info.code });
      await this.disconnect();
      this.setStatus({ state: 'no-reader' });
      return;
    }
    if (info.code === 'READER_TIMEOUT') {
      this.timeouts++;
      if (this.timeouts >= this.timing.maxTimeouts) {
        // A reader that stopped answering is re-opened from scratch (it may have been replugged or reset).
        this.log('warn', 'reader stopped answering; reopening', { timeouts: this.timeouts });
        await this.disconnect();
        this.setStatus({ state: 'error', error: info });
        return;
      }
    }
    this.log('warn', 'card operation failed', { ...info });
    if (this.card && info.code !== 'READER_TIMEOUT') this.cardGone();
    this.setStatus({ state: 'error', reader: this.reader ?? undefined, error: info });
  }

  private cardGone(): void {
    if (!this.card) return;
    this.card = null;
    this.cardId = null;
    this.safeEmit('card-removed');
    if (this.reader) this.setStatus({ state: 'idle', reader: this.reader });
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.reader = null; // first, so cardGone() does not announce an idle reader that is going away
    this.cardGone();
    if (client) {
      client.dispose();
      await client.transport.close().catch(() => undefined);
    }
  }

  private setStatus(next: ReaderStatus): void {
    // Called on every poll: the JSON of the last status is kept, so an unchanged status costs one stringify.
    const json = JSON.stringify(next);
    if (json === this.statusJson) return;
    this.statusJson = json;
    this.status = JSON.parse(json) as ReaderStatus;
    this.safeEmit('status', structuredClone(this.status));
  }

  /** A listener that throws is a bug elsewhere; it must not be mistaken for a reader failure or stop the loop. */
  private safeEmit<K extends keyof ReaderDriverEvents>(event: K, ...args: ReaderDriverEvents[K]): void {
    // Each listener on its own: EventEmitter.emit would skip the remaining listeners after one throws.
    // rawListeners keeps once() wrappers, so calling them still removes them.
    for (const listener of this.rawListeners(event) as Array<(...a: ReaderDriverEvents[K]) => void>) {
      try {
        listener.apply(this, args);
      } catch (e) {
        this.log('error', `a '${String(event)}' listener threw`, { error: String(e) });
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
