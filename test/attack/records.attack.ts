// The attacks behind issue 14 items 3-6 at full counts (`npm run test:attack`); their small versions run in
// npm test (test/main/config/strict.test.ts, test/main/records/audit-head.test.ts, test/main/staff/staff-mode.test.ts,
// test/main/session/lockout.test.ts).
import { describe, expect, it } from 'vitest';
import { saveFigures, type Figures } from './lib/figures';
import {
  attackAuditTruncation,
  attackConfig,
  attackLockoutKills,
  attackStaffPin,
} from './lib/records-attacks';

const SEED = Number(process.env.HEXIN_ATTACK_SEED ?? 20261201);

function record(f: Figures) {
  saveFigures(f);
  console.log(
    `[attack] ${f.attack}: ${f.inputs} inputs, ${f.crashes} crashes, ${f.accepted} let through`,
    f.notes,
  );
  expect(f).toMatchObject({ crashes: 0, accepted: 0 });
}

describe('records attacks', () => {
  it('config: every key mistyped, every number absurd', () => record(attackConfig(SEED)));
  it('audit log cut at every byte, and the kiosk started on cut copies', async () =>
    record(await attackAuditTruncation(100, 20, SEED)));
  it('staff PIN: bursts of 41 parallel guesses', async () => record(await attackStaffPin(10)));
  it('lock-outs: writers killed with SIGKILL', async () => record(await attackLockoutKills(10, SEED)));
});
