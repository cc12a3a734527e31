// A lock shared by processes on one machine: the kiosk app and a staff member's `hexin dsr …` may write the same
// store and audit log at once. In-process ordering is the writers' queue (LockedQueue, below); the lock adds the rest.
//
// On Linux and macOS it is flock(2) on a lock file that is never deleted: the kernel drops the lock when its holder
// dies (crash, kill -9), so there is no stale lock to detect and no takeover race. (A pid file with "take over when
// the owner is dead" has one: a process reads the pid of an owner that releases and exits, another process takes
// the lock, and the first then deletes that live lock as stale.) Elsewhere (Windows) the pid file is the fallback.
import { link, open, readFile, unlink, writeFile } from 'node:fs/promises';
import koffi from 'koffi';
import { HexinError } from '../../common/errors';

const RETRY_MS = 5;
const GIVE_UP_MS = 30_000;
const LOCK_EX = 2;
const LOCK_NB = 4;
const LOCK_UN = 8;
/** EWOULDBLOCK: the lock is held by someone else. */
const WOULD_BLOCK = process.platform === 'darwin' ? 35 : 11;

type Release = () => Promise<void>;
type TryLock = (file: string) => Promise<Release | null>;

let flockFn: ((fd: number, op: number) => number) | null | undefined;

function loadFlock(): ((fd: number, op: number) => number) | null {
  if (flockFn !== undefined) return flockFn;
  const libc = { linux: 'libc.so.6', darwin: 'libc.dylib' }[process.platform as string];
  try {
    flockFn = libc
      ? (koffi.load(libc).func('int flock(int fd, int op)') as (fd: number, op: number) => number)
      : null;
  } catch {
    flockFn = null;
  }
  return flockFn;
}

function tryFlock(flock: (fd: number, op: number) => number): TryLock {
  return async (file) => {
    const fh = await open(file, 'a', 0o600);
    if (flock(fh.fd, LOCK_EX | LOCK_NB) === 0) {
      return async () => {
        flock(fh.fd, LOCK_UN);
        await fh.close();
      };
    }
    const errno = koffi.errno();
    await fh.close();
    if (errno === WOULD_BLOCK) return null;
    throw new HexinError('UNAVAILABLE', `cannot lock ${file}: flock failed with errno ${errno}`);
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let counter = 0;

/** The fallback: a pid file created atomically; a lock whose owner is gone is taken over (racy, see above). */
const tryPidFile: TryLock = async (file) => {
  // The pid is written to a private file first and then hard-linked to the lock name: link() either creates the
  // lock with its owner already inside or fails with EEXIST, so there is never an empty lock to puzzle over.
  const tmp = `${file}.${process.pid}.${++counter}`;
  await writeFile(tmp, String(process.pid), { mode: 0o600 });
  try {
    await link(tmp, file);
    return () => unlink(file).catch(() => undefined);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && !alive(owner)) {
    await unlink(file).catch(() => undefined);
  }
  return null;
};

/** Runs `job` holding the lock file `file`; waits (polling) while another holder has it. */
export async function withFileLock<T>(file: string, job: () => Promise<T>): Promise<T> {
  const flock = loadFlock();
  const tryLock = flock ? tryFlock(flock) : tryPidFile;
  const started = Date.now();
  let release: Release | null;
  while (!(release = await tryLock(file))) {
    if (Date.now() - started > GIVE_UP_MS) {
      throw new HexinError(
        'UNAVAILABLE',
        `records lock ${file} held by another process for over ${GIVE_UP_MS} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
  try {
    return await job();
  } finally {
    await release();
  }
}

/**
 * The writers' queue of a directory (the record store, the audit log): jobs run one at a time, in order, in this
 * process, each holding the directory's lock file against other processes (the app and the CLI). A failed job does
 * not stop the ones queued after it.
 */
export class LockedQueue {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly lockFile: string) {}

  run<T>(job: () => Promise<T>): Promise<T> {
    const locked = (): Promise<T> => withFileLock(this.lockFile, job);
    const run = this.tail.then(locked, locked);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
