// The consent step: a session starts (admission, a third party's name checked, the agreement loaded in the
// session's language), the person agrees or refuses, and the decision is recorded as a consent receipt before the
// flow moves on. Its slice — the agreement shown and the confirmations ticked — is kept until the guardian step
// (whose receipt is on the same agreement) and wiped with the session.
import { HexinError } from '../../../common/errors';
import type {
  AgreementView,
  ConsentDecisionCommand,
  SessionView,
  StartCommand,
} from '../../../common/session';
import type { SessionCore } from '../core';
import type { SessionThirdParty } from '../ports';
import type { ActiveSession } from '../session-state';
import { thirdPartyName } from '../view';
import { emptyCard } from './card';
import { emptyAttempt } from './capture';
import { applyPace, elderlyConfig } from './elderly';
import { endSession, failSession } from './ended';
import { warmIntent } from './intent';
import { emptyMatch } from './match';
import { emptyRetry } from './retry';

export interface ConsentSlice {
  agreement: AgreementView | null;
  /** Ids of the agreement's confirmations the person ticked. */
  confirmations: string[];
  /** A consent receipt is being written: a second tap must not write another or move on twice. */
  recording: boolean;
}

export function wipeConsent(s: ConsentSlice): void {
  s.agreement = null;
  s.confirmations = [];
}

/** What a trusted caller (the business-app API, never the renderer) adds when it starts a session. */
export interface StartOptions {
  /** The third party the person will be asked to authorise; the signed result goes to it only. */
  thirdParty?: SessionThirdParty;
}

const THIRD_PARTY_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Starts a session. `options` come from a trusted caller in main (the business-app API) — the renderer's
 * command cannot name a third party, so a screen alone can never send a result anywhere.
 */
export async function start(
  core: SessionCore,
  cmd: StartCommand,
  options: StartOptions,
): Promise<SessionView> {
  // Every start — the screen's and the business app's — passes the admission check once (the trusted
  // environment: main/session/adapters/environment-gate.ts) before anything of a session exists.
  await core.ports.admission?.admit();
  if (core.session) throw new HexinError('SESSION_WRONG_STEP', 'a session is already running');
  const thirdParty = options.thirdParty ?? null;
  if (
    thirdParty &&
    (!THIRD_PARTY_ID.test(thirdParty.id) || !thirdParty.name || thirdParty.name.length > 200)
  ) {
    throw new HexinError('THIRD_PARTY_UNKNOWN', 'the third party has no valid id or display name');
  }
  // A result is signed for a purpose: a party without one would silently receive nothing.
  if (thirdParty && !cmd.purpose) {
    throw new HexinError('SESSION_BAD_COMMAND', 'a session for a third party needs a purpose');
  }
  const elderly = cmd.elderly ? elderlyConfig(core) : null;
  core.terminalDeadlineMs = null;
  core.terminal = { step: 'attract' };
  // The pace is the flow's before its first step and idle countdown start.
  applyPace(core, elderly);
  const { config, ports } = core;
  if (cmd.language && config.languages.available.includes(cmd.language)) core.language = cmd.language;
  const now = ports.clock.now();
  const s: ActiveSession = {
    id: ports.random.uuid(),
    startedAtMs: now,
    purpose: cmd.purpose ?? null,
    thirdParty,
    agreement: null,
    confirmations: [],
    recording: false,
    ...emptyCard(),
    ...emptyAttempt(config.session.probeEmbeddings),
    ...emptyMatch(),
    ...emptyRetry(config.session.maxRetries),
    intent: null,
    continuity: null,
    idleDeadlineMs: now,
    stepDeadlineMs: null,
    elderly,
    token: null,
  };
  core.session = s;
  core.audit(s, 'session.started', {
    purpose: s.purpose,
    language: core.language,
    elderly: elderly !== null,
  });
  core.events.emit({
    type: 'started',
    sessionId: s.id,
    atMs: now,
    purpose: s.purpose,
    language: core.language,
    thirdPartyId: thirdParty?.id ?? null,
  });
  warmIntent(core, s);
  core.touch();
  core.startTicking();
  core.go({ type: 'start' });
  const signal = core.flow.signal();
  try {
    const agreement = await ports.agreements.current(
      core.language,
      thirdParty ? { thirdParty: thirdPartyName(thirdParty, core.language) } : {},
    );
    if (signal.aborted) return core.view();
    s.agreement = agreement;
    core.emit();
  } catch (e) {
    if (!signal.aborted) failSession(core, s, e);
  }
  return core.view();
}

export async function decideConsent(core: SessionCore, cmd: ConsentDecisionCommand): Promise<SessionView> {
  const s = core.require('consent');
  core.touch();
  const a = s.agreement;
  if (!a) throw new HexinError('SESSION_WRONG_STEP', 'the agreement is not shown yet');
  if (
    cmd.agreementId !== a.id ||
    cmd.version !== a.version ||
    cmd.sha256 !== a.sha256 ||
    cmd.language !== a.language
  ) {
    throw new HexinError('CONSENT_STALE', 'the decision names another agreement than the one shown', {
      shown: `${a.id}@${a.version}`,
    });
  }
  if (cmd.decision === 'agree') {
    const missing = a.confirmations
      .filter((c) => c.required && !cmd.confirmations.includes(c.id))
      .map((c) => c.id);
    if (!cmd.scrolledToEnd || missing.length > 0) {
      throw new HexinError(
        'CONSENT_INCOMPLETE',
        'agree needs the text scrolled to the end and every confirmation',
        {
          scrolledToEnd: cmd.scrolledToEnd,
          missing,
        },
      );
    }
  }
  const decision = cmd.decision === 'agree' ? 'agree' : 'refuse';
  if (s.recording) throw new HexinError('SESSION_WRONG_STEP', 'the decision is already being recorded');
  s.confirmations = a.confirmations.filter((c) => cmd.confirmations.includes(c.id)).map((c) => c.id);
  const signal = core.flow.signal();
  await recordConsent(core, s, decision, false);
  if (signal.aborted) return core.view();
  core.audit(s, decision === 'agree' ? 'consent.agreed' : 'consent.refused', {
    agreement: `${a.id}@${a.version}`,
  });
  if (decision === 'refuse') {
    endSession(core, s, 'refused', { step: 'refused' });
  } else {
    core.go({ type: 'agreed' });
    core.ports.cards.requestCard();
  }
  return core.view();
}

/**
 * Writes the consent receipt for the agreement shown (the person's, or the guardian's on the same agreement).
 * Without a receipt there is no consent on record: a failure ends the session. One at a time (`recording`).
 */
export async function recordConsent(
  core: SessionCore,
  s: ActiveSession,
  decision: 'agree' | 'refuse',
  guardian: boolean,
): Promise<void> {
  const a = s.agreement;
  if (!a) return;
  s.recording = true;
  try {
    await core.ports.consent.record({
      sessionId: s.id,
      kioskId: core.config.kiosk.id,
      atMs: core.ports.clock.now(),
      agreementId: a.id,
      version: a.version,
      language: a.language,
      sha256: a.sha256,
      decision,
      confirmations: s.confirmations,
      guardian,
      // The receipt names the party exactly as the agreement text shown named it.
      ...(s.thirdParty
        ? { thirdParty: { id: s.thirdParty.id, name: thirdPartyName(s.thirdParty, a.language) } }
        : {}),
    });
  } catch (e) {
    failSession(core, s, e);
  } finally {
    s.recording = false;
  }
}
