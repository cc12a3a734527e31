// `hexin records purge|stats|scan`: runs the retention sweeper once; counts what the encrypted store holds per
// type; scans a data directory for bytes that must never be on disk (images, audio, embeddings, ID numbers).
import { scanDirectory } from '../../records/biometric-scan';
import { defaultDataDir } from '../../config/paths';
import { openCliRecords } from '../../records/cli-support';
import { RetentionSweeper } from '../../records/retention';
import { RECORD_TYPES } from '../../records/store';
import { dataDirOption } from '../options';
import { defineCommand } from '../spec';

export const recordsCommand = defineCommand(
  {
    name: 'records',
    summary: 'purge expired records (retention), count stored records, scan for biometrics on disk',
    actions: {
      purge: { description: 'delete records (and audit entries) older than their retention' },
      stats: { description: 'count stored records per type, and any damaged stretches' },
      scan: {
        args: '[DIR]',
        description:
          'look for images, audio, embeddings and ID numbers under DIR (default: the data dir); ' +
          'exit code 1 if anything is found',
      },
    },
    options: {
      'data-dir': dataDirOption,
      config: {
        type: 'string',
        value: 'FILE',
        description: 'config JSON with a "records" section (retention days per type)',
      },
    },
  },
  async ({ action, values, positionals }, io) => {
    if (action === 'scan') {
      const dir = positionals[0] ?? values['data-dir'] ?? defaultDataDir();
      const r = await scanDirectory(dir);
      if (values.json) io.stdout(JSON.stringify({ dir, ...r }) + '\n');
      else {
        io.stdout(
          `scanned ${r.files} files (${r.bytes} bytes) under ${dir}: ${r.findings.length} findings\n`,
        );
        for (const f of r.findings) io.stdout(`  ${f.kind} in ${f.file} at ${f.offset}\n`);
      }
      return r.findings.length > 0 ? 1 : 0;
    }
    const { records } = await openCliRecords({ dataDir: values['data-dir'], configFile: values.config });
    try {
      if (action === 'purge') {
        const report = await new RetentionSweeper(records).sweep();
        if (values.json) io.stdout(JSON.stringify(report) + '\n');
        else {
          const parts = RECORD_TYPES.map((t) => `${t} ${report.counts[t]}`).join(', ');
          io.stdout(`purged: ${parts}; audit entries ${report.auditEntriesDropped}\n`);
        }
        return 0;
      }
      const { records: all, damage } = await records.store.readAll();
      const counts = Object.fromEntries(RECORD_TYPES.map((t) => [t, all.filter((r) => r.type === t).length]));
      if (values.json) io.stdout(JSON.stringify({ counts, damage }) + '\n');
      else {
        io.stdout(RECORD_TYPES.map((t) => `${t.padEnd(8)} ${counts[t]}`).join('\n') + '\n');
        if (damage.length > 0)
          io.stdout(
            `damaged stretches: ${damage.map((d) => `${d.file}@${d.offset} ${d.reason}`).join(', ')}\n`,
          );
      }
      return damage.length > 0 ? 1 : 0;
    } finally {
      await records.close();
    }
  },
);
