// What enrolment gave this kiosk (its group and the fleet pseudonymisation keys), kept in one AES-256-GCM file
// under a key of its own from the host's key provider (a 0600 file, or sealed by the OS keystore in Electron).
import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { EnrolReplySchema, type EnrolReply } from '../../common/fleet';
import { replaceFile } from '../records/durable-file';
import { openRecord, sealRecord } from '../records/envelope';
import type { KeyProvider } from '../records/keys';

const AAD = 'hexin-fleet-enrolment/v1';

export class EnrolmentStore {
  constructor(
    private readonly file: string,
    private readonly keys: KeyProvider,
  ) {}

  async load(): Promise<EnrolReply | null> {
    const bytes = await readFile(this.file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (!bytes) return null;
    const plain = openRecord(await this.keys.loadOrCreateKey(), bytes, AAD);
    return EnrolReplySchema.parse(JSON.parse(plain.toString('utf8')));
  }

  async save(enrolment: EnrolReply): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const sealed = sealRecord(await this.keys.loadOrCreateKey(), Buffer.from(JSON.stringify(enrolment)), AAD);
    await replaceFile(this.file, sealed);
  }
}
