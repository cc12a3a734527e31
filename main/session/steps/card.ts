// The card step: the reader is asked for the card (it reads the reader again: adapters/reader-card-source.ts),
// the card is checked (expired, unreadable birth date, locked out), its chip photo is embedded while the person
// reads the summary, and the person confirms it is theirs — then the guardian step for a minor, the staff counter
// for a young child, capture otherwise. Staff may type a card in (manual entry) when an authority can supply the
// photo. Its slice — the card, its lock-out key, age, the chip photo's embedding — lives until the session ends.
import { HexinError } from '../../../common/errors';
import type { CardConfirmationCommand, SessionStep, SessionView } from '../../../common/session';
import { ageOn, isExpired } from '../card-rules';
import type { SessionCore } from '../core';
import type { CardSourceEvent, SessionCard } from '../ports';
import type { ActiveSession } from '../session-state';
import { enterCapture } from './capture';
import { endSession, lockedScreen } from './ended';

export interface CardSlice {
  card: SessionCard | null;
  cardKey: string | null;
  age: number | null;
  cardError: string | null;
  reference: Float32Array | null;
  referencePromise: Promise<Float32Array | null> | null;
}

export function emptyCard(): CardSlice {
  return { card: null, cardKey: null, age: null, cardError: null, reference: null, referencePromise: null };
}

/** Drops the card (declined, or the session ended), zeroing its photo and the photo's embedding. */
export function wipeCard(s: CardSlice): void {
  s.card?.photo?.data.fill(0);
  s.card = null;
  s.cardKey = null;
  s.age = null;
  s.reference?.fill(0);
  s.reference = null;
  s.referencePromise = null; // a late embedding sees s.card changed and zeroes itself
}

/** Steps after a card was read: pulling the card out there ends the session. */
const CARD_HELD_STEPS: ReadonlySet<SessionStep> = new Set([
  'card',
  'guardian',
  'capture',
  'liveness',
  'match',
  'intent',
  'retry',
]);

export function onCardEvent(core: SessionCore, event: CardSourceEvent): void {
  const s = core.session;
  switch (event.type) {
    case 'status':
      core.readerStatus = event.status;
      if (core.step === 'card') core.emit();
      return;
    case 'read-error':
      if (s && core.step === 'card' && !s.card) {
        s.cardError = event.code;
        core.audit(s, 'card.read-failed', { code: event.code });
        core.emit();
      }
      return;
    case 'card-removed':
      if (s && s.card && CARD_HELD_STEPS.has(core.step)) {
        endSession(core, s, 'card-removed', { step: 'error', code: 'SESSION_CARD_REMOVED' });
      }
      return;
    case 'card':
      if (!s || core.step !== 'card' || s.card) {
        // Not asked for: never keep it.
        event.card.photo?.data.fill(0);
        return;
      }
      acceptCard(core, s, event.card);
      return;
  }
}

/**
 * Staff typed the holder's identity from the physical card because the reader could not read it (the bank
 * counter's manual entry; main/session/adapters/manual-card.ts builds the card). With no chip photo the face can
 * only be compared with the authority's photo, so this is refused when no authority check is wired.
 */
export function enterCardManually(core: SessionCore, card: SessionCard): SessionView {
  if (card.source !== 'manual' || card.photo !== null)
    throw new Error('enterCardManually takes a manual card');
  if (!core.ports.authority) {
    throw new HexinError(
      'MANUAL_ENTRY_NEEDS_AUTHORITY',
      'manual card entry needs an authority source to compare the face with (authority config)',
    );
  }
  const s = core.require('card');
  if (s.card) throw new HexinError('SESSION_WRONG_STEP', 'a card was already read for this session');
  core.touch();
  acceptCard(core, s, card);
  return core.view();
}

export function confirmCard(core: SessionCore, cmd: CardConfirmationCommand): SessionView {
  const s = core.require('card');
  core.touch();
  if (!s.card || s.age === null) throw new HexinError('SESSION_WRONG_STEP', 'no card has been read yet');
  if (!cmd.confirmed) {
    // Not their card (or not the one they meant): drop it and wait for another.
    core.audit(s, 'card.declined', {});
    wipeCard(s);
    core.ports.cards.requestCard();
    core.emit();
    return core.view();
  }
  const g = core.config.guardian;
  core.audit(s, 'card.confirmed', { minor: s.age < g.guardianAge });
  if (g.enabled && s.age < g.staffAssistedAge) {
    endSession(core, s, 'staff-required', { step: 'staff-required' });
  } else if (g.enabled && s.age < g.guardianAge) {
    core.go({ type: 'guardianNeeded' });
  } else {
    enterCapture(core, s, 'cardConfirmed');
  }
  return core.view();
}

function acceptCard(core: SessionCore, s: ActiveSession, card: SessionCard): void {
  const { ports } = core;
  ports.cards.cancelRequest();
  const now = ports.clock.now();
  const age = ageOn(card.birthDate, now);
  const rejection = isExpired(card.validUntil, now)
    ? 'SESSION_CARD_EXPIRED'
    : age === null
      ? 'SESSION_CARD_INVALID'
      : null;
  if (rejection) {
    card.photo?.data.fill(0);
    s.cardError = rejection;
    core.audit(s, 'card.rejected', { code: rejection });
    ports.cards.requestCard();
    core.emit();
    return;
  }
  const key = core.lockout.keyFor(card.idNumber);
  const lock = core.lockout.state(key);
  if (lock.locked && lock.untilMs !== null) {
    card.photo?.data.fill(0);
    core.audit(s, 'card.locked-out', {});
    endSession(core, s, 'locked', lockedScreen(lock.untilMs, now));
    return;
  }
  s.card = card;
  s.cardKey = key;
  s.age = age;
  s.cardError = null;
  core.audit(s, 'card.read', { cardType: card.summary.cardType });
  core.events.emit({
    type: 'cardAccepted',
    sessionId: s.id,
    atMs: now,
    idNumber: card.idNumber,
    source: card.source === 'manual' ? 'manual' : 'chip',
  });
  if (card.photo) embedChipPhoto(core, s, card, card.photo);
  // Typed in by staff: no chip photo to embed; the authority's photo is the reference (steps/match.ts).
  core.emit();
}

/**
 * Embeds the chip photo now, while the person reads the summary, so the match does not wait for it. The embedding
 * belongs to this card of this session: once the session's scope is aborted or the card was dropped, it is zeroed.
 */
function embedChipPhoto(
  core: SessionCore,
  s: ActiveSession,
  card: SessionCard,
  photo: NonNullable<SessionCard['photo']>,
): void {
  const signal = core.flow.sessionSignal();
  const pending = core.ports.faces.embedReference(photo).then((reference) => {
    if (signal.aborted || s.card !== card) {
      reference.fill(0);
      return null;
    }
    s.reference = reference;
    return reference;
  });
  // A failure is kept as a failed promise: the match step reports it (SESSION_REFERENCE_UNUSABLE). Tracked so
  // settled() also waits for it, and never an unhandled rejection.
  core.track(
    pending.then(
      () => undefined,
      () => undefined,
    ),
  );
  s.referencePromise = pending;
}
