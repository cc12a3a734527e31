// Crash-safe file writes, shared by the record store, the audit log, the key files and the delivery outbox: after a
// crash or a power cut a replaced file holds either its old or its new content, never a mix, and a renamed or new
// directory entry is on disk once the call resolves.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Makes the directory's entries (a rename, a new or deleted file) durable. */
export async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; its rename is durable without it.
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `data` to a new temp file (mode 0600) and fsyncs it: its content is on disk before it gets its name. */
async function writeSynced(tmp: string, flag: 'w' | 'wx', data: string | Uint8Array): Promise<void> {
  const fh = await open(tmp, flag, 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export interface ReplaceFileOptions {
  /** The temp file, in the same directory (a rename does not cross file systems). Default `<file>.tmp`. */
  tmp?: string;
  /** `wx` refuses to reuse a temp file that already exists. Default `w`. */
  flag?: 'w' | 'wx';
}

/** Replaces `file` (mode 0600): temp file, fsync, rename over `file`, fsync the directory. */
export async function replaceFile(
  file: string,
  data: string | Uint8Array,
  { tmp = `${file}.tmp`, flag = 'w' }: ReplaceFileOptions = {},
): Promise<void> {
  await writeSynced(tmp, flag, data);
  await rename(tmp, file);
  await fsyncDir(path.dirname(file));
}

/**
 * `replaceFile` for callers that must not return before the file is durable and cannot wait (the session's
 * lock-out rule: the lock screen follows the lock on disk). Small files only: it blocks the event loop.
 */
export function replaceFileSync(file: string, data: string | Uint8Array, tmp = `${file}.tmp`): void {
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  if (process.platform === 'win32') return;
  const dirFd = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/**
 * Creates `file` (mode 0600) with `data` only if it does not exist yet: temp file, fsync, link, fsync the
 * directory. link() fails when another process created the file meanwhile, so of two processes creating a key at
 * once, one wins and the other learns it must read the winner's file (false) instead of replacing it.
 */
export async function createFileOnce(file: string, data: string | Uint8Array): Promise<boolean> {
  // Unique per call: two creators in one process must not share a temp file either.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeSynced(tmp, 'wx', data);
  try {
    await link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await fsyncDir(path.dirname(file));
  return true;
}
