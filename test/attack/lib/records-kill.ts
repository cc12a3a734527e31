// A bad day at the branch: the kiosk's records writer is killed with SIGKILL at random moments, again and again, on
// one data dir. Every record it acknowledged before the kill must be there afterwards, and the store undamaged.
// The writer is the records tests' own child (test/main/records/fixtures/service-writer.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RecordsConfigSchema } from '../../../main/records/config';
import { FileKeyProvider } from '../../../main/records/keys';
import { RecordsService } from '../../../main/records/service';
import { newFigures, prng, type Figures } from './figures';

const writer = path.resolve(import.meta.dirname, '../../main/records/fixtures/service-writer.ts');

/** Runs the writer until it is killed after `ms`; resolves with the record ids it acknowledged. */
function writeUntilKilled(dataDir: string, keyFile: string, name: string, ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, keyFile, name, '1000000'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    // The clock starts at the first acknowledgement, so every kill lands while records are being written.
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), ms));
    child.on('exit', () =>
      resolve(
        out
          .split('\n')
          .filter((l) => l.startsWith('ack '))
          .map((l) => l.slice(4)),
      ),
    );
  });
}

export async function killRecordWriters(kills: number, seed = 1): Promise<Figures> {
  const figures = newFigures('records-sigkill');
  const rnd = prng(seed);
  const root = mkdtempSync(path.join(tmpdir(), 'hexin-attack-records-'));
  const config = RecordsConfigSchema.parse({
    dataDir: path.join(root, 'data'),
    keyFile: path.join(root, 'records.key'),
    auditBatchSize: 5,
  });
  try {
    const acked: string[] = [];
    for (let i = 0; i < kills; i++) {
      acked.push(...(await writeUntilKilled(config.dataDir, config.keyFile, `kill${i}`, 50 + rnd.int(700))));
    }
    const records = await RecordsService.open(config, new FileKeyProvider(config.keyFile));
    const { records: kept, damage } = await records.store.readAll();
    await records.close();
    const ids = new Set(kept.map((r) => r.id));
    const lost = acked.filter((id) => !ids.has(id)).length;
    figures.inputs = kills;
    figures.accepted = lost;
    figures.notes.acknowledged = acked.length;
    figures.notes.lost = lost;
    figures.notes.damage = damage.length;
    figures.notes.seed = seed;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return figures;
}
