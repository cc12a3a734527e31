import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decode, encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { createCore, type Core } from '../../../../main/app';
import { startWebHost, type WebHost } from '../../../../main/hosts/web/server';
import { CONTENT_SECURITY_POLICY } from '../../../../main/hosts/security-headers';
import { silentLogger } from '../../../../main/util/log';

let core: Core;
let host: WebHost;
const rendererDir = mkdtempSync(path.join(tmpdir(), 'hexin-renderer-'));

beforeAll(async () => {
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'a.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(rendererDir), 'secret.txt'), 'secret');
  core = await createCore({
    host: 'web',
    dataDir: mkdtempSync(path.join(tmpdir(), 'hexin-data-')),
    version: '0',
    log: silentLogger,
  });
  host = await startWebHost({ core, rendererDir, log: silentLogger });
});
afterAll(async () => {
  await host.close();
});

const withCookie = () => ({ cookie: `hexin_token=${host.token}` });

function call(ws: WebSocket, id: number, method: string, args: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const msg = decode(data) as { t: string; id?: number };
      if (msg.t === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(encode({ t: 'call', id, method, args }));
  });
}

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('web host', () => {
  it('binds loopback only and prints a URL with the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses requests without the token', async () => {
    const r = await fetch(`${host.origin}/`);
    expect(r.status).toBe(401);
    expect((await fetch(`${host.origin}/assets/a.js`)).status).toBe(401);
    expect((await fetch(`${host.origin}/?token=wrong`)).status).toBe(401);
  });

  it('trades the token for an HttpOnly cookie and sends the CSP with every page', async () => {
    const r = await fetch(host.url, { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await fetch(`${host.origin}/`, { headers: withCookie() });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses a foreign Host header (DNS rebinding) and path traversal', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request(
        { host: '127.0.0.1', port: host.port, path: '/', headers: { ...withCookie(), host: 'evil.example' } },
        (res) => resolve(res.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(421);
    const traversal = await fetch(`${host.origin}/..%2fsecret.txt`, { headers: withCookie() });
    expect(traversal.status).toBe(404);
  });

  it('refuses a socket from a foreign origin or without the token', async () => {
    await expect(openSocket({ ...withCookie(), origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: host.origin })).rejects.toThrow(/401/);
  });

  it('carries the contract: valid calls succeed, bad arguments are refused', async () => {
    const ws = await openSocket({ ...withCookie(), origin: host.origin });
    expect(await call(ws, 1, 'getAppInfo', {})).toMatchObject({
      result: { ok: true, value: { host: 'web' } },
    });
    expect(await call(ws, 2, 'reportCamera', { state: 42 })).toMatchObject({
      result: { ok: false, error: { code: 'BAD_REQUEST' } },
    });
    expect(await call(ws, 3, 'noSuchMethod', {})).toMatchObject({
      result: { ok: false, error: { code: 'BAD_REQUEST' } },
    });
    ws.close();
  });

  it('pushes events to connected pages', async () => {
    const ws = await openSocket({ ...withCookie(), origin: host.origin });
    const event = new Promise<unknown>((resolve) =>
      ws.on('message', (d: Buffer) => {
        const m = decode(d) as { t: string };
        if (m.t === 'event') resolve(m);
      }),
    );
    await call(ws, 1, 'reportCamera', { state: 'denied', label: '' });
    expect(await event).toMatchObject({
      t: 'event',
      name: 'healthChanged',
      payload: { camera: { state: 'error' } },
    });
    ws.close();
  });

  it('closes the socket on malformed frames instead of crashing', async () => {
    const ws = await openSocket({ ...withCookie(), origin: host.origin });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(Buffer.from([0xc1, 0xff, 0x00]));
    expect(await closed).toBe(1007);
    // The host still serves others.
    const ws2 = await openSocket({ ...withCookie(), origin: host.origin });
    expect(await call(ws2, 1, 'getHealth', {})).toMatchObject({ result: { ok: true } });
    ws2.close();
  });
});

describe('web host launch code', () => {
  it('trades a one-time code for the cookie once, and never the token in an address', async () => {
    const code = 'launch-code-for-the-test-0123456789';
    const launched = await startWebHost({ core, rendererDir, log: silentLogger, launchCode: code });
    try {
      expect((await fetch(`${launched.origin}/launch?code=wrong`)).status).toBe(401);
      const first = await fetch(`${launched.origin}/launch?code=${code}`, { redirect: 'manual' });
      expect(first.status).toBe(200);
      const cookie = first.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^hexin_token=[\w-]+; HttpOnly; SameSite=Strict/);
      const page = await fetch(`${launched.origin}/`, { headers: { cookie: cookie.split(';')[0]! } });
      expect(page.status).toBe(200);
      const second = await fetch(`${launched.origin}/launch?code=${code}`);
      expect(second.status).toBe(401);
      expect(second.headers.get('set-cookie')).toBeNull();
    } finally {
      await launched.close();
    }
  });

  it('has no launch code unless given one', async () => {
    expect((await fetch(`${host.origin}/launch?code=`)).status).toBe(401);
    expect((await fetch(`${host.origin}/launch`)).status).toBe(401);
  });
});

describe('web host limits', () => {
  it('refuses a call with 200,000 keys while decoding it, and keeps serving', async () => {
    const ws = await openSocket({ ...withCookie(), origin: host.origin });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    const args = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]));
    ws.send(encode({ t: 'call', id: 1, method: 'getAppInfo', args }));
    expect(await closed).toBe(1007);
    const ws2 = await openSocket({ ...withCookie(), origin: host.origin });
    expect(await call(ws2, 1, 'getAppInfo', {})).toMatchObject({ result: { ok: true } });
    ws2.close();
  });

  it('refuses a control body over 64 KiB with a clear 413, before the route sees it, and keeps serving', async () => {
    const bodies: number[] = [];
    const controlled = await startWebHost({
      core,
      rendererDir,
      log: silentLogger,
      extraRoutes: async (_req, res, body) => {
        bodies.push(body.length);
        res.end('ok');
        return true;
      },
    });
    try {
      const post = (body: RequestInit['body']) =>
        fetch(`${controlled.origin}/control/simulator`, {
          method: 'POST',
          headers: { authorization: `Bearer ${controlled.token}` },
          body,
          duplex: 'half',
        } as RequestInit);
      // Announced too large (Content-Length), and sent in chunks with no length at all.
      const announced = await post(new Uint8Array(64 * 1024 + 1).fill(0x20));
      expect(announced.status).toBe(413);
      expect(await announced.text()).toMatch(/request body over 65536 bytes/);
      const streamed = await post(
        new ReadableStream({
          start(c) {
            for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(16 * 1024).fill(0x20));
            c.close();
          },
        }),
      ).catch((e: unknown) => e);
      // The host may close before the whole stream is sent; if an answer came, it is the 413.
      if (streamed instanceof Response) expect(streamed.status).toBe(413);
      expect(bodies).toEqual([]);
      const fine = await post(JSON.stringify({ action: 'remove' }));
      expect(fine.status).toBe(200);
      expect(bodies).toEqual([19]);
    } finally {
      await controlled.close();
    }
  });
});

describe('CSP', () => {
  it('renderer/index.html carries the same policy as the hosts send', () => {
    const html = readFileSync(path.resolve('renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });
});
