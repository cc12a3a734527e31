// `hexin reader` through the real CLI dispatcher (in-process), including decode round trips of simulator frames.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../../main/cli/index';
import { DEMO_CARD_IDS, demoCardSpec } from '../../../../main/devices/idcard/demo-cards';
import { hexToBytes } from '../../../../main/devices/idcard/frame';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'hexin-reader-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hexin reader decode', () => {
  it.each(DEMO_CARD_IDS)('round-trips the simulator frame of %s', async (id) => {
    const frame = await run('reader', 'frame', '--demo', id, '--json');
    expect(frame.code).toBe(0);
    const { hex } = JSON.parse(frame.out) as { hex: string };
    const decoded = await run('reader', 'decode', '--hex', hex, '--json');
    expect(decoded.code).toBe(0);
    const card = JSON.parse(decoded.out) as Record<string, unknown>;
    const spec = demoCardSpec(id);
    expect(card).toMatchObject({
      type: spec.type,
      idNumber: spec.idNumber,
      idNumberValid: true,
      birthDate: spec.birthDate,
      validUntil: spec.validUntil,
      photoBytes: 1024,
    });
    expect(card.photo).toBeUndefined();
    expect(card.gender).toBe(spec.genderCode === '1' ? 'male' : 'female');
  });

  it('reads raw and hex frame files', async () => {
    const { out } = await run('reader', 'frame', '--demo', 'hk-macau-taiwan', '--json');
    const hex = (JSON.parse(out) as { hex: string }).hex;
    writeFileSync(join(dir, 'frame.bin'), hexToBytes(hex));
    writeFileSync(join(dir, 'frame.hex'), hex.replace(/(.{64})/g, '$1\n'));
    for (const f of ['frame.bin', 'frame.hex']) {
      const r = await run('reader', 'decode', '--file', join(dir, f), '--json');
      expect(JSON.parse(r.out)).toMatchObject({
        type: 'hk-macau-taiwan',
        passNumber: 'H87654321',
        issueCount: '01',
      });
    }
  });

  it('malformed input exits non-zero with a JSON error', async () => {
    const cases: Array<[string[], string]> = [
      [['--hex', 'AA AA AA 96 69 00 04 00 00 90 95'], 'CARD_CHECKSUM'],
      [['--hex', 'AA AA AA 96 69 00 04 00 00 41 45'], 'CARD_READ_FAILED'],
      [['--hex', 'AA AA AA 96 69 00 04 00 00 90 94'], 'CARD_LAYOUT'],
      [['--hex', 'AAA'], 'HEX_INVALID'],
      [['--file', join(dir, 'missing.bin')], 'FRAME_FILE_INVALID'],
    ];
    for (const [args, code] of cases) {
      const r = await run('reader', 'decode', ...args, '--json');
      expect(r.code).not.toBe(0);
      expect(JSON.parse(r.out)).toEqual({ error: { code, message: expect.any(String) } });
    }
  });

  it('usage errors exit 2', async () => {
    expect((await run('reader', 'decode', '--json')).code).toBe(2);
    expect((await run('reader', 'decode', '--bogus')).code).toBe(2);
    expect((await run('reader')).code).toBe(2);
  });
});

describe('hexin reader read / list', () => {
  it('reads a demo card from the simulated reader and writes its photo', async () => {
    const png = join(dir, 'photo.png');
    const r = await run(
      'reader',
      'read',
      '--simulate',
      'resident-16',
      '--json',
      '--photo-out',
      png,
      '--timeout',
      '20000',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ name: '赵子涵', photo: { width: 102, height: 126 } });
  });

  it('an unknown demo card is CARD_SPEC_INVALID', async () => {
    const r = await run('reader', 'read', '--simulate', 'nobody', '--json');
    expect(JSON.parse(r.out).error.code).toBe('CARD_SPEC_INVALID');
  });

  it('takes the reader section from --config, and reports a bad one', async () => {
    const good = join(dir, 'app.json');
    writeFileSync(
      good,
      JSON.stringify({ reader: { hid: [], serial: [{ path: '/dev/hexin-none', name: 'none' }] } }),
    );
    expect(JSON.parse((await run('reader', 'list', '--config', good, '--json')).out)).toEqual({
      readers: [],
    });
    const noReader = await run('reader', 'read', '--config', good, '--timeout', '300', '--json');
    expect(JSON.parse(noReader.out).error.code).toBe('READER_NOT_FOUND');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ pollIntervalMs: 'fast' }));
    const r = await run('reader', 'list', '--config', bad, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error).toMatchObject({
      code: 'READER_CONFIG_INVALID',
      message: expect.stringContaining('pollIntervalMs'),
    });
    writeFileSync(bad, '{not json');
    expect(JSON.parse((await run('reader', 'list', '--config', bad, '--json')).out).error.code).toBe(
      'READER_CONFIG_INVALID',
    );
  });

  it('lists readers as JSON (none attached here is a valid answer)', async () => {
    const r = await run('reader', 'list', '--json');
    expect(r.code).toBe(0);
    expect(Array.isArray((JSON.parse(r.out) as { readers: unknown[] }).readers)).toBe(true);
  });
});
