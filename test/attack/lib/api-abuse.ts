// The business-app API of a real kiosk process (api.enabled, loopback): requests without or with a wrong token,
// with an Origin or a foreign Host, oversized and endless bodies, 200,000 unknown keys, malformed JSON, odd methods
// and paths, and a crowd of long-polls. Every one must be refused with a 4xx (never served, never a 5xx) and the
// kiosk must live on.
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newFigures, type Figures } from './figures';
import { hostServes, type HostProcess } from './web-host-process';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Req {
  what: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Stream this many bytes of body without a length (an endless upload). */
  streamBytes?: number;
}

function send(port: number, r: Req): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: r.method ?? 'POST',
        path: r.path ?? '/v1/verifications',
        headers: r.headers,
        setHost: !r.headers || !('host' in r.headers),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(15_000, () => req.destroy());
    req.on('error', () => resolve(0));
    if (r.streamBytes) {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < r.streamBytes!) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    } else req.end(r.body);
  });
}

export async function abuseApi(host: HostProcess, apiPort: number, longPolls = 50): Promise<Figures> {
  const figures = newFigures('business-api');
  const token = readFileSync(path.join(host.dataDir, 'keys', 'api-token'), 'utf8').trim();
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const holes: string[] = [];
  let serverErrors = 0;
  const valid = JSON.stringify({ purpose: 'account-opening', thirdPartyId: 'bank-app' });
  const wideJson = JSON.stringify(
    Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i])),
  );
  const reqs: Req[] = [
    { what: 'no token', headers: { 'content-type': 'application/json' }, body: valid },
    {
      what: 'wrong token',
      headers: { ...auth, authorization: `Bearer ${token.replace(/.$/, '_')}` },
      body: valid,
    },
    { what: 'token as Basic', headers: { ...auth, authorization: `Basic ${token}` }, body: valid },
    {
      what: 'token in the query',
      path: `/v1/verifications?token=${token}`,
      headers: { 'content-type': 'application/json' },
      body: valid,
    },
    { what: 'Origin from a page', headers: { ...auth, origin: 'http://evil.example' }, body: valid },
    { what: 'Origin null', headers: { ...auth, origin: 'null' }, body: valid },
    { what: 'foreign Host', headers: { ...auth, host: 'evil.example' }, body: valid },
    { what: 'Host with another port', headers: { ...auth, host: `127.0.0.1:${apiPort + 1}` }, body: valid },
    { what: 'body over the cap', headers: auth, body: JSON.stringify({ purpose: 'x'.repeat(20_000) }) },
    { what: '200,000 unknown keys', headers: auth, body: wideJson },
    { what: 'endless upload (50 MB, no length)', headers: auth, streamBytes: 50 * 1024 * 1024 },
    {
      what: 'unknown keys',
      headers: auth,
      body: JSON.stringify({ purpose: 'a', thirdPartyId: 'b', x: 1, y: 2 }),
    },
    { what: 'malformed JSON', headers: auth, body: '{"purpose":' },
    { what: 'JSON array', headers: auth, body: '[]' },
    { what: 'JSON null', headers: auth, body: 'null' },
    { what: 'deep JSON', headers: auth, body: '['.repeat(5000) + ']'.repeat(5000) },
    {
      what: 'prototype keys',
      headers: auth,
      body: '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}',
    },
    { what: 'wrong content type', headers: { ...auth, 'content-type': 'text/plain' }, body: valid },
    {
      what: 'form body',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'purpose=a',
    },
    { what: 'unknown path', path: '/v1/admin', headers: auth, body: valid },
    { what: 'path traversal', path: '/v1/verifications/../../etc/passwd', method: 'GET', headers: auth },
    { what: 'unknown verification', path: '/v1/verifications/nope', method: 'GET', headers: auth },
    { what: 'unknown verification, delete', path: '/v1/verifications/nope', method: 'DELETE', headers: auth },
    { what: 'absurd wait', path: '/v1/verifications/nope?wait=1e308', method: 'GET', headers: auth },
    { what: 'negative wait', path: '/v1/verifications/nope?wait=-1', method: 'GET', headers: auth },
    { what: 'PUT', method: 'PUT', headers: auth, body: valid },
    { what: 'TRACE', method: 'TRACE', headers: auth },
    {
      what: 'long URL (64 KB)',
      path: `/v1/verifications/${'a'.repeat(64 * 1024)}`,
      method: 'GET',
      headers: auth,
    },
    { what: 'huge header', headers: { ...auth, 'x-pad': 'a'.repeat(64 * 1024) }, body: valid },
  ];
  for (const r of reqs) {
    figures.inputs++;
    const status = await send(apiPort, r);
    if (status >= 500) serverErrors++;
    // 0 = the server cut the connection (an endless upload is refused that way): refused, not served.
    if (status >= 200 && status < 300) {
      figures.accepted++;
      holes.push(r.what);
    }
  }
  // A crowd of long-polls for verifications that do not exist: each answered at once, none held open.
  const crowd = await Promise.all(
    Array.from({ length: longPolls }, (_, i) =>
      send(apiPort, {
        what: 'long-poll',
        path: `/v1/verifications/none-${i}?wait=60`,
        method: 'GET',
        headers: auth,
      }),
    ),
  );
  figures.inputs += crowd.length;
  for (const status of crowd) {
    if (status >= 500) serverErrors++;
    if (status >= 200 && status < 300) figures.accepted++;
  }
  figures.notes.serverErrors = serverErrors;
  if (holes.length) figures.notes.holes = holes.join(' | ');
  if (!(await hostServes(host))) figures.crashes++;
  return figures;
}
