// A lock shared by processes on one machine: the kiosk app and a staff member's `hexin dsr …` may write the same
// store and audit log at once. The lock is a file created with O_EXCL holding the owner's pid; a lock whose owner
// is gone (crash, kill -9) is taken over. In-process ordering is each writer's own queue; this adds the rest.
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { HexinError } from '../../common/errors';

const RETRY_MS = 5;
const GIVE_UP_MS = 30_000;

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

async function tryAcquire(file: string): Promise<boolean> {
  // The pid is written to a private file first and then hard-linked to the lock name: link() either creates the
  // lock with its owner already inside or fails with EEXIST, so there is never an empty lock to puzzle over.
  const tmp = `${file}.${process.pid}.${++counter}`;
  await writeFile(tmp, String(process.pid), { mode: 0o600 });
  try {
    await link(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && !alive(owner)) {
    await unlink(file).catch(() => undefined);
  }
  return false;
}

/** Runs `job` holding the lock file `file`; waits (polling) while another live process holds it. */
export async function withFileLock<T>(file: string, job: () => Promise<T>): Promise<T> {
  const started = Date.now();
  while (!(await tryAcquire(file))) {
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
    await unlink(file).catch(() => undefined);
  }
}
