// CardSource backed by the ID-card reader driver (main/devices/idcard): turns its status / card / card-removed
// events into the session's, hands a card over only when the session asked for one, and converts the parsed card
// into the session's shape (masked summary, dates, decoded photo). When the session asks, the driver reads the
// reader again (rereadCard): a card already lying there is handed over as read now, so the person need not lift it
// and put it back — and a card lifted within one poll of the question is never handed over from the driver's copy.
import type { CardType, DecodedPhoto, ParsedCard, ReaderDriver, ReaderStatus } from '../../devices/idcard';
import { maskNumber } from '../../devices/idcard';
import type { MaskedCardSummary, ReaderStatus as ReaderStatusView } from '../../../common/session';
import type { CardSource, CardSourceEvent, SessionCard } from '../ports';

const CARD_TYPES: Record<CardType, MaskedCardSummary['cardType']> = {
  resident: 'resident',
  'foreign-permanent': 'foreigner-2017',
  'foreign-permanent-2023': 'foreigner-2023',
  'hk-macau-taiwan': 'hmt-residence',
};

export function readerStatusView(status: ReaderStatus): ReaderStatusView {
  switch (status.state) {
    case 'no-reader':
      return 'missing';
    case 'idle':
    case 'card-present':
      return 'ready';
    case 'reading':
      return 'reading';
    case 'error':
      return 'error';
  }
}

/** The session's card from a parsed card and its decoded photo, or the code of why it cannot be used. */
export function toSessionCard(card: ParsedCard, photo: DecodedPhoto | null): SessionCard | { error: string } {
  if (!card.idNumberValid) return { error: 'CARD_CHECKSUM' };
  if (!card.birthDate) return { error: 'SESSION_CARD_INVALID' };
  if (!photo) return { error: 'SESSION_REFERENCE_UNUSABLE' };
  return {
    idNumber: card.idNumber,
    name: card.name || card.nameEn || '',
    birthDate: card.birthDate,
    // Unknown validity fails closed: the session treats an unreadable date as expired.
    validUntil: card.validUntil === 'long-term' ? null : (card.validUntil ?? 'unknown'),
    summary: {
      name: card.name || card.nameEn || '',
      maskedNumber: maskNumber(card.idNumber),
      cardType: CARD_TYPES[card.type],
    },
    photo: { width: photo.width, height: photo.height, channels: photo.channels, data: photo.data },
  };
}

export class ReaderCardSource implements CardSource {
  private readonly listeners = new Set<(event: CardSourceEvent) => void>();
  private requested = false;
  private readonly detach: () => void;

  constructor(private readonly driver: ReaderDriver) {
    const onStatus = (status: ReaderStatus) => {
      this.send({ type: 'status', status: readerStatusView(status) });
      if (this.requested && status.state === 'error' && status.error) {
        this.send({ type: 'read-error', code: status.error.code });
      }
    };
    const onCard = (event: { card: ParsedCard; photo: DecodedPhoto | null }) => {
      if (this.requested) this.deliver(event.card, event.photo);
      else event.photo?.data.fill(0); // nobody asked: keep nothing
    };
    const onRemoved = () => this.send({ type: 'card-removed' });
    driver.on('status', onStatus);
    driver.on('card', onCard);
    driver.on('card-removed', onRemoved);
    this.detach = () => {
      driver.off('status', onStatus);
      driver.off('card', onCard);
      driver.off('card-removed', onRemoved);
    };
  }

  subscribe(listener: (event: CardSourceEvent) => void): () => void {
    this.listeners.add(listener);
    listener({ type: 'status', status: readerStatusView(this.driver.getStatus()) });
    return () => this.listeners.delete(listener);
  }

  requestCard(): void {
    this.requested = true;
    this.driver.rereadCard();
  }

  cancelRequest(): void {
    this.requested = false;
  }

  close(): void {
    this.detach();
    this.listeners.clear();
  }

  private deliver(card: ParsedCard, photo: DecodedPhoto | null): void {
    const converted = toSessionCard(card, photo);
    if ('error' in converted) {
      photo?.data.fill(0);
      this.send({ type: 'read-error', code: converted.error });
      return;
    }
    this.requested = false;
    this.send({ type: 'card', card: converted });
  }

  private send(event: CardSourceEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
