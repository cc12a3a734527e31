// Two processes on one data dir (the kiosk app and a staff CLI): concurrent appends from both, and rewrites from a
// third, lose no acknowledged record and keep one unbroken audit chain.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAuditDir } from '../../../main/records/audit';
import { openTestKiosk } from './helpers';

function runWriter(dataDir: string, keyFile: string, name: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.resolve('test/main/records/fixtures/service-writer.ts'),
        dataDir,
        keyFile,
        name,
        String(count),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`writer ${name} exited with ${code}`));
      else
        resolve(
          out
            .split('\n')
            .filter((l) => l.startsWith('ack '))
            .map((l) => l.slice(4)),
        );
    });
  });
}

describe('records shared by several processes', () => {
  it('keeps every acknowledged record and one valid audit chain', async () => {
    const k = await openTestKiosk({ auditBatchSize: 5 });
    const writers = Promise.all([
      runWriter(k.config.dataDir, k.config.keyFile, 'app', 60),
      runWriter(k.config.dataDir, k.config.keyFile, 'cli', 60),
    ]);
    // Meanwhile this process rewrites the store (a correction that changes nothing but forces full rewrites).
    let rewrites = 0;
    let done = false;
    void writers.finally(() => (done = true));
    while (!done) {
      await k.records.store.rewrite((r) =>
        r.sessionId?.endsWith('-0') ? { ...r, data: { ...r.data, touched: true } } : true,
      );
      await k.records.log({ type: 'session.started', sessionId: `parent-${rewrites}` });
      rewrites += 1;
    }
    const acked = (await writers).flat();
    expect(acked.length).toBe(120);
    const { records, damage } = await k.records.store.readAll();
    expect(damage).toEqual([]);
    const ids = new Set(records.map((r) => r.id));
    for (const id of acked) expect(ids.has(id), id).toBe(true);
    await k.records.close();
    const v = await verifyAuditDir(k.records.auditDir);
    expect(v.ok, JSON.stringify(v.firstBroken)).toBe(true);
    expect(v.entries).toBeGreaterThanOrEqual(120 + rewrites);
  });
});
