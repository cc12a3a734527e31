// The attacks behind issue 14 items 3-6, at full counts: mistyped and absurd config values, audit logs cut at every
// byte, parallel staff-PIN guesses, and lock-out writers killed with SIGKILL. Each returns its figures; `accepted`
// counts what got through (a typo or absurd value taken, a cut log verified, an unlock, an acknowledged lock lost).
import { spawn } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HexinError } from '../../../common/errors';
import { parseConfig } from '../../../main/config/load';
import { hashPin } from '../../../main/config/pin';
import { appConfigSchema } from '../../../main/config/schema';
import { AUDIT_FILE, verifyAuditBytes } from '../../../main/records/audit';
import { readHead } from '../../../main/records/audit-head';
import { FileKeyProvider } from '../../../main/records/keys';
import { RecordsService } from '../../../main/records/service';
import { RecordsConfigSchema } from '../../../main/records/config';
import { ManualClock } from '../../../main/session/clock';
import { LockoutTracker } from '../../../main/session/lockout';
import { openLockoutStore } from '../../../main/session/lockout-store';
import { StaffMode } from '../../../main/staff/staff-mode';
import { MemoryPinAttemptStore } from '../../../main/staff/pin-attempts';
import { newFigures, prng, type Figures } from './figures';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every key path of the default config that sits in objects only (arrays and open records left out). */
function leafPaths(value: unknown, at: string[] = []): { path: string[]; value: unknown }[] {
  if (!isObject(value)) return [{ path: at, value }];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...at, k]));
}

const patch = (p: string[], v: unknown): Json =>
  p.reduceRight<unknown>((inner, key) => ({ [key]: inner }), v) as Json;

function refused(raw: Json): boolean {
  try {
    parseConfig(raw);
    return false;
  } catch (e) {
    if (e instanceof HexinError && e.code === 'CONFIG_INVALID') return true;
    throw e;
  }
}

/** Each key of the default config mistyped four ways (a letter dropped, doubled, swapped, its case flipped). */
export function attackConfig(seed: number): Figures {
  const f = newFigures('config-typos-and-absurd-values');
  const r = prng(seed);
  const defaults = appConfigSchema.parse({});
  // Open maps whose keys are the deployment's own names: any key there is legitimate.
  const open = new Set(['consent.placeholders', 'intent.purposes', 'liveness.challengeTimeouts']);
  const leaves = leafPaths(defaults).filter((l) => !open.has(l.path.slice(0, -1).join('.')));
  let typos = 0;
  let absurd = 0;
  for (const { path: p, value } of leaves) {
    const key = p[p.length - 1]!;
    const i = r.int(key.length);
    const variants = new Set([
      key.slice(0, i) + key.slice(i + 1),
      key.slice(0, i) + key[i] + key.slice(i),
      key.slice(0, i) + (key[i + 1] ?? '') + key[i] + key.slice(i + 2),
      key.slice(0, i) +
        (key[i] === key[i]!.toUpperCase() ? key[i]!.toLowerCase() : key[i]!.toUpperCase()) +
        key.slice(i + 1),
    ]);
    variants.delete(key);
    for (const typo of variants) {
      f.inputs += 1;
      typos += 1;
      if (!refused(patch([...p.slice(0, -1), typo], value))) f.accepted += 1;
    }
    if (typeof value === 'number') {
      for (const bad of [3e9, -3e9, 1e300]) {
        f.inputs += 1;
        absurd += 1;
        if (!refused(patch(p, bad))) f.accepted += 1;
      }
    }
  }
  f.notes = { typos, absurdNumbers: absurd, keys: leaves.length };
  return f;
}

/** A log of `events` entries cut at every byte offset: each cut must fail verification against the signed head. */
export async function attackAuditTruncation(
  events: number,
  startSamples: number,
  seed: number,
): Promise<Figures> {
  const f = newFigures('audit-truncation');
  const r = prng(seed);
  const root = await mkdtemp(path.join(tmpdir(), 'hexin-attack-audit-'));
  try {
    const config = RecordsConfigSchema.parse({
      dataDir: path.join(root, 'data'),
      keyFile: path.join(root, 'records.key'),
      auditBatchSize: 32,
    });
    const open = (c = config) => RecordsService.open(c, new FileKeyProvider(c.keyFile));
    const records = await open();
    for (let i = 0; i < events; i++) await records.log({ type: 'session.started', sessionId: `s-${i}` });
    const pem = records.auditPublicKeyPem();
    await records.close();
    const bytes = await readFile(path.join(records.auditDir, AUDIT_FILE));
    const head = (await readHead(path.join(root, 'data', 'audit-head.json')))!;
    const publicKey = createPublicKey(pem);
    for (let cut = 0; cut < bytes.length; cut++) {
      f.inputs += 1;
      if (verifyAuditBytes(bytes.subarray(0, cut), publicKey, undefined, head).ok) f.accepted += 1;
    }
    // The kiosk's start on a sample of cut copies: each must be refused.
    let refusedAtStart = 0;
    for (let s = 0; s < startSamples; s++) {
      const cut = s === 0 ? 0 : r.int(bytes.length);
      const copy = path.join(root, `copy-${s}`);
      await cp(path.join(root, 'data'), path.join(copy, 'data'), { recursive: true });
      await cp(config.keyFile, path.join(copy, 'records.key'));
      await cp(path.join(root, 'audit-seal.key'), path.join(copy, 'audit-seal.key'));
      await truncate(path.join(copy, 'data', 'audit', AUDIT_FILE), cut);
      f.inputs += 1;
      const c = { ...config, dataDir: path.join(copy, 'data'), keyFile: path.join(copy, 'records.key') };
      const opened = await open(c).then(
        () => true,
        () => false,
      );
      if (opened) f.accepted += 1;
      else refusedAtStart += 1;
    }
    f.notes = { logBytes: bytes.length, entries: head.count, cutsVerified: bytes.length, refusedAtStart };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return f;
}

/** `rounds` bursts of 41 guesses sent at once, the right PIN last: no burst may unlock or get more than 5 checks. */
export async function attackStaffPin(rounds: number): Promise<Figures> {
  const f = newFigures('staff-pin-race');
  const pin = '20261201';
  const pinHash = await hashPin(pin);
  let wrong = 0;
  let blocked = 0;
  for (let round = 0; round < rounds; round++) {
    const staff = new StaffMode({ pinHash, attempts: new MemoryPinAttemptStore() });
    const guesses = Array.from({ length: 41 }, (_, i) => (i === 40 ? pin : String(100000 + round * 41 + i)));
    const results = await Promise.allSettled(guesses.map((g) => staff.unlock(g)));
    f.inputs += guesses.length;
    for (const res of results) {
      if (res.status === 'fulfilled') f.accepted += 1;
      else if ((res.reason as HexinError).code === 'STAFF_PIN_WRONG') wrong += 1;
      else blocked += 1;
    }
    staff.dispose();
  }
  // More than 5 wrong answers per burst means more than 5 guesses were checked.
  if (wrong > rounds * 5) f.accepted += wrong - rounds * 5;
  f.notes = { bursts: rounds, wrong, blocked };
  return f;
}

/** A lock-out writer killed with SIGKILL `kills` times at random points: every acknowledged failure must be kept. */
export async function attackLockoutKills(kills: number, seed: number): Promise<Figures> {
  const f = newFigures('lockout-sigkill');
  const r = prng(seed);
  const writer = path.resolve('test/main/session/fixtures/lockout-writer.ts');
  let acknowledged = 0;
  let locks = 0;
  for (let k = 0; k < kills; k++) {
    const dir = await mkdtemp(path.join(tmpdir(), 'hexin-attack-lockout-'));
    try {
      const stopAt = 20 + r.int(300);
      const lines = await new Promise<string[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.split('\n').length > stopAt) child.kill('SIGKILL');
        });
        child.on('error', reject);
        child.on('exit', () => resolve(out.split('\n').filter((l) => l.startsWith('ack '))));
      });
      const last = new Map<string, { locked: boolean; failures: number }>();
      for (const line of lines) {
        const [, card, locked] = line.split(' ') as [string, string, string];
        last.set(card, { locked: locked === 'true', failures: (last.get(card)?.failures ?? 0) + 1 });
      }
      const { store, cardKey } = await openLockoutStore(
        path.join(dir, 'lockouts.bin'),
        new FileKeyProvider(path.join(dir, 'keys', 'lockout.key')),
      );
      const onDisk = store.load();
      const tracker = new LockoutTracker(
        { maxFailures: 3, windowMinutes: 30, lockMinutes: 30 },
        new ManualClock(Date.now()),
        cardKey,
        store,
      );
      for (const [card, s] of last) {
        f.inputs += s.failures;
        acknowledged += s.failures;
        const key = tracker.keyFor(card);
        if (s.locked) {
          locks += 1;
          if (!tracker.state(key).locked) f.accepted += 1;
        } else if (!tracker.state(key).locked && (onDisk.failures[key]?.length ?? 0) < s.failures)
          f.accepted += 1;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  f.notes = { kills, acknowledgedFailures: acknowledged, locks };
  return f;
}
