// A small durable outbox for signed result tokens waiting to reach their third party: one JSON file per entry,
// written to a temp name, fsynced and renamed (then the directory fsynced), so after a crash or power cut each
// entry is either fully there or not there at all. It holds signed tokens only — no images, embeddings or card
// data. [Note: outbox storage] The records area's encrypted store could host this later; the interface is small
// (enqueue / list / update / complete / fail) so only this file would change.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fsyncDir, replaceFile } from '../../records/durable-file';

export const outboxEntrySchema = z.object({
  id: z.uuid(),
  thirdPartyId: z.string().min(1),
  token: z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/),
  createdAt: z.number().int(),
  /** When the token expires (ms): delivering it after that is pointless. */
  expiresAt: z.number().int(),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.number().int(),
  lastError: z.string().optional(),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

const ENTRY_FILE = /^[0-9a-f-]{36}\.json$/;

export class ResultOutbox {
  private constructor(
    private readonly pendingDir: string,
    private readonly failedDir: string,
  ) {}

  /** Opens (creating) the outbox under `dir`, removing temp files an interrupted write left behind. */
  static async open(dir: string): Promise<ResultOutbox> {
    const pendingDir = path.join(dir, 'pending');
    const failedDir = path.join(dir, 'failed');
    await fs.mkdir(pendingDir, { recursive: true, mode: 0o700 });
    await fs.mkdir(failedDir, { recursive: true, mode: 0o700 });
    for (const name of await fs.readdir(pendingDir)) {
      if (name.endsWith('.tmp')) await fs.rm(path.join(pendingDir, name), { force: true });
    }
    return new ResultOutbox(pendingDir, failedDir);
  }

  async enqueue(
    item: { thirdPartyId: string; token: string; expiresAt: number },
    now = Date.now(),
  ): Promise<OutboxEntry> {
    const entry = outboxEntrySchema.parse({
      id: randomUUID(),
      ...item,
      createdAt: now,
      attempts: 0,
      nextAttemptAt: now,
    });
    await this.write(entry);
    return entry;
  }

  /** Every pending entry, oldest first. Unreadable files are moved aside to failed/ rather than blocking the rest. */
  async list(): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for (const name of await fs.readdir(this.pendingDir)) {
      if (!ENTRY_FILE.test(name)) continue;
      const file = path.join(this.pendingDir, name);
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // completed meanwhile
        throw e;
      }
      let parsed: ReturnType<typeof outboxEntrySchema.safeParse> | undefined;
      try {
        parsed = outboxEntrySchema.safeParse(JSON.parse(text));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success && `${parsed.data.id}.json` === name) entries.push(parsed.data);
      else await fs.rename(file, path.join(this.failedDir, `${name}.corrupt`)).catch(() => undefined);
    }
    return entries.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async update(entry: OutboxEntry): Promise<void> {
    await this.write(outboxEntrySchema.parse(entry));
  }

  /** Delivered: the entry is gone for good. */
  async complete(id: string): Promise<void> {
    await fs.rm(path.join(this.pendingDir, `${z.uuid().parse(id)}.json`), { force: true });
    await fsyncDir(this.pendingDir);
  }

  /** Withdrawn before anyone was told of it (the session that asked for it ended first): gone, never sent. */
  async withdraw(id: string): Promise<void> {
    await this.complete(id);
  }

  /** Given up: kept aside in failed/ with the reason, for the operator, not retried. */
  async fail(entry: OutboxEntry, reason: string): Promise<void> {
    const name = `${z.uuid().parse(entry.id)}.json`;
    await this.writeFile(this.failedDir, name, { ...entry, lastError: reason });
    await fs.rm(path.join(this.pendingDir, name), { force: true });
    await fsyncDir(this.pendingDir);
  }

  async failed(): Promise<string[]> {
    return (await fs.readdir(this.failedDir)).sort();
  }

  private async write(entry: OutboxEntry): Promise<void> {
    await this.writeFile(this.pendingDir, `${entry.id}.json`, entry);
  }

  private async writeFile(dir: string, name: string, value: unknown): Promise<void> {
    await replaceFile(path.join(dir, name), JSON.stringify(value), {
      tmp: path.join(dir, `${name}.${process.pid}.${randomUUID()}.tmp`),
    });
  }
}
