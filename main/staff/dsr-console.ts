// The staff console for data-subject requests (查阅、复制、更改、删除、撤回同意): the contract's staff-only DSR
// methods, on top of DsrService (main/records/dsr.ts), which does the work and writes the audit events. This
// module shapes what staff see (what is held — counts, dates, receipts — never record contents on screen, never
// the ID number), writes the copy for the person, and refuses corrections that would falsify evidence.
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MethodArgs, MethodResult } from '../../common/contract';
import type { DsrRequestView } from '../../common/dsr';
import { HexinError } from '../../common/errors';
import type { Handlers } from '../ipc/dispatcher';
import { correctable, type DsrService, type DsrView } from '../records/dsr';
import type { StoredRecord } from '../records/store';

/** How requests taken at the kiosk are recorded as having come in. */
export const CONSOLE_CHANNEL = 'kiosk staff console';

/** Decrypted copies are personal data in the clear: they are kept only long enough to be handed over. */
export const EXPORT_KEEP_MS = 24 * 60 * 60 * 1000;

const EXPORT_FILE = /^dsr-[0-9a-f]{8}-\d{8}T\d{6}Z?\.json$/;

export interface DsrConsoleOptions {
  dsr: DsrService;
  /** Where copies for the person are written (created 0700): `<data dir>/dsr-exports` in the composition root. */
  exportDir: string;
  now?: () => Date;
  /** A request was recorded here (the fleet link sends it to the back office; never fails the request). */
  onOpened?: (request: DsrView, idNumber: string) => Promise<void>;
}

function toView(r: DsrView): DsrRequestView {
  // The keyed subject hash and the channel stay in main: the screen has no use for them.
  return {
    requestId: r.requestId,
    kind: r.kind,
    status: r.status,
    receivedAt: r.receivedAt,
    dueBy: r.dueBy,
    workingDaysLeft: r.workingDaysLeft,
    overdue: r.overdue,
    ...(r.note !== undefined ? { note: r.note } : {}),
    ...(r.outcome !== undefined ? { outcome: r.outcome } : {}),
    updatedAt: r.updatedAt,
  };
}

function kindOf(r: StoredRecord): string | null {
  if (r.type === 'consent') return 'receipt';
  const k = r.data.kind;
  return typeof k === 'string' ? k.slice(0, 32) : null;
}

export class DsrConsole {
  private readonly dsr: DsrService;
  private readonly exportDir: string;
  private readonly now: () => Date;
  private readonly onOpened: NonNullable<DsrConsoleOptions['onOpened']>;

  constructor(options: DsrConsoleOptions) {
    this.dsr = options.dsr;
    this.onOpened = options.onOpened ?? (async () => undefined);
    this.exportDir = options.exportDir;
    this.now = options.now ?? (() => new Date());
  }

  async open(args: MethodArgs<'openDsrRequest'>): Promise<DsrRequestView> {
    const note = args.note?.trim();
    const request = await this.dsr.create({
      kind: args.kind,
      idNumber: args.idNumber,
      channel: CONSOLE_CHANNEL,
      ...(note ? { note } : {}),
    });
    await this.onOpened(request, args.idNumber);
    return toView(request);
  }

  /** Open requests (all of them with includeClosed), most urgent first. */
  async list(args: MethodArgs<'listDsrRequests'>): Promise<DsrRequestView[]> {
    const all = await this.dsr.list();
    return all
      .filter((r) => args.includeClosed || r.status === 'open')
      .sort((a, b) => a.dueBy.localeCompare(b.dueBy) || a.receivedAt.localeCompare(b.receivedAt))
      .slice(0, 1000)
      .map(toView);
  }

  /** What is held about the person (查阅): counts by type, dates, receipts, and each record by id and kind. */
  async holdings(args: MethodArgs<'locateDsrRecords'>): Promise<MethodResult<'locateDsrRecords'>> {
    const held = (await this.dsr.locateFor(args.requestId, args.idNumber)).filter(
      (r): r is StoredRecord & { type: 'consent' | 'result' | 'session' } => r.type !== 'dsr',
    );
    const times = held.map((r) => r.time).sort();
    const receipts = held.flatMap((r) => {
      const receipt = r.data.receipt as Record<string, unknown> | undefined;
      const notice = receipt?.notice as Record<string, unknown> | undefined;
      if (r.type !== 'consent' || !receipt || !notice) return [];
      const decision = receipt.decision;
      if (decision !== 'agree' && decision !== 'refuse' && decision !== 'withdraw') return [];
      return [
        {
          receiptId: String(receipt.receiptId).slice(0, 64),
          decision,
          time: String(receipt.time).slice(0, 40),
          agreementId: String(notice.agreementId).slice(0, 64),
          version: String(notice.version).slice(0, 32),
          ...(typeof receipt.deletedRecords === 'number' ? { deletedRecords: receipt.deletedRecords } : {}),
        } as const,
      ];
    });
    return {
      requestId: args.requestId,
      counts: {
        consent: held.filter((r) => r.type === 'consent').length,
        result: held.filter((r) => r.type === 'result').length,
        session: held.filter((r) => r.type === 'session').length,
      },
      firstAt: times[0] ?? null,
      lastAt: times[times.length - 1] ?? null,
      receipts: receipts.slice(0, 500),
      records: held.slice(0, 1000).map((r) => ({
        recordId: r.id,
        type: r.type,
        kind: kindOf(r),
        time: r.time,
        correctable: correctable(r),
      })),
    };
  }

  /**
   * A copy for the person (复制), as a JSON file in the kiosk's export folder, path shown to staff.
   *
   * [Note: why a file] A kiosk has no printer we can count on and a copy can hold dozens of records — far more
   * than a QR code on screen can carry. So the copy is written (0600, in a 0700 folder under the data dir) for
   * staff to hand over the bank's usual way (encrypted USB stick, the back office's mail), with its SHA-256 so the
   * person can check what they got. It is personal data in the clear, so it is deleted after EXPORT_KEEP_MS.
   */
  async exportCopy(args: MethodArgs<'exportDsrCopy'>): Promise<MethodResult<'exportDsrCopy'>> {
    const copy = await this.dsr.exportCopy(args.requestId, args.idNumber);
    await mkdir(this.exportDir, { recursive: true, mode: 0o700 });
    await chmod(this.exportDir, 0o700);
    await this.pruneExports();
    const stamp = this.now()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const fileName = `dsr-${args.requestId.slice(0, 8)}-${stamp}.json`;
    const file = path.join(this.exportDir, fileName);
    const text = JSON.stringify(copy, null, 2) + '\n';
    try {
      await writeFile(file, text, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST')
        throw new HexinError('DSR_EXPORT_EXISTS', `${fileName} was written a moment ago; try again`);
      throw new HexinError('DSR_EXPORT_FAILED', `cannot write ${file}: ${(e as Error).message}`);
    }
    return {
      path: file,
      fileName,
      records: copy.records.length,
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    };
  }

  /** Deletes copies older than EXPORT_KEEP_MS; returns how many went. */
  async pruneExports(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.exportDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
    let removed = 0;
    for (const name of names.filter((n) => EXPORT_FILE.test(n))) {
      const file = path.join(this.exportDir, name);
      const { mtimeMs } = await stat(file);
      if (this.now().getTime() - mtimeMs > EXPORT_KEEP_MS) {
        await unlink(file);
        removed += 1;
      }
    }
    return removed;
  }

  /** Corrects one field of one of the person's records (更改); evidence is refused by DsrService.correct. */
  async correct(args: MethodArgs<'correctDsrRecord'>): Promise<MethodResult<'correctDsrRecord'>> {
    const fixed = await this.dsr.correct(args.requestId, args.idNumber, args.recordId, {
      [args.field]: args.value,
    });
    return { recordId: fixed.id, field: args.field };
  }

  /** Deletes every record of the person (删除); the request itself stays to show it was answered. */
  async erase(args: MethodArgs<'eraseDsrRecords'>): Promise<MethodResult<'eraseDsrRecords'>> {
    return { deleted: await this.dsr.erase(args.requestId, args.idNumber) };
  }

  /** Withdraws consent (撤回同意): deletes what it covered and writes a withdrawal receipt. */
  async withdraw(args: MethodArgs<'withdrawDsrConsent'>): Promise<MethodResult<'withdrawDsrConsent'>> {
    const out = await this.dsr.withdraw(args.requestId, args.idNumber);
    return {
      deleted: out.deletedRecords,
      receiptId: out.receipt.receiptId,
      receiptSha256: out.summary.receiptSha256,
    };
  }

  async close(args: MethodArgs<'closeDsrRequest'>): Promise<DsrRequestView> {
    return toView(await this.dsr.complete(args.requestId, args.status, args.outcome.trim()));
  }
}

export type DsrMethodName =
  | 'openDsrRequest'
  | 'listDsrRequests'
  | 'locateDsrRecords'
  | 'exportDsrCopy'
  | 'correctDsrRecord'
  | 'eraseDsrRecords'
  | 'withdrawDsrConsent'
  | 'closeDsrRequest';

/** The contract's DSR handlers (all staff-only: the dispatcher refuses them while staff mode is locked). */
export function dsrHandlers(c: DsrConsole): Pick<Handlers, DsrMethodName> {
  return {
    openDsrRequest: (args) => c.open(args),
    listDsrRequests: (args) => c.list(args),
    locateDsrRecords: (args) => c.holdings(args),
    exportDsrCopy: (args) => c.exportCopy(args),
    correctDsrRecord: (args) => c.correct(args),
    eraseDsrRecords: (args) => c.erase(args),
    withdrawDsrConsent: (args) => c.withdraw(args),
    closeDsrRequest: (args) => c.close(args),
  };
}
