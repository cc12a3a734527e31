// Carries out what the back office orders, and says how it went. Erase: every record of the person (found through
// the fleet-subject note kept when their card was accepted, then everything linked to their local subject) is
// removed from the encrypted store, the fleet outbox drops what it had not shipped about them, and the erasure is
// audited. Withdraw: consent is withdrawn for each local subject found the same way, as the kiosk's own withdraw does
// (ConsentService.withdrawSubject: results and session records go, the receipts and the links that find them stay,
// a withdrawal receipt is written), unsent outbox items about them are dropped, and it is audited. Config: a config signed by the back office for this kiosk's group, validated merged over the kiosk's own,
// stored and applied to the running kiosk at the next idle moment (no session running; main/config/live.ts): what
// the services read at use changes at once, what they read only at start is reported as pending a restart. A
// config that does not verify or validate is refused with the reason.
import { compactVerify, importJWK } from 'jose';
import type { EnrolReply, FleetOrder, FleetSubject, OrderAck } from '../../common/fleet';
import { SignedConfigSchema } from '../../common/fleet';
import type { LiveConfig } from '../config/live';
import type { ConsentService } from '../consent/service';
import type { RecordsService } from '../records/service';
import type { StoredRecord } from '../records/store';
import { recordsOfSubject } from '../records/service';
import type { FleetQueue } from './queue';
import { errorMessage } from '../../common/errors';

/** Sections a group config may set; the kiosk's identity, its links, keys and staff PIN stay local. */
export const REMOTE_CONFIG_SECTIONS = [
  'languages',
  'consent',
  'session',
  'lockout',
  'guardian',
  'liveness',
  'intent',
  'verify',
] as const;

export interface OrderContext {
  records: Pick<RecordsService, 'store' | 'log' | 'subjectOf'>;
  consent: Pick<ConsentService, 'withdrawSubject'>;
  config: Pick<LiveConfig, 'prepare' | 'apply'>;
  queue: FleetQueue;
  enrolment: EnrolReply;
  /** No session is running. */
  idle: () => boolean;
}

/** The note that ties a local subject to its fleet subjects (kept with the session's records). */
export async function noteFleetSubject(
  records: OrderContext['records'],
  sessionId: string,
  idNumber: string,
  subjects: readonly FleetSubject[],
): Promise<void> {
  await records.store.append({
    type: 'session',
    sessionId,
    subject: records.subjectOf(idNumber),
    data: { kind: 'fleet-subject', fleet: subjects.map((s) => s.h) },
  });
}

/** The acknowledgement, or null when the order must wait (a config while a session runs). */
export async function runOrder(order: FleetOrder, ctx: OrderContext): Promise<OrderAck | null> {
  switch (order.kind) {
    case 'dsr.erase':
      return erase(order.id, order.payload, ctx);
    case 'dsr.withdraw':
      return withdraw(order.id, order.payload, ctx);
    case 'dsr.locate':
      return locate(order.id, order.payload, ctx);
    case 'config':
      return applyConfig(order.id, order.payload.jws, ctx);
  }
}

/** The local subjects (this kiosk's keyed hashes) of the people these fleet subjects name. */
function localSubjects(all: readonly StoredRecord[], wanted: ReadonlySet<string>): Set<string> {
  return new Set(
    all
      .filter((r) => r.data.kind === 'fleet-subject' && r.subject)
      .filter((r) => Array.isArray(r.data.fleet) && r.data.fleet.some((h) => wanted.has(String(h))))
      .map((r) => r.subject!),
  );
}

async function erase(
  id: string,
  payload: { requestId: string; subjects: FleetSubject[] },
  ctx: OrderContext,
): Promise<OrderAck> {
  const wanted = new Set(payload.subjects.map((s) => s.h));
  const all = (await ctx.records.store.readAll()).records;
  const locals = localSubjects(all, wanted);
  const ids = new Set([...locals].flatMap((s) => recordsOfSubject(all, s)).map((r) => r.id));
  const { removed } = ids.size > 0 ? await ctx.records.store.rewrite((r) => !ids.has(r.id)) : { removed: [] };
  const dropped = await ctx.queue.dropSubjects(wanted);
  for (const subject of locals)
    await ctx.records.log({
      type: 'dsr.erased',
      requestId: payload.requestId,
      subject,
      affected: removed.length,
    });
  return {
    id,
    ok: true,
    detail: `erased ${removed.length} records of ${locals.size} subject(s); ${dropped} unsent items dropped`,
    affected: removed.length,
  };
}

async function locate(
  id: string,
  payload: { requestId: string; subjects: FleetSubject[] },
  ctx: OrderContext,
): Promise<OrderAck> {
  const all = (await ctx.records.store.readAll()).records;
  const locals = localSubjects(all, new Set(payload.subjects.map((s) => s.h)));
  const held = new Set([...locals].flatMap((s) => recordsOfSubject(all, s)).map((r) => r.id)).size;
  for (const subject of locals)
    await ctx.records.log({ type: 'dsr.located', requestId: payload.requestId, subject, affected: held });
  return { id, ok: true, detail: `holds ${held} records of ${locals.size} subject(s)`, affected: held };
}

async function withdraw(
  id: string,
  payload: { requestId: string; subjects: FleetSubject[] },
  ctx: OrderContext,
): Promise<OrderAck> {
  const wanted = new Set(payload.subjects.map((s) => s.h));
  const locals = localSubjects((await ctx.records.store.readAll()).records, wanted);
  let deleted = 0;
  for (const subject of locals) {
    const out = await ctx.consent.withdrawSubject(subject, { requestId: payload.requestId });
    deleted += out.deletedRecords;
    await ctx.records.log({
      type: 'dsr.withdrawn',
      requestId: payload.requestId,
      subject,
      affected: out.deletedRecords,
    });
  }
  const dropped = await ctx.queue.dropSubjects(wanted);
  return {
    id,
    ok: true,
    detail:
      `consent withdrawn for ${locals.size} subject(s): ${deleted} records deleted, consent receipts kept ` +
      `with a withdrawal receipt; ${dropped} unsent items dropped`,
    affected: deleted,
  };
}

async function applyConfig(id: string, jws: string, ctx: OrderContext): Promise<OrderAck | null> {
  let signed;
  try {
    const key = await importJWK({ ...ctx.enrolment.configKey, alg: 'EdDSA' }, 'EdDSA');
    const { payload } = await compactVerify(jws, key, { algorithms: ['EdDSA'] });
    signed = SignedConfigSchema.parse(JSON.parse(Buffer.from(payload).toString('utf8')));
  } catch {
    return { id, ok: false, detail: 'the config does not verify with the back office config key' };
  }
  if (signed.group !== ctx.enrolment.group)
    return {
      id,
      ok: false,
      detail: `config for group ${signed.group}, this kiosk is in ${ctx.enrolment.group}`,
    };
  const foreign = Object.keys(signed.config).filter(
    (k) => !(REMOTE_CONFIG_SECTIONS as readonly string[]).includes(k),
  );
  if (foreign.length > 0)
    return { id, ok: false, detail: `sections not set remotely: ${foreign.join(', ')}` };
  let change;
  try {
    change = ctx.config.prepare(signed.config, `fleet config v${signed.version}`);
  } catch (e) {
    return { id, ok: false, detail: errorMessage(e).slice(0, 500) };
  }
  if (!ctx.idle()) return null;
  ctx.config.apply(change);
  const pending = change.pendingRestart;
  return {
    id,
    ok: true,
    detail:
      `config v${signed.version} applied${pending.length ? `; pending restart: ${pending.join(', ')}` : ''}`.slice(
        0,
        500,
      ),
    appliedVersion: signed.version,
    pendingRestart: pending.slice(0, 50),
  };
}
