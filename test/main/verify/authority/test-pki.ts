// Throwaway PKI for loopback TLS tests: a CA, a server certificate for 127.0.0.1 and a client certificate,
// made with the system's openssl at test time (P-256 keys: quick to generate).
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  caCert: Buffer;
  serverKey: Buffer;
  serverCert: Buffer;
  clientKey: Buffer;
  clientCert: Buffer;
  /** A second CA and a client cert it signed: valid TLS, but not trusted by our server. */
  strangerKey: Buffer;
  strangerCert: Buffer;
  files: { caCert: string; clientKey: string; clientCert: string };
  remove(): Promise<void>;
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

function issue(cwd: string, ca: string, name: string, subject: string): void {
  openssl(cwd, 'ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
  openssl(cwd, 'req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`);
  openssl(
    cwd,
    ...['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial'],
    ...['-days', '2', '-sha256', '-out', `${name}.crt`, '-extfile', `${name}.ext`],
  );
}

export async function makeTestPki(): Promise<TestPki> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hexin-pki-'));
  for (const ca of ['ca', 'stranger-ca']) {
    openssl(dir, 'ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${ca}.key`);
    openssl(
      dir,
      'req',
      '-x509',
      '-new',
      '-key',
      `${ca}.key`,
      '-subj',
      `/CN=hexin test ${ca}`,
      '-days',
      '2',
      '-out',
      `${ca}.crt`,
    );
  }
  await fs.writeFile(
    path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  await fs.writeFile(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  await fs.writeFile(path.join(dir, 'stranger.ext'), 'extendedKeyUsage=clientAuth\n');
  issue(dir, 'ca', 'server', '/CN=authority-sim');
  issue(dir, 'ca', 'client', '/CN=kiosk-test');
  issue(dir, 'stranger-ca', 'stranger', '/CN=stranger');
  const read = (f: string): Promise<Buffer> => fs.readFile(path.join(dir, f));
  return {
    dir,
    caCert: await read('ca.crt'),
    serverKey: await read('server.key'),
    serverCert: await read('server.crt'),
    clientKey: await read('client.key'),
    clientCert: await read('client.crt'),
    strangerKey: await read('stranger.key'),
    strangerCert: await read('stranger.crt'),
    files: {
      caCert: path.join(dir, 'ca.crt'),
      clientKey: path.join(dir, 'client.key'),
      clientCert: path.join(dir, 'client.crt'),
    },
    remove: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

/** Another client certificate from the test CA (a second kiosk, say), with `name` as its CN. */
export async function issueClientCert(pki: TestPki, name: string): Promise<{ key: Buffer; cert: Buffer }> {
  if (!/^[\w.-]{1,64}$/.test(name)) throw new Error(`bad certificate name ${name}`);
  await fs.writeFile(path.join(pki.dir, `${name}.ext`), 'extendedKeyUsage=clientAuth\n');
  issue(pki.dir, 'ca', name, `/CN=${name}`);
  return {
    key: await fs.readFile(path.join(pki.dir, `${name}.key`)),
    cert: await fs.readFile(path.join(pki.dir, `${name}.crt`)),
  };
}
