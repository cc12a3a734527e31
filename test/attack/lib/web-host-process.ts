// A real web host (main/hosts/web/start.ts) in its own process on loopback, with a throwaway data dir: what the
// malformed-frame test and the attack suite probe. Killing the child is how a test learns the host died.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { decode, encode } from '@msgpack/msgpack';
import WebSocket from 'ws';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

export interface HostProcess {
  child: ChildProcess;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  /** Everything the host wrote to stderr (its log), for the reason it died. */
  stderr: () => string;
  stop(): Promise<void>;
}

export async function startHostProcess(env: NodeJS.ProcessEnv = {}): Promise<HostProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hexin-attack-'));
  const token = randomBytes(18).toString('base64url');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'main/hosts/web/start.ts')], {
    cwd: repoRoot,
    env: { ...process.env, HEXIN_DATA_DIR: dataDir, HEXIN_WEB_TOKEN: token, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20_000)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${log}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`web host exited (${code}) before starting:\n${log}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^HEXIN_WEB_URL=(\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  const { origin, port } = new URL(url);
  return {
    child,
    origin,
    port: Number(port),
    token,
    dataDir,
    stderr: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Whether the host answers an authorised HTTP request and a contract call over a fresh socket. */
export async function hostServes(host: HostProcess): Promise<boolean> {
  if (host.child.exitCode !== null || host.child.signalCode !== null) return false;
  try {
    const r = await fetch(`${host.origin}/`, {
      headers: { cookie: `hexin_token=${host.token}` },
      signal: AbortSignal.timeout(5000),
    });
    // 200 with a built renderer, 404 without one: either way the host answered behind the token.
    if (r.status !== 200 && r.status !== 404) return false;
    return (await callOverSocket(host, 'getAppInfo', {})).ok === true;
  } catch {
    return false;
  }
}

/** One contract call over a fresh WebSocket (closed afterwards). */
export function callOverSocket(
  host: HostProcess,
  method: string,
  args: unknown,
  timeoutMs = 10_000,
): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc`, {
      headers: { cookie: `hexin_token=${host.token}`, origin: host.origin },
      maxPayload: 64 * 1024 * 1024,
    });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`${method}: no reply in ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    ws.on('open', () => ws.send(encode({ t: 'call', id: 1, method, args })));
    ws.on('message', (data: Buffer) => {
      const msg = decode(data) as { t: string; id?: number; result?: { ok: boolean } };
      if (msg.t !== 'result' || msg.id !== 1) return;
      clearTimeout(timer);
      ws.close();
      resolve(msg.result as { ok: boolean; error?: { code: string; message: string } });
    });
  });
}
