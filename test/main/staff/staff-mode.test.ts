// The staff keypad's rate limit (issue: 41 guesses sent at once got 40 STAFF_PIN_WRONG and the unlock; the rule is
// 5 wrong → 300 s): checks are serialised, each attempt is counted before its scrypt, and the count and the block
// are kept in a file so a restart does not lift them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../../main/config/pin';
import { FilePinAttemptStore } from '../../../main/staff/pin-attempts';
import { StaffMode } from '../../../main/staff/staff-mode';

const PIN = '20251201';
let pinHash: string;
const dirs: string[] = [];

beforeAll(async () => {
  pinHash = await hashPin(PIN);
});
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function stateFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hexin-staff-'));
  dirs.push(dir);
  return path.join(dir, 'staff', 'pin-attempts.json');
}

const codeOf = (r: PromiseSettledResult<unknown>): string =>
  r.status === 'fulfilled' ? 'UNLOCKED' : (r.reason as { code: string }).code;

function staffAt(file: string, clock: { t: number }): StaffMode {
  return new StaffMode({
    pinHash,
    now: () => clock.t,
    attempts: new FilePinAttemptStore(file, 300_000, () => clock.t),
  });
}

describe('staff PIN rate limit', () => {
  it('41 guesses at once: 5 wrong, then blocked — the right PIN among them does not unlock', async () => {
    const clock = { t: Date.parse('2026-12-01T10:00:00Z') };
    const staff = staffAt(stateFile(), clock);
    const guesses = Array.from({ length: 41 }, (_, i) => (i === 40 ? PIN : String(100000 + i)));
    const results = await Promise.allSettled(guesses.map((g) => staff.unlock(g)));
    const counts: Record<string, number> = {};
    for (const r of results) counts[codeOf(r)] = (counts[codeOf(r)] ?? 0) + 1;
    expect(counts).toEqual({ STAFF_PIN_WRONG: 5, STAFF_PIN_BLOCKED: 36 });
    expect(staff.isUnlocked()).toBe(false);
    staff.dispose();
  });

  it('the block and the count survive a restart, and the block ends after 300 s', async () => {
    const clock = { t: Date.parse('2026-12-01T10:00:00Z') };
    const file = stateFile();
    const first = staffAt(file, clock);
    for (let i = 0; i < 3; i++)
      await expect(first.unlock('111111')).rejects.toMatchObject({ code: 'STAFF_PIN_WRONG' });
    // Restarted: two more wrong PINs reach the rule's five.
    const second = staffAt(file, clock);
    for (let i = 0; i < 2; i++)
      await expect(second.unlock('111111')).rejects.toMatchObject({ code: 'STAFF_PIN_WRONG' });
    // Restarted again while blocked: still blocked, even for the right PIN.
    const third = staffAt(file, clock);
    await expect(third.unlock(PIN)).rejects.toMatchObject({ code: 'STAFF_PIN_BLOCKED' });
    clock.t += 299_000;
    await expect(staffAt(file, clock).unlock(PIN)).rejects.toMatchObject({ code: 'STAFF_PIN_BLOCKED' });
    clock.t += 1_000;
    const later = staffAt(file, clock);
    await expect(later.unlock(PIN)).resolves.toMatchObject({ unlocked: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ failures: 0 });
    for (const s of [first, second, third, later]) s.dispose();
  });

  it('an attempt is stored before its check runs, and a right PIN forgives the count', async () => {
    const clock = { t: Date.parse('2026-12-01T10:00:00Z') };
    const file = stateFile();
    const disk = new FilePinAttemptStore(file, 300_000, () => clock.t);
    // What the file holds each time a save has finished (the check waits for each save before it goes on).
    const onDisk: unknown[] = [];
    const staff = new StaffMode({
      pinHash,
      now: () => clock.t,
      attempts: {
        load: () => disk.load(),
        save: async (state) => {
          await disk.save(state);
          onDisk.push(JSON.parse(readFileSync(file, 'utf8')));
        },
      },
    });
    await expect(staff.unlock(PIN)).resolves.toMatchObject({ unlocked: true });
    // Counted before the scrypt (a kill during it leaves the attempt counted), forgiven after the match.
    expect(onDisk).toEqual([
      { failures: 1, blockedUntil: 0 },
      { failures: 0, blockedUntil: 0 },
    ]);
    staff.dispose();
  });

  it('an edited (unreadable) attempt file blocks instead of forgiving', async () => {
    const clock = { t: Date.parse('2026-12-01T10:00:00Z') };
    const file = stateFile();
    const staff = staffAt(file, clock);
    await expect(staff.unlock('111111')).rejects.toMatchObject({ code: 'STAFF_PIN_WRONG' });
    writeFileSync(file, '{"failures": -5}');
    await expect(staffAt(file, clock).unlock(PIN)).rejects.toMatchObject({ code: 'STAFF_PIN_BLOCKED' });
    staff.dispose();
  });
});
