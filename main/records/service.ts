// The records service: one object the composition root builds from config and a key provider, owning the
// encrypted store, the audit log and the keyed hash of ID numbers. The session calls it to log events, link a
// session to the person on the card, and keep the result and the device environment of each verification.
import path from 'node:path';
import type { AuditEvent } from './events';
import { AuditLog } from './audit';
import { auditKeyFileOf, type RecordsConfig } from './config';
import type { DeviceEnvironment, EnvironmentVerdict } from './device-environment';
import type { AuditHead } from './audit-head';
import { setAsideLegacyAudit } from './audit-migrate';
import {
  auditSealKeys,
  deriveKeys,
  FileKeyProvider,
  subjectHash,
  type AuditSealKeys,
  type DerivedKeys,
  type KeyProvider,
} from './keys';
import { RecordStore, type StoredRecord } from './store';

/** Shape of main/session's audit events (SessionAuditEvent), accepted as-is so the orchestrator can log here. */
export interface SessionAuditInput {
  type: string;
  sessionId: string;
  kioskId?: string;
  atMs?: number;
  data: Readonly<Record<string, string | number | boolean | null>>;
}

/** What the kiosk keeps of one verification: decisions, scores and model versions, never images or embeddings. */
export interface VerificationResultInput {
  sessionId: string;
  decision: 'pass' | 'fail';
  /** Cosine similarity against the card photo, and the threshold it was judged by. */
  score?: number;
  threshold?: number;
  /** Authority check status, where the deployment has one. */
  authority?: 'match' | 'mismatch' | 'unavailable';
  attempts?: number;
  /** Why the session ended this way (common/session.ts result reason, e.g. MATCHED, NOT_MATCHED). */
  reason?: string;
  modelVersions?: Readonly<Record<string, string>>;
  livenessChallenges?: readonly string[];
  purpose?: string;
}

export class RecordsService {
  private constructor(
    readonly config: RecordsConfig,
    readonly store: RecordStore,
    readonly audit: AuditLog,
    private readonly keys: DerivedKeys,
    private readonly seal: AuditSealKeys,
    readonly now: () => Date,
  ) {}

  /**
   * `sealKeyProvider` keeps the audit seal key (default: a 0600 file at auditKeyFileOf(config)); it is a key of its
   * own so that holding the records key is not enough to re-sign an edited log.
   */
  static async open(
    config: RecordsConfig,
    keyProvider: KeyProvider,
    now: () => Date = () => new Date(),
    sealKeyProvider: KeyProvider = new FileKeyProvider(auditKeyFileOf(config)),
  ): Promise<RecordsService> {
    const keys = deriveKeys(await keyProvider.loadOrCreateKey());
    const seal = auditSealKeys(await sealKeyProvider.loadOrCreateKey());
    const store = await RecordStore.open(path.join(config.dataDir, 'store'), keys.recordKey);
    const auditDir = path.join(config.dataDir, 'audit');
    const rekeyed = await setAsideLegacyAudit(auditDir, keys, seal, config.auditBatchSize, now);
    const audit = await AuditLog.open(auditDir, {
      signingKey: seal.signingKey,
      publicKey: seal.publicKey,
      batchSize: config.auditBatchSize,
      now,
    });
    if (rekeyed) await audit.append(rekeyed);
    return new RecordsService(config, store, audit, keys, seal, now);
  }

  /** The audit log's directory, for `hexin audit verify`. */
  get auditDir(): string {
    return this.audit.dir;
  }

  /** PEM of the audit public key: register it with the back office so a verifier does not trust the kiosk's copy. */
  auditPublicKeyPem(): string {
    return this.seal.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** The audit log's signed head (entry count, last hash, signature, key id): what a back office keeps. */
  auditHead(): Promise<AuditHead> {
    return this.audit.head();
  }

  /** Keyed hash of an ID number (throws ID_NUMBER_INVALID for anything that is not one). */
  subjectOf(idNumber: string): string {
    return subjectHash(this.keys.subjectKey, idNumber);
  }

  /** Logs one event; resolves once it is on disk. Refuses events carrying anything that looks personal. */
  async log(event: AuditEvent | SessionAuditInput): Promise<void> {
    // The session's atMs is dropped: the log's own clock orders entries, and one time per entry is enough.
    const { atMs: _atMs, ...rest } = event as SessionAuditInput;
    await this.audit.append(rest as AuditEvent);
  }

  /** `AuditSink.append` for main/session: same as `log`. */
  append(event: SessionAuditInput): Promise<void> {
    return this.log(event);
  }

  /** Ties a session to the person on the card (keyed hash only) so data-subject requests can find its records. */
  async linkSubject(sessionId: string, idNumber: string): Promise<string> {
    const subject = this.subjectOf(idNumber);
    await this.store.append({ type: 'session', sessionId, subject, data: { kind: 'subject-link' } });
    return subject;
  }

  /** Keeps a verification result (encrypted, retention `result`). */
  async saveResult(input: VerificationResultInput, subject?: string): Promise<StoredRecord> {
    const { sessionId, ...data } = input;
    return this.store.append({
      type: 'result',
      sessionId,
      ...(subject ? { subject } : {}),
      data: { kind: 'verification', ...data },
    });
  }

  /** Keeps the session summary with the kiosk's device environment and the trusted-environment verdict. */
  async saveSession(sessionId: string, data: Record<string, unknown>): Promise<StoredRecord> {
    return this.store.append({ type: 'session', sessionId, data: { kind: 'summary', ...data } });
  }

  /** Keeps the device environment of a session with its verdict, and logs the verdict (not the details). */
  async recordEnvironment(
    sessionId: string,
    environment: DeviceEnvironment,
    verdict: EnvironmentVerdict,
  ): Promise<StoredRecord> {
    const record = await this.store.append({
      type: 'session',
      sessionId,
      data: { kind: 'environment', environment, verdict },
    });
    await this.log({
      type: 'environment.checked',
      sessionId,
      trusted: verdict.trusted,
      reasons: verdict.reasons,
    });
    return record;
  }

  /**
   * Every record about the person with this subject hash: those carrying the hash, and those of any session
   * linked to it (consent receipts are written before the card is read, so they are found through the session).
   */
  async recordsOf(subject: string): Promise<StoredRecord[]> {
    return recordsOfSubject((await this.store.readAll()).records, subject);
  }

  /** Seals the audit log and waits for pending writes (call on shutdown). */
  async close(): Promise<void> {
    await this.store.flush();
    await this.audit.seal();
  }
}

/** `RecordsService.recordsOf` over records already read, for callers that need more from the same read. */
export function recordsOfSubject(records: readonly StoredRecord[], subject: string): StoredRecord[] {
  const sessions = new Set(
    records.filter((r) => r.subject === subject && r.sessionId).map((r) => r.sessionId!),
  );
  return records.filter(
    (r) => r.subject === subject || (r.sessionId !== undefined && sessions.has(r.sessionId)),
  );
}
