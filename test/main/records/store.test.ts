// The encrypted append-only store: round trip, encryption at rest, torn-tail recovery, kill -9 during a burst of
// writes, and rewrites (deletion and correction).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeFrame, decodeFrames } from '../../../main/records/framing';
import { RecordStore } from '../../../main/records/store';

const tmp = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'hexin-store-'));
const key = randomBytes(32);

describe('framing', () => {
  it('finds every frame in any split and resynchronises after a damaged one', () => {
    const frames = [Buffer.from('a'), Buffer.alloc(0), Buffer.from('hello world')].map(encodeFrame);
    const all = Buffer.concat(frames);
    for (let cut = 0; cut <= all.length; cut++) {
      const d = decodeFrames(all.subarray(0, cut));
      const whole = frames.filter((_f, i) => Buffer.concat(frames.slice(0, i + 1)).length <= cut).length;
      expect(d.payloads.length).toBe(whole);
      expect(d.validLength).toBe(Buffer.concat(frames.slice(0, whole)).length);
    }
    const damaged = Buffer.from(all);
    damaged[frames[0]!.length + 3] ^= 0xff; // magic of the middle frame
    const d = decodeFrames(damaged);
    expect(d.payloads.map(String)).toEqual(['a', 'hello world']);
    expect(d.damage[0]).toMatchObject({ offset: frames[0]!.length, reason: 'bad-magic' });
  });
});

describe('RecordStore', () => {
  it('round-trips records and keeps nothing readable on disk', async () => {
    const dir = await tmp();
    const store = await RecordStore.open(dir, key);
    const a = await store.append({
      type: 'consent',
      sessionId: 'SESSION-MARKER-1',
      data: { agreementId: 'UNIQUE-MARKER-消费者' },
    });
    const b = await store.append({
      type: 'result',
      sessionId: 'SESSION-MARKER-1',
      subject: 'ab'.repeat(32),
      data: { score: 0.71 },
    });
    const { records, damage } = await store.readAll();
    expect(damage).toEqual([]);
    expect(records.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(records.find((r) => r.id === b.id)).toEqual(b);
    for (const name of await readdir(dir)) {
      const bytes = await readFile(path.join(dir, name));
      expect(bytes.includes(Buffer.from('UNIQUE-MARKER'))).toBe(false);
      expect(bytes.includes(Buffer.from('SESSION-MARKER'))).toBe(false);
      expect((await stat(path.join(dir, name))).mode & 0o077).toBe(0);
    }
    // A different key reads nothing and says so.
    const other = await RecordStore.open(dir, randomBytes(32));
    const r = await other.readAll();
    expect(r.records).toEqual([]);
    expect(r.damage.map((d) => d.reason)).toEqual(['unauthentic', 'unauthentic']);
  });

  it('skips a torn last record, keeps earlier ones, and cuts the tail before the next append', async () => {
    const dir = await tmp();
    const store = await RecordStore.open(dir, key);
    const first = await store.append({ type: 'session', data: { n: 1 } });
    const [file] = (await readdir(dir)).filter((n) => n.endsWith('.hxr'));
    const full = encodeFrame(randomBytes(80));
    await appendFile(path.join(dir, file!), full.subarray(0, 50));
    const reader = await RecordStore.open(dir, key);
    const r = await reader.readAll();
    expect(r.records.map((x) => x.id)).toEqual([first.id]);
    expect(r.damage).toEqual([{ file, offset: expect.any(Number), reason: 'truncated' }]);
    const second = await reader.append({ type: 'session', data: { n: 2 } });
    const after = await reader.readAll();
    expect(after.records.map((x) => x.id)).toEqual([first.id, second.id]);
    expect(after.damage).toEqual([]);
  });

  it('loses no acknowledged record when killed with SIGKILL during a burst', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = await tmp();
      const acked: string[] = [];
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          path.resolve('test/main/records/fixtures/burst-writer.ts'),
          dir,
          key.toString('hex'),
        ],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const target = 20 + round * 37;
      await new Promise<void>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buf += chunk.toString();
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (line.startsWith('ack ')) acked.push(line.slice(4));
            if (acked.length === target && !child.killed) child.kill('SIGKILL');
          }
        });
        child.on('exit', () => resolve());
        child.on('error', reject);
      });
      expect(acked.length).toBeGreaterThanOrEqual(target);
      const store = await RecordStore.open(dir, key);
      const { records, damage } = await store.readAll();
      const ids = new Set(records.map((r) => r.id));
      for (const id of acked) expect(ids.has(id), `acknowledged record ${id}`).toBe(true);
      // Only a torn tail may be damaged, never anything in the middle.
      expect(damage.every((d) => d.reason === 'truncated')).toBe(true);
      // The store keeps working after the crash.
      await store.append({ type: 'session', data: { after: true } });
      expect((await store.readAll()).damage).toEqual([]);
    }
  });

  it('rewrites: deletes and corrects only what it is told to, removing emptied files', async () => {
    const dir = await tmp();
    const store = await RecordStore.open(dir, key);
    const old = await store.append({
      type: 'result',
      time: new Date('2026-01-01T00:00:00Z'),
      data: { v: 1 },
    });
    const keep = await store.append({ type: 'result', data: { v: 2 } });
    const fix = await store.append({ type: 'consent', data: { v: 3 } });
    const out = await store.rewrite((r) =>
      r.id === old.id ? false : r.id === fix.id ? { ...r, data: { v: 30 } } : true,
    );
    expect(out.removed.map((r) => r.id)).toEqual([old.id]);
    expect(out.replaced).toBe(1);
    const { records } = await store.readAll();
    expect(records.map((r) => [r.id, r.data.v]).sort()).toEqual(
      [
        [keep.id, 2],
        [fix.id, 30],
      ].sort(),
    );
    expect((await readdir(dir)).some((n) => n.includes('2026-01-01'))).toBe(false);
    await writeFile(path.join(dir, 'result-2026-02-02.hxr.tmp'), 'leftover');
    await RecordStore.open(dir, key);
    expect((await readdir(dir)).some((n) => n.endsWith('.tmp'))).toBe(false);
  });
});
