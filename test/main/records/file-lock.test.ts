// The lock shared by the kiosk app and staff CLIs: a holder that dies (kill -9) leaves no lock behind, a live
// holder is waited for, and holders in one process never overlap.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../../main/records/file-lock';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Starts a process that takes the lock and holds it; resolves once it holds it. */
function holdInChild(file: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve('test/main/records/fixtures/lock-holder.ts'), file],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('held')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
}

describe('withFileLock', () => {
  it('waits for a live holder in another process and takes the lock once it is killed', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'hexin-lock-')), '.lock');
    const child = await holdInChild(file);
    let ran = false;
    const waiting = withFileLock(file, async () => {
      ran = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(ran).toBe(false);
    child.kill('SIGKILL');
    await waiting;
    expect(ran).toBe(true);
  }, 20_000);

  it('never runs two holders at once in one process', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'hexin-lock-')), '.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(file, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 5));
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });
});
