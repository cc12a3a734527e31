// Lock-outs outlive the process (issue: they were in memory with a per-process key and vanished on restart): an
// encrypted file with a persistent key keeps every acknowledged lock through a kill -9, holds no card number, and
// locks still end on time.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyProvider } from '../../../main/records/keys';
import { ManualClock } from '../../../main/session/clock';
import { LockoutTracker } from '../../../main/session/lockout';
import { openLockoutStore } from '../../../main/session/lockout-store';

const RULE = { maxFailures: 3, windowMinutes: 30, lockMinutes: 30 };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hexin-lockout-'));
  dirs.push(dir);
  return dir;
}

async function open(dir: string, clock: ManualClock, onUnreadable?: (why: string) => void) {
  const { store, cardKey } = await openLockoutStore(
    path.join(dir, 'lockouts.bin'),
    new FileKeyProvider(path.join(dir, 'keys', 'lockout.key')),
    onUnreadable,
  );
  return new LockoutTracker(RULE, clock, cardKey, store);
}

/** Runs the writer child until it has acknowledged `acks` states, then kills it with SIGKILL mid-write. */
function writeThenKill(dir: string, acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve('test/main/session/fixtures/lockout-writer.ts'), dir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.split('\n').length > acks) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended without being killed (${signal})`));
      else resolve(out.split('\n').filter((l) => l.startsWith('ack ')));
    });
  });
}

describe('lock-outs on disk', () => {
  it('a restart keeps the lock and the failure count; the lock ends on time', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    const card = '110101199003071234';
    const first = await open(dir, clock);
    const key = first.keyFor(card);
    first.recordFailure(key);
    first.recordFailure(key);
    // Restarted: the two failures are remembered, the third locks.
    const second = await open(dir, clock);
    expect(second.keyFor(card)).toBe(key);
    expect(second.recordFailure(key)).toEqual({ locked: true, untilMs: clock.now() + 30 * 60_000 });
    const third = await open(dir, clock);
    expect(third.state(key).locked).toBe(true);
    expect(third.lockedCount()).toBe(1);
    clock.advance(30 * 60_000 - 1);
    expect((await open(dir, clock)).state(key).locked).toBe(true);
    clock.advance(1);
    expect((await open(dir, clock)).state(key)).toEqual({ locked: false, untilMs: null });
  });

  it('staff clear is kept too', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    const t = await open(dir, clock);
    const key = t.keyFor('110101199003071234');
    for (let i = 0; i < 3; i++) t.recordFailure(key);
    t.clear();
    expect((await open(dir, clock)).lockedCount()).toBe(0);
  });

  it('keeps every acknowledged lock through a kill -9 mid-write, and the file holds no card number', async () => {
    const dir = dataDir();
    const acked = await writeThenKill(dir, 200);
    expect(acked.length).toBeGreaterThanOrEqual(200);
    const lastOf = new Map<string, { locked: boolean; untilMs: number; failures: number }>();
    for (const line of acked) {
      const [, card, locked, until] = line.split(' ') as [string, string, string, string];
      const prev = lastOf.get(card);
      lastOf.set(card, {
        locked: locked === 'true',
        untilMs: Number(until),
        failures: (prev?.failures ?? 0) + 1,
      });
    }
    const clock = new ManualClock(Date.now());
    const after = await open(dir, clock);
    const { store } = await openLockoutStore(
      path.join(dir, 'lockouts.bin'),
      new FileKeyProvider(path.join(dir, 'keys', 'lockout.key')),
    );
    const onDisk = store.load();
    let locks = 0;
    for (const [card, s] of lastOf) {
      const key = after.keyFor(card);
      if (s.locked) {
        locks += 1;
        expect(after.state(key)).toEqual({ locked: true, untilMs: s.untilMs });
      } else {
        // Every acknowledged failure is there (one more at most: written, killed before it was acknowledged).
        const kept = after.state(key).locked ? RULE.maxFailures : (onDisk.failures[key]?.length ?? 0);
        expect(kept).toBeGreaterThanOrEqual(s.failures);
        expect(kept).toBeLessThanOrEqual(s.failures + 1);
      }
    }
    expect(locks).toBeGreaterThan(20);
    const bytes = readFileSync(path.join(dir, 'lockouts.bin'));
    for (const card of lastOf.keys()) {
      expect(bytes.includes(card)).toBe(false);
      expect(bytes.includes(after.keyFor(card))).toBe(false);
    }
  }, 60_000);

  it('an altered file is set aside and reported, never trusted', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    const t = await open(dir, clock);
    t.recordFailure(t.keyFor('110101199003071234'));
    const file = path.join(dir, 'lockouts.bin');
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(file, bytes);
    const reports: string[] = [];
    const reopened = await open(dir, clock, (why) => reports.push(why));
    expect(reopened.lockedCount()).toBe(0);
    expect(reports).toHaveLength(1);
    expect(readdirSync(dir).some((f) => f.startsWith('lockouts.bin.unreadable-'))).toBe(true);
  });
});
