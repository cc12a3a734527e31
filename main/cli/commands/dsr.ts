// `hexin dsr …`: the staff side of data-subject requests (查阅、复制、更改、删除、撤回同意) — record a request
// with its deadline, list open ones, export a copy, correct, erase, withdraw consent, close the request.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { HexinError } from '../../../common/errors';
import { openCliRecords } from '../../records/cli-support';
import { DSR_KINDS, type DsrKind, type DsrView } from '../../records/dsr';
import { type CliCommand, type CliIo, printUsage } from '../types';

const HELP = `usage: hexin dsr <action> [options]
  create --kind KIND --id IDNUMBER --channel TEXT [--note TEXT]   record a request (KIND: ${DSR_KINDS.join(', ')})
  list                                    every request with its deadline (overdue ones flagged)
  show REQUEST_ID --id IDNUMBER           the person's records (access)
  export REQUEST_ID --id IDNUMBER --out FILE   write a copy of the person's records (0600 JSON)
  correct REQUEST_ID --id IDNUMBER --record RECORD_ID --set key=value [--set …]
  erase REQUEST_ID --id IDNUMBER          delete every record of the person
  withdraw REQUEST_ID --id IDNUMBER       withdraw consent: delete what it covered, write a receipt
  complete REQUEST_ID --status done|rejected --outcome TEXT
options:
  --data-dir DIR   app data dir (default: $HEXIN_DATA_DIR or ./.hexin-data)
  --config FILE    config JSON with "records" and "consent" sections
  --json           one JSON document on stdout
`;

function need(value: string | undefined, name: string): string {
  if (!value) throw new HexinError('DSR_INVALID', `--${name} is required`);
  return value;
}

/** `key=value` pairs; values that read as numbers, booleans or null become those. */
function parseSets(sets: string[]): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new HexinError('DSR_INVALID', `--set expects key=value, got ${s}`);
    const raw = s.slice(eq + 1);
    out[s.slice(0, eq)] =
      raw === 'true'
        ? true
        : raw === 'false'
          ? false
          : raw === 'null'
            ? null
            : raw !== '' && Number.isFinite(Number(raw))
              ? Number(raw)
              : raw;
  }
  return out;
}

function printRequest(io: CliIo, r: DsrView): void {
  const flag = r.overdue ? ' OVERDUE' : '';
  io.stdout(
    `${r.requestId}  ${r.kind.padEnd(8)} ${r.status.padEnd(8)} received ${r.receivedAt.slice(0, 10)}  due ${r.dueBy} (${r.workingDaysLeft} working days)${flag}\n`,
  );
}

export const dsrCommand: CliCommand = {
  name: 'dsr',
  summary: 'data-subject requests: record, list, export, correct, erase, withdraw, complete',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        kind: { type: 'string' },
        id: { type: 'string' },
        channel: { type: 'string' },
        note: { type: 'string' },
        out: { type: 'string' },
        record: { type: 'string' },
        set: { type: 'string', multiple: true },
        status: { type: 'string' },
        outcome: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [action, requestId] = positionals;
    const actions = ['create', 'list', 'show', 'export', 'correct', 'erase', 'withdraw', 'complete'];
    const takesId = action !== 'create' && action !== 'list';
    if (
      values.help ||
      !action ||
      !actions.includes(action) ||
      (takesId ? positionals.length !== 2 : positionals.length !== 1)
    ) {
      return printUsage(io, HELP, values.help);
    }
    const { records, dsr } = await openCliRecords({ dataDir: values['data-dir'], configFile: values.config });
    const emit = (json: unknown, text: string): void =>
      io.stdout(values.json ? JSON.stringify(json) + '\n' : text);
    try {
      switch (action) {
        case 'create': {
          const kind = need(values.kind, 'kind');
          if (!(DSR_KINDS as readonly string[]).includes(kind))
            throw new HexinError('DSR_INVALID', `--kind must be one of ${DSR_KINDS.join(', ')}`);
          const r = await dsr.create({
            kind: kind as DsrKind,
            idNumber: need(values.id, 'id'),
            channel: need(values.channel, 'channel'),
            ...(values.note ? { note: values.note } : {}),
          });
          if (values.json) emit(r, '');
          else printRequest(io, r);
          return 0;
        }
        case 'list': {
          const all = await dsr.list();
          if (values.json) emit(all, '');
          else if (all.length === 0) io.stdout('no requests\n');
          else all.forEach((r) => printRequest(io, r));
          return 0;
        }
        case 'show': {
          // Through the request, so the look-up is checked against it and audited like the staff console's.
          const mine = await dsr.locateFor(requestId!, need(values.id, 'id'));
          emit(mine, JSON.stringify(mine, null, 2) + '\n');
          return 0;
        }
        case 'export': {
          const copy = await dsr.exportCopy(requestId!, need(values.id, 'id'));
          const out = need(values.out, 'out');
          await writeFile(out, JSON.stringify(copy, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
          emit({ out, records: copy.records.length }, `wrote ${copy.records.length} records to ${out}\n`);
          return 0;
        }
        case 'correct': {
          const fixed = await dsr.correct(
            requestId!,
            need(values.id, 'id'),
            need(values.record, 'record'),
            parseSets(values.set ?? []),
          );
          emit(fixed, `corrected record ${fixed.id}\n`);
          return 0;
        }
        case 'erase': {
          const n = await dsr.erase(requestId!, need(values.id, 'id'));
          emit({ deleted: n }, `deleted ${n} records\n`);
          return 0;
        }
        case 'withdraw': {
          const out = await dsr.withdraw(requestId!, need(values.id, 'id'));
          emit(
            {
              receipt: out.receipt,
              receiptSha256: out.summary.receiptSha256,
              deletedRecords: out.deletedRecords,
            },
            `consent withdrawn: deleted ${out.deletedRecords} records; receipt ${out.receipt.receiptId} sha256 ${out.summary.receiptSha256}\n`,
          );
          return 0;
        }
        default: {
          const status = need(values.status, 'status');
          if (status !== 'done' && status !== 'rejected')
            throw new HexinError('DSR_INVALID', '--status must be done or rejected');
          const r = await dsr.complete(requestId!, status, need(values.outcome, 'outcome'));
          if (values.json) emit(r, '');
          else printRequest(io, r);
          return 0;
        }
      }
    } finally {
      await records.close();
    }
  },
};
