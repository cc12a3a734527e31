// The records CLI commands end to end on a real data dir: dsr create/list/export/withdraw, records purge and
// stats, audit verify (intact, then after a flipped byte) and audit pubkey.
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCommand } from '../../../main/cli/commands/audit';
import { dsrCommand } from '../../../main/cli/commands/dsr';
import { recordsCommand } from '../../../main/cli/commands/records';
import type { CliCommand } from '../../../main/cli/types';
import { idNumberFrom } from './helpers';

async function run(cmd: CliCommand, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cmd.run(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe('hexin dsr / records / audit', () => {
  it('runs a request through the CLI and the audit log verifies, until a byte is changed', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'hexin-cli-'));
    const config = path.join(root, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        records: { kioskId: 'K-CLI', dsr: { holidays: ['2026-10-01'] } },
        consent: { placeholders: { company: '示例银行' } },
      }),
    );
    const common = ['--data-dir', root, '--config', config, '--json'];
    const id = idNumberFrom('11010119900307451');

    const created = await run(dsrCommand, [
      'create',
      '--kind',
      'copy',
      '--id',
      id,
      '--channel',
      'counter',
      ...common,
    ]);
    expect(created.code).toBe(0);
    const req = JSON.parse(created.out) as { requestId: string; status: string; dueBy: string };
    expect(req.status).toBe('open');

    const listed = JSON.parse((await run(dsrCommand, ['list', ...common])).out) as { requestId: string }[];
    expect(listed.map((r) => r.requestId)).toEqual([req.requestId]);

    const out = path.join(root, 'copy.json');
    expect((await run(dsrCommand, ['export', req.requestId, '--id', id, '--out', out, ...common])).code).toBe(
      0,
    );
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({
      schema: 'hexin-dsr-export/1',
      requestId: req.requestId,
      records: [],
    });
    expect((await stat(out)).mode & 0o077).toBe(0);

    const withdrawn = JSON.parse(
      (await run(dsrCommand, ['withdraw', req.requestId, '--id', id, ...common])).out,
    ) as { receipt: { decision: string } };
    expect(withdrawn.receipt.decision).toBe('withdraw');
    expect(
      (await run(dsrCommand, ['complete', req.requestId, '--status', 'done', '--outcome', 'sent', ...common]))
        .code,
    ).toBe(0);

    const bad = await run(dsrCommand, [
      'create',
      '--kind',
      'copy',
      '--id',
      '123',
      '--channel',
      'x',
      ...common,
    ]).catch((e: { code: string }) => e);
    expect(bad).toMatchObject({ code: 'ID_NUMBER_INVALID' });

    const purge = JSON.parse((await run(recordsCommand, ['purge', ...common])).out) as {
      counts: Record<string, number>;
    };
    expect(purge.counts).toEqual({ consent: 0, result: 0, session: 0, dsr: 0 });
    const stats = JSON.parse((await run(recordsCommand, ['stats', ...common])).out) as {
      counts: Record<string, number>;
    };
    expect(stats.counts).toEqual({ consent: 1, result: 0, session: 0, dsr: 2 });

    const scan = JSON.parse((await run(recordsCommand, ['scan', root, '--json'])).out) as {
      findings: unknown[];
      files: number;
    };
    expect(scan.findings).toEqual([]);
    await writeFile(path.join(root, 'leak.txt'), `note: ${id}\n`);
    const leak = await run(recordsCommand, ['scan', root]);
    expect(leak.code).toBe(1);
    expect(leak.out).toContain('id-number in leak.txt');

    const ok = await run(auditCommand, ['verify', root, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, unsealed: 0 });
    const human = await run(auditCommand, ['verify', path.join(root, 'records', 'audit')]);
    expect(human.out).toMatch(/^audit log intact: \d+ entries/);

    // The registered public key can be given explicitly; a wrong one breaks verification.
    const pem = (await run(auditCommand, ['pubkey', '--data-dir', root, '--config', config])).out;
    await writeFile(path.join(root, 'registered.pem'), pem);
    expect(
      (await run(auditCommand, ['verify', root, '--pubkey', path.join(root, 'registered.pem')])).code,
    ).toBe(0);

    const logFile = path.join(root, 'records', 'audit', 'audit.log');
    const bytes = await readFile(logFile);
    const secondLine = bytes.indexOf(0x0a) + 1;
    bytes[secondLine + 5] ^= 1;
    await writeFile(logFile, bytes);
    const broken = await run(auditCommand, ['verify', root]);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/BROKEN at entry 1 \(line 2/);
    expect((await run(auditCommand, ['verify'])).code).toBe(2);
  });
});
