// Token, Host and Origin probes against a real web host: every request that lacks the token, names a foreign Host,
// comes from a foreign Origin, replays a launch code or walks out of the renderer folder must be refused. A probe
// that gets served counts as accepted (a hole); the host must live through all of them.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { newFigures, type Figures } from './figures';
import { hostServes, type HostProcess } from './web-host-process';

interface Reply {
  status: number;
  body: string;
}

function request(
  host: HostProcess,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<Reply> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path, method, headers, setHost: !('host' in headers) },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (c: string) => (body = (body + c).slice(0, 4096)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.setTimeout(5000, () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}

export async function probeTokenHostOrigin(host: HostProcess): Promise<Figures> {
  const figures = newFigures('token-host-origin');
  const good = { cookie: `hexin_token=${host.token}` };
  const hostHeader = `127.0.0.1:${host.port}`;
  const wrong = randomBytes(18).toString('base64url');
  const served = (r: Reply) => r.status >= 200 && r.status < 400;
  const holes: string[] = [];
  const probe = async (refused: boolean, what = `probe ${figures.inputs + 1}`) => {
    figures.inputs++;
    if (!refused) {
      figures.accepted++;
      holes.push(what);
    }
  };

  // No token, a wrong one, a near miss, and the token in each place but wrong.
  const tokenless: Array<Record<string, string>> = [
    {},
    { cookie: `hexin_token=${wrong}` },
    { cookie: `hexin_token=${host.token.slice(0, -1)}` },
    { cookie: `hexin_token=${host.token}x` },
    { cookie: `hexin_token=` },
    { cookie: `other=${host.token}` },
    { authorization: `Bearer ${wrong}` },
    { authorization: `Basic ${host.token}` },
    { authorization: `Bearer` },
  ];
  for (const path of [
    '/',
    '/index.html',
    '/assets/',
    '/control/simulator',
    '/rpc',
    `/?token=${wrong}`,
    '/?token=',
  ]) {
    for (const headers of tokenless)
      await probe(!served(await request(host, path, headers)), `${path} ${JSON.stringify(headers)}`);
  }
  // The right token with a foreign or odd Host (DNS rebinding and friends).
  for (const h of [
    'evil.example',
    `evil.example:${host.port}`,
    `127.0.0.1:${host.port + 1}`,
    '127.0.0.1',
    `127.0.0.1.evil.example:${host.port}`,
    `LOCALHOST.evil:${host.port}`,
    `[::1]:${host.port}`,
    '',
    `${hostHeader}.`,
  ]) {
    await probe(!served(await request(host, '/', { ...good, host: h })), `Host: ${h}`);
  }
  // The socket from a foreign Origin, or none, or without the token.
  const upgrade = (extra: Record<string, string>) =>
    request(host, '/rpc', {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': randomBytes(16).toString('base64'),
      ...extra,
    });
  const upgrades: Array<Record<string, string>> = [
    { ...good },
    { ...good, origin: 'null' },
    { ...good, origin: 'http://evil.example' },
    { ...good, origin: `http://localhost.evil:${host.port}` },
    { ...good, origin: `https://127.0.0.1:${host.port}` },
    { ...good, origin: `http://127.0.0.1:${host.port + 1}` },
    { origin: host.origin },
    { origin: host.origin, cookie: `hexin_token=${wrong}` },
    { ...good, origin: host.origin, host: 'evil.example' },
  ];
  for (const headers of upgrades) {
    const r = await upgrade(headers);
    await probe(r.status !== 101, `upgrade ${JSON.stringify(headers)}`);
  }
  // Launch codes: none was given to this host, so every guess is refused.
  for (const code of ['', wrong, host.token, 'undefined', 'null', '%00']) {
    await probe(!served(await request(host, `/launch?code=${code}`, {})), `launch ${code}`);
  }
  // Out of the renderer folder with the token: never a file from elsewhere.
  for (const path of [
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '//etc/passwd',
    '/%2F..%2F..%2Fetc%2Fpasswd',
    '/assets/../../package.json',
    '/index.html%00.js',
  ]) {
    const r = await request(host, path, good);
    await probe(!(served(r) && /"name"\s*:\s*"hexin-kiosk"|root:x:0:0/.test(r.body)), `path ${path}`);
  }
  // Methods other than GET/HEAD on pages.
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'TRACE']) {
    await probe(!served(await request(host, '/', good, method)), `${method} /`);
  }
  if (!(await hostServes(host))) figures.crashes++;
  if (holes.length) figures.notes.holes = holes.join(' | ');
  return figures;
}
