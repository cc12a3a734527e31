// The fleet outbox's items waiting for the next batch (results, lock-outs, reports), one file each, written
// crash-safely; names sort in the order the items were queued. Audit entries are not copied here: the shipper
// reads them from the audit log itself by seq.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { FleetItemSchema, type FleetItem } from '../../common/fleet';
import { fsyncDir, replaceFile } from '../records/durable-file';

const NAME = /^\d{16}-\d{6}-[0-9a-f]{8}\.json$/;

export interface QueuedItem {
  name: string;
  item: FleetItem;
}

export class FleetQueue {
  private counter = 0;

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<FleetQueue> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(dir))
      if (name.endsWith('.tmp')) await rm(path.join(dir, name), { force: true });
    return new FleetQueue(dir);
  }

  async add(item: FleetItem): Promise<void> {
    const parsed = FleetItemSchema.parse(item);
    this.counter = (this.counter + 1) % 1_000_000;
    const name = `${String(Date.now()).padStart(16, '0')}-${String(this.counter).padStart(6, '0')}-${randomBytes(4).toString('hex')}.json`;
    await replaceFile(path.join(this.dir, name), JSON.stringify(parsed), {
      tmp: path.join(this.dir, `${name}.tmp`),
    });
  }

  /** The oldest `max` items; unreadable files are dropped (they could never be sent). */
  async peek(max: number): Promise<QueuedItem[]> {
    const names = (await readdir(this.dir)).filter((n) => NAME.test(n)).sort();
    const out: QueuedItem[] = [];
    for (const name of names) {
      if (out.length >= max) break;
      try {
        out.push({
          name,
          item: FleetItemSchema.parse(JSON.parse(await readFile(path.join(this.dir, name), 'utf8'))),
        });
      } catch {
        await rm(path.join(this.dir, name), { force: true });
      }
    }
    return out;
  }

  async remove(names: readonly string[]): Promise<void> {
    for (const name of names) if (NAME.test(name)) await rm(path.join(this.dir, name), { force: true });
    await fsyncDir(this.dir);
  }

  /** Drops unsent items about these fleet subjects (an erasure order); returns how many. */
  async dropSubjects(hashes: ReadonlySet<string>): Promise<number> {
    const doomed = (await this.peek(Number.MAX_SAFE_INTEGER))
      .filter((q) => 'subject' in q.item && q.item.subject && hashes.has(q.item.subject.h))
      .map((q) => q.name);
    await this.remove(doomed);
    return doomed.length;
  }

  async size(): Promise<number> {
    return (await readdir(this.dir)).filter((n) => NAME.test(n)).length;
  }
}
