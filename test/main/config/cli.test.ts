import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeConfigCommand, patchFor, parseValue } from '../../../main/cli/commands/config';
import { main } from '../../../main/cli/index';
import { verifyPin } from '../../../main/config/pin';

let dir: string;
let out: string;
let err: string;
const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hexin-config-cli-'));
  out = '';
  err = '';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('hexin config', () => {
  it('checks a config file and prints the effective values, the PIN hash redacted', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ kiosk: { id: 'branch-7' }, session: { maxRetries: 2 } }));
    expect(await main(['config', 'check', '--file', file, '--json'], io)).toBe(0);
    const doc = JSON.parse(out) as {
      config: { kiosk: { id: string }; session: { maxRetries: number; idleTimeoutSeconds: number } };
    };
    expect(doc.config.kiosk.id).toBe('branch-7');
    expect(doc.config.session).toMatchObject({ maxRetries: 2, idleTimeoutSeconds: 60 });
    out = '';
    expect(await main(['config', 'check', '--file', file], io)).toBe(0);
    expect(out).toContain('kiosk branch-7');
    expect(out).toContain('staff PIN not set');
  });

  it('fails with CONFIG_INVALID naming the field', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ lockout: { lockMinutes: 0 } }));
    expect(await main(['config', 'check', '--file', file, '--json'], io)).toBe(1);
    const doc = JSON.parse(out) as { error: { code: string; message: string } };
    expect(doc.error.code).toBe('CONFIG_INVALID');
    expect(doc.error.message).toContain('lockout.lockMinutes');
  });

  it('sets one validated value and refuses an invalid one without writing it', async () => {
    const file = join(dir, 'config.json');
    expect(await main(['config', 'set', 'session.idleTimeoutSeconds', '90', '--file', file], io)).toBe(0);
    expect(await main(['config', 'set', 'kiosk.id', 'k-12', '--file', file], io)).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      session: { idleTimeoutSeconds: 90 },
      kiosk: { id: 'k-12' },
    });
    expect(await main(['config', 'set', 'session.idleTimeoutSeconds', '"soon"', '--file', file], io)).toBe(1);
    expect(await main(['config', 'set', 'staff.pinHash', '123456', '--file', file], io)).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).session.idleTimeoutSeconds).toBe(90);
  });

  it('hashes a staff PIN from stdin and stores only the hash', async () => {
    const file = join(dir, 'config.json');
    const command = makeConfigCommand(async () => '73915824');
    expect(await command.run(['hash-pin', '--set', '--file', file, '--json'], io)).toBe(0);
    const { pinHash } = JSON.parse(out) as { pinHash: string };
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain('73915824');
    expect(JSON.parse(stored).staff.pinHash).toBe(pinHash);
    expect(await verifyPin('73915824', pinHash)).toBe(true);
    await expect(
      makeConfigCommand(async () => '12').run(['hash-pin', '--file', file], io),
    ).rejects.toMatchObject({
      code: 'STAFF_PIN_INVALID',
    });
  });

  it('builds patches from dotted keys and reads values as JSON when they are', () => {
    expect(patchFor('a.b.c', 1)).toEqual({ a: { b: { c: 1 } } });
    expect(() => patchFor('a..b', 1)).toThrow();
    expect(() => patchFor('__proto__.x', 1)).toThrow();
    expect(parseValue('true')).toBe(true);
    expect(parseValue('["en"]')).toEqual(['en']);
    expect(parseValue('hello')).toBe('hello');
  });

  it('prints usage for a wrong call', async () => {
    expect(await main(['config', 'set', 'only-key'], io)).toBe(2);
    expect(out).toContain('usage: hexin config');
  });
});
