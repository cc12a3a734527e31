// `hexin dsr …`: the staff side of data-subject requests (查阅、复制、更改、删除、撤回同意) — record a request
// with its deadline, list open ones, export a copy, correct, erase, withdraw consent, close the request.
import { writeFile } from 'node:fs/promises';
import { HexinError } from '../../../common/errors';
import { openCliRecords } from '../../records/cli-support';
import { DSR_KINDS, type DsrView } from '../../records/dsr';
import { dataDirOption } from '../options';
import { defineCommand } from '../spec';
import type { CliIo } from '../types';

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

const REQUEST = 'REQUEST_ID';

export const dsrCommand = defineCommand(
  {
    name: 'dsr',
    summary: 'data-subject requests: record, list, export, correct, erase, withdraw, complete',
    actions: {
      create: { description: 'record a request', required: ['kind', 'id', 'channel'], uses: ['note'] },
      list: { description: 'every request with its deadline (overdue ones flagged)' },
      show: { args: REQUEST, description: "the person's records (access)", required: ['id'] },
      export: {
        args: REQUEST,
        description: "write a copy of the person's records (0600 JSON)",
        required: ['id', 'out'],
      },
      correct: {
        args: REQUEST,
        description: "change fields of one of the person's records",
        required: ['id', 'record', 'set'],
      },
      erase: { args: REQUEST, description: 'delete every record of the person', required: ['id'] },
      withdraw: {
        args: REQUEST,
        description: 'withdraw consent: delete what it covered, write a receipt',
        required: ['id'],
      },
      complete: { args: REQUEST, description: 'close the request', required: ['status', 'outcome'] },
    },
    options: {
      kind: { type: 'string', value: 'KIND', choices: DSR_KINDS, description: 'what the person asks for' },
      id: { type: 'string', value: 'IDNUMBER', description: "the person's ID number" },
      channel: { type: 'string', value: 'TEXT', description: 'how the request came in' },
      note: { type: 'string', value: 'TEXT', description: 'a note kept with the request' },
      out: { type: 'string', value: 'FILE', description: 'where export writes the copy (a new file)' },
      record: { type: 'string', value: 'RECORD_ID', description: 'the record to correct' },
      set: { type: 'string', value: 'key=value', multiple: true, description: 'a field and its new value' },
      status: { type: 'string', choices: ['done', 'rejected'], description: 'how the request ended' },
      outcome: { type: 'string', value: 'TEXT', description: 'what was done, for the person' },
      'data-dir': dataDirOption,
      config: {
        type: 'string',
        value: 'FILE',
        description: 'config JSON with "records" and "consent" sections',
      },
    },
  },
  async (call, io) => {
    const { values } = call;
    const requestId = call.positionals[0]!;
    const { records, dsr } = await openCliRecords({ dataDir: values['data-dir'], configFile: values.config });
    const emit = (json: unknown, text: string): void =>
      io.stdout(values.json ? JSON.stringify(json) + '\n' : text);
    try {
      switch (call.action) {
        case 'create': {
          const { kind, id, channel, note } = call.values;
          const r = await dsr.create({ kind, idNumber: id, channel, ...(note ? { note } : {}) });
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
          const mine = await dsr.locateFor(requestId, call.values.id);
          emit(mine, JSON.stringify(mine, null, 2) + '\n');
          return 0;
        }
        case 'export': {
          const { id, out } = call.values;
          const copy = await dsr.exportCopy(requestId, id);
          await writeFile(out, JSON.stringify(copy, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
          emit({ out, records: copy.records.length }, `wrote ${copy.records.length} records to ${out}\n`);
          return 0;
        }
        case 'correct': {
          const { id, record, set } = call.values;
          const fixed = await dsr.correct(requestId, id, record, parseSets(set));
          emit(fixed, `corrected record ${fixed.id}\n`);
          return 0;
        }
        case 'erase': {
          const n = await dsr.erase(requestId, call.values.id);
          emit({ deleted: n }, `deleted ${n} records\n`);
          return 0;
        }
        case 'withdraw': {
          const out = await dsr.withdraw(requestId, call.values.id);
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
        case 'complete': {
          const r = await dsr.complete(requestId, call.values.status, call.values.outcome);
          if (values.json) emit(r, '');
          else printRequest(io, r);
          return 0;
        }
      }
    } finally {
      await records.close();
    }
  },
);
