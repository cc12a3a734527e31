// The Electron host's loopback control server (simulator mode only): the token is checked before the body is read
// and the body is capped. The old server read the whole body first (200 MB without a token: RSS 92 → 293 MB).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorCommand } from '../../../common/contract';
import type { Core } from '../../../main/app';
import { startControlServer } from '../../../main/hosts/control-routes';
import { MAX_REQUEST_BODY } from '../../../main/util/request-body';

const TOKEN = 'the-control-token-0123456789';
const commands: SimulatorCommand[] = [];
const core = {
  controlSimulator: async (c: SimulatorCommand) => void commands.push(c),
} as unknown as Core;
const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  commands.length = 0;
});

async function server() {
  const s = await startControlServer(core, TOKEN);
  servers.push(s);
  return new URL(s.url);
}

/**
 * Announces a huge body, sends `sendBytes` of it and waits: the server must answer without waiting for the rest.
 * Resolves with the status line, or null when no answer came within `waitMs`.
 */
function sendPartOfHugeBody(
  url: URL,
  headers: string,
  sendBytes: number,
  waitMs = 3000,
): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, waitMs);
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer.split('\r\n')[0]!);
      }
    });
    socket.on('error', () => undefined);
    socket.write(
      `POST /control/simulator HTTP/1.1\r\nHost: ${url.host}\r\n${headers}Content-Type: application/json\r\n` +
        `Content-Length: ${200 * 1024 * 1024}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(sendBytes, 0x20));
  });
}

describe('the Electron host control server', () => {
  it('refuses a request without the token before reading its body', async () => {
    const url = await server();
    expect(await sendPartOfHugeBody(url, '', 1024 * 1024)).toBe('HTTP/1.1 401 Unauthorized');
  });

  it('refuses an oversized body with the token, without reading it', async () => {
    const url = await server();
    expect(await sendPartOfHugeBody(url, `Authorization: Bearer ${TOKEN}\r\n`, 1024 * 1024)).toBe(
      'HTTP/1.1 413 Payload Too Large',
    );
    // Announced small, sent large: cut off at the cap as well.
    const r = await fetch(`${url.origin}/control/simulator`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new Uint8Array(MAX_REQUEST_BODY + 1).fill(0x20));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit).catch((e: unknown) => e);
    if (r instanceof Response) expect(r.status).toBe(413);
    expect(commands).toEqual([]);
  });

  it('runs a well-formed command with the token', async () => {
    const url = await server();
    const r = await fetch(`${url.origin}/control/simulator`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'remove' }),
    });
    expect(r.status).toBe(200);
    expect(commands).toEqual([{ action: 'remove' }]);
    const wrong = await fetch(`${url.origin}/control/simulator`, {
      method: 'POST',
      headers: { Authorization: 'Bearer nope' },
      body: JSON.stringify({ action: 'remove' }),
    });
    expect(wrong.status).toBe(401);
    expect(commands).toHaveLength(1);
  });
});
