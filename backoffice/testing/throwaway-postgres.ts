// A throw-away PostgreSQL cluster for tests and the load test: initdb in a temp dir, listening on a Unix socket in
// that dir only (no TCP port to collide with other runs), durability off (it is thrown away), stopped and removed
// by stop() or when the process exits. initdb refuses to run as root, so as root the cluster runs as `postgres`.
// HEXIN_TEST_DATABASE_URL instead points the tests at a server you already have (they create their own databases).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface ThrowawayPostgres {
  /** Superuser connection to the `postgres` database. */
  url: string;
  /** A new empty database; its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) not found. Install them: `sudo apt-get install -y postgresql` ' +
  '(Debian/Ubuntu; .ci/run does this), or set PG_BIN to their directory, or HEXIN_TEST_DATABASE_URL to a server ' +
  'where this user may create databases.';

function findBinDir(): string {
  const candidates = [
    process.env.PG_BIN,
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
    '/usr/local/pgsql/bin',
  ].filter((d): d is string => !!d);
  const dir = candidates.find(
    (d) => existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl')),
  );
  if (!dir) throw new Error(INSTALL_HINT);
  return dir;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function createDatabaseAt(url: string, name: string): Promise<string> {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return withDatabase(url, name);
}

export function startThrowawayPostgres(): ThrowawayPostgres {
  const external = process.env.HEXIN_TEST_DATABASE_URL;
  if (external)
    return { url: external, createDatabase: (n) => createDatabaseAt(external, n), stop: () => {} };

  const bin = findBinDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hexin-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]): void => {
    const cmd = path.join(bin, tool);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
    else execFileSync(cmd, args, { stdio: 'pipe' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not running (start failed): nothing to stop
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--no-locale']);
    const settings = [
      "-c listen_addresses=''",
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    run('pg_ctl', [
      '-D',
      data,
      '-o',
      settings,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-t',
      '30',
      'start',
    ]);
  } catch (e) {
    const detail = (e as { stderr?: Buffer }).stderr?.toString().trim() ?? String(e);
    stop();
    throw new Error(`could not start a throw-away PostgreSQL in ${dir}: ${detail}`);
  }
  process.on('exit', stop);
  const url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;
  return { url, createDatabase: (n) => createDatabaseAt(url, n), stop };
}
