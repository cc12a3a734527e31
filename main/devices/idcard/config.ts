// Reader configuration (zod, with defaults), composed by main/config into the app config as `reader`.
// Defaults: look for the known HID reader, no serial ports, never the simulated reader: simulation is an explicit
// mode (`mode: "simulator"`, a demo: the kiosk shows 演示模式 / DEMO and marks its signed results `sim: true`).
import { z } from 'zod';

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

export const readerConfigSchema = z.strictObject({
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
      /** A demo card (see demo-cards.ts) on the simulated reader at start-up; null = empty reader. */
      initialCard: z.string().nullable().default(null),
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

export type ReaderConfig = z.output<typeof readerConfigSchema>;
export type ReaderConfigInput = z.input<typeof readerConfigSchema>;
export type HidReaderConfig = z.output<typeof hidReaderSchema>;
export type SerialReaderConfig = z.output<typeof serialReaderSchema>;
