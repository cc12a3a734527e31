// Reader configuration (zod, with defaults), composed by main/config into the app config as `reader`.
// Defaults: look for the known HID reader, no serial ports, never the simulated reader: simulation is an explicit
// mode (`mode: "simulator"`, a demo: the kiosk shows 演示模式 / DEMO and marks its signed results `sim: true`).
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { cardSpecSchema } from './card-spec';
import { DEMO_CARD_IDS } from './demo-cards';

const hex16 = z.number().int().min(0).max(0xffff);

export const readerModeSchema = z.enum(['hardware', 'simulator']);
export type ReaderMode = z.infer<typeof readerModeSchema>;

export const hidReaderSchema = z.strictObject({
  vendorId: hex16,
  productId: hex16,
  name: z.string().min(1).max(80),
  /**
   * `interrupt`: replies arrive as Input reports on the interrupt IN endpoint (node-hid read) — the supported mode.
   * `feature`: poll GET_REPORT(Feature, ID 0) after each write, for readers that answer that way (untested).
   */
  readMode: z.enum(['interrupt', 'feature']).default('interrupt'),
  /** Report ID written in byte 0 of every output report (0 = the device has no numbered reports). */
  reportId: z.number().int().min(0).max(255).default(0),
  /** Size of one report without the report-ID byte. */
  reportSize: z.number().int().min(8).max(1024).default(64),
});

export const serialReaderSchema = z.strictObject({
  /** Device path, e.g. /dev/ttyUSB0 or COM3; or match USB-serial adapters by VID/PID instead. */
  path: z.string().min(1).optional(),
  vendorId: hex16.optional(),
  productId: hex16.optional(),
  name: z.string().min(1).max(80).default('Serial ID-card reader'),
  baudRate: z.number().int().positive().max(4_000_000).default(115200),
});

export const wltDecoderSchema = z.strictObject({
  library: z.string().min(1),
  symbol: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a C function name')
    .default('unpack'),
  code: z
    .number()
    .int()
    .min(-(2 ** 31))
    .max(2 ** 31 - 1)
    .default(0),
});

/** Ids of a config's own demo cards: lower-case words and dashes, and none of the built-in demo cards' ids. */
function demoCardIdProblem(id: string): string | null {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) return 'lower-case letters, digits and dashes, at most 64';
  if ((DEMO_CARD_IDS as string[]).includes(id)) return 'the id of a built-in demo card';
  return null;
}

/** Pixels of a face box in a photo (the simulator reads photos up to a few thousand pixels a side). */
const photoPixel = z.number().min(-20_000).max(20_000);

/** A card spec (card-spec.ts), strict like every config object, its photo an absolute path. */
const extraCardSchema = cardSpecSchema
  .safeExtend({
    photoPath: z.string().min(1).refine(isAbsolute, 'an absolute path (the config has no folder of its own)'),
    photoFace: z
      .strictObject({ x1: photoPixel, y1: photoPixel, x2: photoPixel, y2: photoPixel })
      .refine((b) => b.x2 > b.x1 && b.y2 > b.y1, 'face box must have positive size')
      .optional(),
  })
  .strict();

const readerConfigFields = z.strictObject({
  /** HID readers to look for, in order of preference. Default: Routon/精伦 iDR210 class (0x0425:0x8159). */
  hid: z.array(hidReaderSchema).default([
    {
      vendorId: 0x0425,
      productId: 0x8159,
      name: 'Routon iDR210 (HID)',
      readMode: 'interrupt',
      reportId: 0,
      reportSize: 64,
    },
  ]),
  serial: z.array(serialReaderSchema).default([]),
  /**
   * `hardware` (default): the configured HID/serial readers only; with none connected the kiosk says so (staff
   * health red, the person sent to the counter). `simulator`: the simulated reader only, for demos and tests.
   */
  mode: readerModeSchema.default('hardware'),
  /** Replaced by `mode` (a production kiosk must never fall back to the simulator silently). */
  simulateWhenMissing: z
    .never({
      error: 'replaced by reader.mode ("hardware" or "simulator"; the simulator is never a fallback)',
    })
    .optional(),
  simulator: z
    .strictObject({
      latencyMs: z.number().int().min(0).max(5000).default(20),
      haltAfterRead: z.boolean().default(false),
      /** A demo card (see demo-cards.ts, or one of `cards`) on the simulated reader at start-up; null = empty reader. */
      initialCard: z.string().nullable().default(null),
      /**
       * A demo's (or a test's) own cards beside the built-in ones, by id: what staff mode and the loopback controls
       * may insert. The chip photo comes from `photoPath`, an absolute path read when the card is inserted, framed
       * by `photoFace`. Simulator mode only (refused with `mode: "hardware"`): a production kiosk has no simulator.
       */
      cards: z
        .record(z.string(), extraCardSchema)
        .check((ctx) => {
          for (const id of Object.keys(ctx.value)) {
            const problem = demoCardIdProblem(id);
            if (problem) ctx.issues.push({ code: 'custom', message: problem, input: id, path: [id] });
          }
        })
        .optional(),
    })
    .prefault({}),
  /** How often to look for a reader when none is connected (node-hid and serialport have no hot-plug events). */
  discoveryIntervalMs: z.number().int().min(100).max(60_000).default(2000),
  /** How often to look for a card (spec §3.1: ~300–500 ms). */
  pollIntervalMs: z.number().int().min(50).max(10_000).default(400),
  timeouts: z
    .strictObject({
      statusMs: z.number().int().min(10).max(60_000).default(500),
      findMs: z.number().int().min(10).max(60_000).default(500),
      selectMs: z.number().int().min(10).max(60_000).default(500),
      readMs: z.number().int().min(10).max(60_000).default(3500),
    })
    .prefault({}),
  /** Also read address changes (`30 03`) after each card; one more exchange per card. */
  readAppendedAddress: z.boolean().default(false),
  /** Consecutive timeouts after which the reader is treated as gone and re-opened. */
  maxTimeouts: z.number().int().min(1).max(20).default(3),
  /** Vendor WLT decoder library for real cards; without it real cards show text only. */
  photoDecoder: z.strictObject({ wlt: wltDecoderSchema.optional() }).prefault({}),
});

export const readerConfigSchema = readerConfigFields
  .refine((c) => c.mode === 'simulator' || c.simulator.cards === undefined, {
    message: 'demo cards are for the simulated reader only (reader.mode "simulator")',
    path: ['simulator', 'cards'],
  })
  .refine(
    (c) =>
      c.simulator.initialCard === null ||
      (DEMO_CARD_IDS as string[]).includes(c.simulator.initialCard) ||
      Object.hasOwn(c.simulator.cards ?? {}, c.simulator.initialCard),
    { message: 'not a built-in demo card nor one of simulator.cards', path: ['simulator', 'initialCard'] },
  );

export type ReaderConfig = z.output<typeof readerConfigSchema>;
export type ReaderConfigInput = z.input<typeof readerConfigSchema>;
export type HidReaderConfig = z.output<typeof hidReaderSchema>;
export type SerialReaderConfig = z.output<typeof serialReaderSchema>;
