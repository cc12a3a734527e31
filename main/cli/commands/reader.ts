// `hexin reader …`: decode a captured read-base frame, list attached readers, read one card from a real or
// simulated reader, or print the frame the simulator would send for a demo card (for decode round trips).
import { readFile, stat, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { HexinError } from '../../../common/errors';
import { parseReadBaseFrame } from '../../devices/idcard/card-parser';
import { encodeCardText, parseCardSpec, readBaseData } from '../../devices/idcard/card-spec';
import { readerConfigSchema, type ReaderConfig } from '../../devices/idcard/config';
import { DEMO_CARD_IDS, demoCardSpec } from '../../devices/idcard/demo-cards';
import { listReaders, nodeHidBackend } from '../../devices/idcard/discovery';
import { buildResponse, bytesToHex, hexToBytes } from '../../devices/idcard/frame';
import { createReaderDriver } from '../../devices/idcard/index';
import { encodeChipPhoto } from '../../devices/idcard/sim-photo';
import type { CardReadEvent, ParsedCard } from '../../devices/idcard/types';
import { defineCommand, type Values } from '../spec';
import type { CliIo } from '../types';

/** A captured frame file is at most a few KiB; anything much larger is not one. */
const MAX_FRAME_FILE = 64 * 1024;

/** The card as the CLI prints it: every text field, the photo as its length only. */
export function cardJson(card: ParsedCard): Record<string, unknown> {
  const { photo: _photo, genderCode: _genderCode, ...rest } = card;
  const ordered: Record<string, unknown> = {};
  const keys = [
    'type',
    'name',
    'nameEn',
    'gender',
    'nationCode',
    'nation',
    'nationality',
    'birthDate',
    'address',
    'idNumber',
    'idNumberValid',
    'issuer',
    'validFrom',
    'validUntil',
    'passNumber',
    'issueCount',
    'renewalCount',
    'previousNumberLink',
    'appendedAddress',
    'cardVersion',
    'issuerCode',
    'photoBytes',
    'warnings',
  ] as const;
  for (const k of keys) if (rest[k] !== undefined) ordered[k] = rest[k];
  return ordered;
}

function printCard(io: CliIo, json: boolean, card: ParsedCard, extra: Record<string, unknown> = {}): void {
  const out = { ...cardJson(card), ...extra };
  if (json) {
    io.stdout(JSON.stringify(out) + '\n');
    return;
  }
  for (const [k, v] of Object.entries(out))
    io.stdout(`${k.padEnd(20)} ${Array.isArray(v) ? v.join('; ') : String(v)}\n`);
}

async function frameFromFile(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new HexinError('FRAME_FILE_INVALID', `cannot read ${path}`, { path }, { cause: e });
  }
  if (size > MAX_FRAME_FILE)
    throw new HexinError('FRAME_FILE_INVALID', `${path} is ${size} bytes; a frame is at most 4 KiB`);
  const bytes = new Uint8Array(await readFile(path));
  // Raw frames start with the preamble; anything else is read as hex text.
  if (bytes[0] === 0xaa) return bytes;
  return hexToBytes(new TextDecoder().decode(bytes));
}

/** The reader config from --config (a reader section or an app config with `reader`), or the defaults. */
async function readerConfigFrom(path: string | undefined): Promise<ReaderConfig> {
  if (path === undefined) return readerConfigSchema.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new HexinError('READER_CONFIG_INVALID', `cannot read ${path} as JSON`, { path }, { cause: e });
  }
  const section =
    raw && typeof raw === 'object' && 'reader' in raw ? (raw as { reader: unknown }).reader : raw;
  const parsed = readerConfigSchema.safeParse(section);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HexinError(
      'READER_CONFIG_INVALID',
      `${path}: reader.${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}

const spec = {
  name: 'reader',
  summary: 'ID-card reader: decode a captured frame, list readers, read a card, print a demo frame',
  actions: {
    decode: {
      uses: ['hex', 'file'],
      description:
        'parse a read-base reply frame (30 01 or 30 10; hex text or raw bytes in the file) and print the card',
    },
    list: {
      uses: ['all', 'config'],
      description: 'readers attached now that match the configured VID/PID list',
    },
    read: {
      uses: ['simulate', 'timeout', 'photo-out', 'config'],
      description:
        'wait for one card on the first reader found (or on the simulated reader holding a demo card)',
    },
    frame: {
      required: ['demo'],
      description: 'print the 30 01 reply frame the simulator sends for a demo card, as hex',
    },
  },
  options: {
    hex: { type: 'string', value: '<hex>', description: 'the frame as hex text (or --file)' },
    file: { type: 'string', value: '<path>', description: 'the frame in a file, raw bytes or hex text' },
    all: { type: 'boolean', description: 'every HID device, to find an ID' },
    config: {
      type: 'string',
      value: '<file.json>',
      description:
        'a JSON file holding the reader section (or a whole app config with a "reader" key); default: built-in',
    },
    simulate: {
      type: 'string',
      value: '<demo-card>',
      description: 'read from the simulated reader holding this demo card',
    },
    timeout: {
      type: 'integer',
      value: '<ms>',
      min: 1,
      max: 86_400_000,
      default: 30_000,
      description: 'how long to wait for a card',
    },
    'photo-out': { type: 'string', value: '<file.png>', description: 'also write the card photo as PNG' },
    demo: { type: 'string', value: '<demo-card>', description: 'the demo card to print' },
  },
  notes: `demo cards: ${DEMO_CARD_IDS.join(', ')}`,
  check: (values: { hex?: string; file?: string }, _positionals: string[], action: string | undefined) =>
    action === 'decode' && (values.hex === undefined) === (values.file === undefined)
      ? 'give exactly one of --hex or --file'
      : null,
} as const;

type ReaderValues = Values<(typeof spec)['options']>;

async function decode(values: ReaderValues, io: CliIo): Promise<number> {
  const frame = values.hex !== undefined ? hexToBytes(values.hex) : await frameFromFile(values.file!);
  printCard(io, values.json, parseReadBaseFrame(frame));
  return 0;
}

async function list(values: ReaderValues, io: CliIo): Promise<number> {
  const config = await readerConfigFrom(values.config);
  let rows: Array<Record<string, unknown>>;
  if (values.all) {
    rows = (await nodeHidBackend.devices()).map((d) => ({
      name: d.product ?? '',
      vendorId: d.vendorId,
      productId: d.productId,
      transport: 'hid',
      path: d.path,
    }));
  } else {
    rows = (await listReaders(config)).map((c) => ({ ...c.info }));
  }
  if (values.json) io.stdout(JSON.stringify({ readers: rows }) + '\n');
  else if (rows.length === 0) io.stdout('no readers found\n');
  else {
    const hex = (n: unknown): string => Number(n).toString(16).padStart(4, '0');
    for (const r of rows)
      io.stdout(
        `${hex(r.vendorId)}:${hex(r.productId)}  ${String(r.transport).padEnd(6)} ${String(r.name)}\n`,
      );
  }
  return 0;
}

async function read(values: ReaderValues, io: CliIo): Promise<number> {
  const base = await readerConfigFrom(values.config);
  const timeoutMs = values.timeout;
  if (values.simulate !== undefined) demoCardSpec(values.simulate); // fail fast on an unknown demo card
  // --simulate ignores hardware; otherwise the configured readers only, never the simulator.
  const { driver } = await createReaderDriver({
    ...base,
    mode: values.simulate !== undefined ? 'simulator' : 'hardware',
    simulator: { ...base.simulator, initialCard: values.simulate ?? null, latencyMs: 5 },
  });
  let lastStatus = driver.getStatus();
  driver.on('status', (s) => {
    lastStatus = s;
    if (!values.json)
      io.stderr(
        `reader: ${s.state}${s.reader ? ` (${s.reader.name})` : ''}${s.error ? ` ${s.error.code}` : ''}\n`,
      );
  });
  const event = await new Promise<CardReadEvent | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    driver.once('card', (e) => {
      clearTimeout(timer);
      resolve(e);
    });
    driver.start();
  });
  await driver.stop();
  if (!event) {
    const code =
      lastStatus.state === 'no-reader' ? 'READER_NOT_FOUND' : (lastStatus.error?.code ?? 'CARD_NOT_FOUND');
    throw new HexinError(code, `no card read within ${timeoutMs} ms (reader state: ${lastStatus.state})`);
  }
  if (values['photo-out'] && event.photo) {
    const p = event.photo;
    await writeFile(
      values['photo-out'],
      await sharp(p.data, { raw: { width: p.width, height: p.height, channels: 3 } })
        .png()
        .toBuffer(),
    );
  }
  printCard(io, values.json, event.card, {
    photo: event.photo ? { width: event.photo.width, height: event.photo.height } : null,
    ...(event.photoError ? { photoError: event.photoError } : {}),
  });
  return 0;
}

async function frame(demo: string, json: boolean, io: CliIo): Promise<number> {
  const card = parseCardSpec(demoCardSpec(demo));
  const photo = card.photoPath ? await encodeChipPhoto(card.photoPath, card.photoFace) : new Uint8Array(1024);
  const hex = bytesToHex(buildResponse(0x90, readBaseData(encodeCardText(card), photo)), '');
  io.stdout(json ? JSON.stringify({ demo, hex }) + '\n' : hex + '\n');
  return 0;
}

export const readerCommand = defineCommand(spec, async (call, io) => {
  switch (call.action) {
    case 'decode':
      return decode(call.values, io);
    case 'list':
      return list(call.values, io);
    case 'read':
      return read(call.values, io);
    case 'frame':
      return frame(call.values.demo, call.values.json, io);
  }
});
