// The attacks behind issue 14 items 3-6 at full counts (`npm run test:attack`); their small versions run in
// npm test (test/main/config/strict.test.ts, test/main/records/audit-head.test.ts, test/main/staff/staff-mode.test.ts,
// test/main/session/lockout.test.ts).
import { describe, it } from 'vitest';
import { ATTACK_SEED as SEED, recordFigures as record } from './lib/figures';
import {
  attackAuditTruncation,
  attackConfig,
  attackLockoutKills,
  attackStaffPin,
} from './lib/records-attacks';


describe('records attacks', () => {
  it('config: every key mistyped, every number absurd', () => record(attackConfig(SEED)));
  it('audit log cut at every byte, and the kiosk started on cut copies', async () =>
    record(await attackAuditTruncation(100, 20, SEED)));
  it('staff PIN: bursts of 41 parallel guesses', async () => record(await attackStaffPin(10)));
  it('lock-outs: writers killed with SIGKILL', async () => record(await attackLockoutKills(10, SEED)));
});
