// `npm start` supervises its host (issue 14 item 1): a host that dies is restarted after a growing back-off, each
// death logged; a clean exit ends supervision. Real child processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { supervise } from '../../scripts/lib/supervise.mjs';

// A host that crashes on its first two runs and exits cleanly on the third (a counter file tells the runs apart).
const flaky = (counter: string) =>
  spawn(process.execPath, [
    '-e',
    `const fs=require('fs');const n=Number(fs.readFileSync(${JSON.stringify(counter)},'utf8'))+1;` +
      `fs.writeFileSync(${JSON.stringify(counter)},String(n));process.exit(n<3?70:0)`,
  ]);

describe('supervise', () => {
  it('restarts a dying host with back-off, logs each death, and ends on a clean exit', async () => {
    const counter = path.join(mkdtempSync(path.join(tmpdir(), 'hexin-supervise-')), 'runs');
    writeFileSync(counter, '0');
    const lines: string[] = [];
    const times: number[] = [];
    const code = await new Promise<number>((resolve) =>
      supervise({
        name: 'test host',
        start: () => (times.push(Date.now()), flaky(counter)),
        log: (l) => lines.push(l),
        initialDelayMs: 100,
        maxDelayMs: 1000,
        onExit: resolve,
      }),
    );
    expect(code).toBe(0);
    expect(readFileSync(counter, 'utf8')).toBe('3');
    expect(lines).toEqual([
      '[hexin] test host died (exit code 70); restarting in 0.1 s (restart 1).',
      '[hexin] test host died (exit code 70); restarting in 0.2 s (restart 2).',
      '[hexin] test host exited cleanly.',
    ]);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(200);
  });

  it('restarts a host killed by a signal, and stop() ends it for good', async () => {
    const lines: string[] = [];
    let starts = 0;
    const exited = new Promise<number>((resolve) => {
      const s = supervise({
        name: 'test host',
        start: () => {
          starts++;
          const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
          if (starts === 1) child.once('spawn', () => child.kill('SIGKILL'));
          else child.once('spawn', () => s.stop());
          return child;
        },
        log: (l) => lines.push(l),
        initialDelayMs: 50,
        onExit: resolve,
      });
    });
    await exited;
    expect(starts).toBe(2);
    expect(lines).toEqual(['[hexin] test host died (signal SIGKILL); restarting in 0.1 s (restart 1).']);
  });
});
