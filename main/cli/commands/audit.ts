// `hexin audit verify <dir>`: recomputes the audit log's hash chain and seal signatures, checks the log still
// reaches its signed head (a log cut short does not) and reports the first broken entry; `hexin audit pubkey`
// prints the audit seal key's public key to register with the back office (verify --pubkey then trusts only it).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HexinError } from '../../../common/errors';
import { AUDIT_FILE, verifyAuditDir } from '../../records/audit';
import { openCliRecords } from '../../records/cli-support';
import { dataDirOption } from '../options';
import { defineCommand } from '../spec';

async function auditDirOf(dir: string): Promise<string> {
  const exists = async (p: string): Promise<boolean> => (await stat(p).catch(() => undefined)) !== undefined;
  if (await exists(path.join(dir, AUDIT_FILE))) return dir;
  for (const sub of ['audit', path.join('records', 'audit')]) {
    if (await exists(path.join(dir, sub, AUDIT_FILE))) return path.join(dir, sub);
  }
  throw new HexinError('AUDIT_BROKEN', `no ${AUDIT_FILE} in ${dir}`);
}

export const auditCommand = defineCommand(
  {
    name: 'audit',
    summary: 'verify the hash-chained, signed audit log; print its public key',
    actions: {
      verify: {
        args: 'DIR',
        description: 'check the audit log in DIR (the audit folder, or a records data folder holding audit/)',
        uses: ['pubkey', 'head'],
      },
      pubkey: {
        description: "print this kiosk's audit public key (PEM), to register with the back office",
        uses: ['data-dir', 'config'],
      },
    },
    options: {
      pubkey: {
        type: 'string',
        value: 'FILE',
        description: 'verify against this registered public key instead of the copy stored beside the log',
      },
      head: {
        type: 'string',
        value: 'FILE',
        description: 'the signed head to check against (default: audit-head.json beside the audit folder)',
      },
      'data-dir': dataDirOption,
      config: { type: 'string', value: 'FILE', description: 'config JSON with a "records" section' },
    },
    notes: 'exit code: 0 intact, 1 broken or unreadable, 2 usage',
  },
  async ({ action, values, positionals }, io) => {
    if (action === 'pubkey') {
      const { records } = await openCliRecords({ dataDir: values['data-dir'], configFile: values.config });
      const pem = records.auditPublicKeyPem();
      io.stdout(values.json ? JSON.stringify({ publicKeyPem: pem }) + '\n' : pem);
      return 0;
    }
    const auditDir = await auditDirOf(positionals[0]!);
    const pem = values.pubkey ? await readFile(values.pubkey, 'utf8') : undefined;
    const r = await verifyAuditDir(auditDir, pem, values.head);
    if (values.json) {
      io.stdout(JSON.stringify({ dir: auditDir, ...r }) + '\n');
    } else if (r.ok) {
      const sealed = r.sealedUpToSeq !== undefined ? `sealed up to seq ${r.sealedUpToSeq}` : 'no seal yet';
      const head = r.head ? `; reaches its signed head (${r.head.count} entries, key ${r.head.keyId})` : '';
      io.stdout(
        `audit log intact: ${r.entries} entries, ${sealed}, ${r.unsealed} after the last seal${head}\n`,
      );
    } else {
      const b = r.firstBroken!;
      io.stdout(
        `audit log BROKEN at entry ${b.index} (line ${b.line}${b.seq !== undefined ? `, seq ${b.seq}` : ''}): ${b.reason}\n`,
      );
      io.stdout(`${r.entries} entries before it verified\n`);
    }
    return r.ok ? 0 : 1;
  },
);
