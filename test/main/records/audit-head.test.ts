// The audit log's signed head and its own seal key (issue: 10 of 10 truncations, including to 0 bytes, verified
// `ok` and the kiosk continued the chain from the cut; a log edited and re-signed with the key derived from
// records.key verified against the registered key; unsigned tails of 54 and 62 entries were seen with batch 32).
import { hkdfSync, randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCommand } from '../../../main/cli/commands/audit';
import { AUDIT_FILE, AuditLog, verifyAuditDir } from '../../../main/records/audit';
import { auditSealKeys, deriveKeys, FileKeyProvider } from '../../../main/records/keys';
import { RecordsService } from '../../../main/records/service';
import { openTestKiosk, type TestKiosk } from './helpers';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
  return { code: await auditCommand.run(args, io), out };
}

/** A kiosk that logged `n` events with batch 5 and closed (so there are seals and an unsigned stretch between). */
async function kioskWithLog(n: number, batch = 5): Promise<TestKiosk> {
  const k = await openTestKiosk({ auditBatchSize: batch });
  for (let i = 0; i < n; i++) await k.records.log({ type: 'session.started', sessionId: `s-${i}` });
  return k;
}

const reopen = (k: TestKiosk, root = k.root) =>
  RecordsService.open(
    { ...k.config, dataDir: path.join(root, 'data'), keyFile: path.join(root, 'records.key') },
    new FileKeyProvider(path.join(root, 'records.key')),
  );

describe('audit head', () => {
  it('detects every truncation, to 0 bytes and the whole file gone included — in verify and at start', async () => {
    const k = await kioskWithLog(23);
    await k.records.close();
    const auditDir = k.records.auditDir;
    const bytes = await readFile(path.join(auditDir, AUDIT_FILE));
    const lineEnds = [...bytes.entries()].filter(([, b]) => b === 0x0a).map(([i]) => i + 1);
    expect(lineEnds.length).toBe(23 + 5); // 23 events, a seal after every 5 and one at close
    // Clean cuts at line ends (the last seal, the unsigned tail, half, one entry), cuts inside a line, and 0 bytes.
    const cuts = [
      0,
      lineEnds[0]!,
      lineEnds[5]!,
      lineEnds[Math.floor(lineEnds.length / 2)]!,
      lineEnds[lineEnds.length - 2]!,
      lineEnds[lineEnds.length - 3]!,
      lineEnds[lineEnds.length - 7]!,
      lineEnds[lineEnds.length - 2]! + 10,
      bytes.length - 1,
      17,
    ];
    let detectedByVerify = 0;
    let refusedAtStart = 0;
    for (const [i, cut] of [...cuts, -1].entries()) {
      const root = await mkdtemp(path.join(tmpdir(), 'hexin-cut-'));
      await cp(k.root, root, { recursive: true });
      const copyDir = path.join(root, 'data', 'audit');
      if (cut < 0) await rm(path.join(copyDir, AUDIT_FILE));
      else await truncate(path.join(copyDir, AUDIT_FILE), cut);
      const v = await verifyAuditDir(copyDir);
      if (!v.ok) detectedByVerify += 1;
      else expect.fail(`cut ${i} at ${cut} bytes verified ok`);
      await expect(reopen(k, root), `cut ${i} at ${cut} bytes`).rejects.toMatchObject({
        code: 'AUDIT_BROKEN',
      });
      refusedAtStart += 1;
      if (i === 0) {
        const cli = await run(['verify', copyDir]);
        expect(cli.code).toBe(1);
        expect(cli.out).toMatch(/cut short/);
      }
    }
    expect({ detectedByVerify, refusedAtStart }).toEqual({ detectedByVerify: 11, refusedAtStart: 11 });
  });

  it('a running kiosk does not go on from a cut: its writes fail and the cut stays visible', async () => {
    const k = await kioskWithLog(12);
    const file = path.join(k.records.auditDir, AUDIT_FILE);
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    await writeFile(
      file,
      lines
        .slice(0, 6)
        .map((l) => l + '\n')
        .join(''),
    );
    for (let i = 0; i < 2; i++)
      await expect(k.records.log({ type: 'session.started', sessionId: `after-${i}` })).rejects.toMatchObject(
        {
          code: 'AUDIT_BROKEN',
        },
      );
    expect((await verifyAuditDir(k.records.auditDir)).ok).toBe(false);
  });

  it('a log wiped together with its head fails against the head kept elsewhere (the back office copy)', async () => {
    const k = await kioskWithLog(12);
    const head = await k.records.auditHead();
    await k.records.close();
    const kept = path.join(k.root, 'kept-head.json');
    await writeFile(kept, JSON.stringify({ v: 1, ...head }));
    await truncate(path.join(k.records.auditDir, AUDIT_FILE), 0);
    await rm(path.join(k.root, 'data', 'audit-head.json'));
    const v = await verifyAuditDir(k.records.auditDir, k.records.auditPublicKeyPem(), kept);
    expect(v.ok).toBe(false);
  });

  it('the seal key is not derived from the records key: a log re-signed with that key fails --pubkey', async () => {
    const k = await kioskWithLog(7);
    await k.records.close();
    const registered = path.join(k.root, 'registered.pem');
    await writeFile(registered, k.records.auditPublicKeyPem());
    expect((await run(['verify', k.records.auditDir, '--pubkey', registered])).code).toBe(0);

    // The attacker holds records.key (same data dir) and derives the key seals used to be signed with.
    const master = await readFile(k.config.keyFile);
    const derived = auditSealKeys(
      Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'hexin-records/audit-ed25519', 32)),
    );
    expect(derived.publicKey.export({ type: 'spki', format: 'pem' })).not.toBe(k.records.auditPublicKeyPem());
    for (const key of [derived, auditSealKeys(randomBytes(32))]) {
      // Edit one event and rebuild the whole log, seals and head, under the attacker's key.
      const auditDir = k.records.auditDir;
      const lines = (await readFile(path.join(auditDir, AUDIT_FILE), 'utf8')).split('\n').filter(Boolean);
      const events = lines
        .map((l) => JSON.parse(l) as { event?: { type: string; sessionId?: string } })
        .flatMap((e) => (e.event ? [e.event] : []))
        .map((e) => (e.sessionId === 's-3' ? { ...e, sessionId: 's-3-edited' } : e));
      await rm(auditDir, { recursive: true });
      await rm(path.join(k.root, 'data', 'audit-head.json'));
      const forged = await AuditLog.open(auditDir, {
        signingKey: key.signingKey,
        publicKey: key.publicKey,
        batchSize: 5,
      });
      for (const e of events) await forged.append(e as never);
      await forged.seal();
      // It holds together with the key stored beside it, but not against the registered one.
      expect((await verifyAuditDir(auditDir)).ok).toBe(true);
      const cli = await run(['verify', auditDir, '--pubkey', registered, '--json']);
      expect(cli.code).toBe(1);
      expect((JSON.parse(cli.out) as { ok: boolean }).ok).toBe(false);
    }
  });

  it('seals the unsigned tail a crash left at the next start', async () => {
    const k = await kioskWithLog(40, 32);
    // No close(): the process died with 8 entries after the last seal.
    expect(await verifyAuditDir(k.records.auditDir)).toMatchObject({ ok: true, unsealed: 8 });
    const again = await reopen(k);
    expect(await verifyAuditDir(again.auditDir)).toMatchObject({ ok: true, unsealed: 0 });
    await again.close();
  });

  it('exposes the head: count, last hash, signature and the id of the seal key', async () => {
    const k = await kioskWithLog(3);
    const head = await k.records.auditHead();
    const lines = (await readFile(path.join(k.records.auditDir, AUDIT_FILE), 'utf8'))
      .split('\n')
      .filter(Boolean);
    const last = JSON.parse(lines[lines.length - 1]!) as { seq: number; hash: string };
    expect(head).toEqual({
      count: last.seq + 1,
      lastHash: last.hash,
      signature: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      keyId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(JSON.parse(await readFile(path.join(k.root, 'data', 'audit-head.json'), 'utf8'))).toEqual({
      v: 1,
      ...head,
    });
    await k.records.close();
  });

  it('moves a log sealed with the old derived key aside and starts the new one under the seal key', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'hexin-legacy-'));
    const keyFile = path.join(root, 'records.key');
    const master = await new FileKeyProvider(keyFile).loadOrCreateKey();
    const legacy = deriveKeys(master);
    // An install from before the head: a log sealed with the derived key, no head file.
    const auditDir = path.join(root, 'data', 'audit');
    const old = await AuditLog.open(auditDir, {
      signingKey: legacy.legacyAuditSigningKey,
      publicKey: legacy.legacyAuditPublicKey,
      batchSize: 4,
      headFile: path.join(root, 'elsewhere.json'),
    });
    for (let i = 0; i < 6; i++) await old.append({ type: 'session.started', sessionId: `old-${i}` });
    await rm(path.join(root, 'elsewhere.json'));

    const k = await openTestKiosk({ auditBatchSize: 4 }, root);
    const dataEntries = await readdir(path.join(root, 'data'));
    const legacyDir = dataEntries.find((d) => d.startsWith('audit-legacy-'));
    expect(legacyDir).toBeDefined();
    const legacyPath = path.join(root, 'data', legacyDir!);
    // The old log, closed with its old key (the 2 unsigned entries sealed) and its head inside it.
    expect(
      await verifyAuditDir(
        legacyPath,
        legacy.legacyAuditPublicKey.export({ type: 'spki', format: 'pem' }).toString(),
        path.join(legacyPath, 'audit-head.json'),
      ),
    ).toMatchObject({ ok: true, unsealed: 0, head: { count: 8 } });
    // The new log starts with the link to the old one, under the new key.
    const first = JSON.parse((await readFile(path.join(auditDir, AUDIT_FILE), 'utf8')).split('\n')[0]!) as {
      event: unknown;
    };
    expect(first.event).toMatchObject({ type: 'audit.rekeyed', legacyDir, legacyEntries: 8 });
    expect(await verifyAuditDir(auditDir, k.records.auditPublicKeyPem())).toMatchObject({ ok: true });
    expect(k.records.auditPublicKeyPem()).not.toBe(
      legacy.legacyAuditPublicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    expect((await stat(path.join(root, 'audit-seal.key'))).mode & 0o077).toBe(0);
    await k.records.close();
  });
});
