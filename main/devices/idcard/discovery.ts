// Finding readers: HID devices by the configured VID/PID list (node-hid), serial ports by path or USB VID/PID
// (serialport), then the simulated reader as a fallback. Neither node-hid nor serialport reports hot-plug events,
// so the driver calls these finders every `discoveryIntervalMs` while no reader is connected; a connected
// reader's loss is noticed by its I/O failing or timing out.
import HID from 'node-hid';
import { SerialPort } from 'serialport';
import type { HidReaderConfig, ReaderConfig, SerialReaderConfig } from './config';
import type { ReaderCandidate, ReaderFinder } from './driver';
import { HidTransport, type HidDeviceLike } from './hid-transport';
import { realSerialPort, SerialTransport, type SerialPortFactory } from './serial-transport';
import { SIMULATED_READER_INFO, type SimulatedReader } from './simulator';
import type { ReaderInfo } from './types';

export interface HidDeviceEntry {
  vendorId: number;
  productId: number;
  path?: string;
  product?: string;
}

/** node-hid behind a seam so discovery can be tested without USB hardware. */
export interface HidBackend {
  devices(): Promise<HidDeviceEntry[]>;
  open(path: string): Promise<HidDeviceLike>;
}

export const nodeHidBackend: HidBackend = {
  devices: () => HID.devicesAsync(),
  open: (path) => HID.HIDAsync.open(path) as Promise<HidDeviceLike>,
};

export interface SerialPortEntry {
  path: string;
  vendorId?: string;
  productId?: string;
}

export interface SerialBackend {
  list(): Promise<SerialPortEntry[]>;
  factory: SerialPortFactory;
}

export const nodeSerialBackend: SerialBackend = { list: () => SerialPort.list(), factory: realSerialPort };

/** Every attached reader the config knows about (for `hexin reader list`), without opening any. */
export async function listReaders(
  config: Pick<ReaderConfig, 'hid' | 'serial'>,
  hid: HidBackend = nodeHidBackend,
  serial: SerialBackend = nodeSerialBackend,
): Promise<ReaderCandidate[]> {
  return [...(await hidCandidates(config.hid, hid)), ...(await serialCandidates(config.serial, serial))];
}

async function hidCandidates(
  wanted: readonly HidReaderConfig[],
  backend: HidBackend,
): Promise<ReaderCandidate[]> {
  if (wanted.length === 0) return [];
  const found = await backend.devices();
  const out: ReaderCandidate[] = [];
  for (const w of wanted) {
    for (const d of found) {
      if (d.vendorId !== w.vendorId || d.productId !== w.productId || !d.path) continue;
      const path = d.path;
      const info: ReaderInfo = {
        name: d.product || w.name,
        vendorId: d.vendorId,
        productId: d.productId,
        transport: 'hid',
      };
      out.push({ info, open: async () => new HidTransport(info, await backend.open(path), w) });
    }
  }
  return out;
}

async function serialCandidates(
  wanted: readonly SerialReaderConfig[],
  backend: SerialBackend,
): Promise<ReaderCandidate[]> {
  if (wanted.length === 0) return [];
  const ports = await backend.list();
  const out: ReaderCandidate[] = [];
  for (const w of wanted) {
    for (const p of ports) {
      const byPath = w.path !== undefined && p.path === w.path;
      const byId =
        w.vendorId !== undefined &&
        w.productId !== undefined &&
        parseInt(p.vendorId ?? '', 16) === w.vendorId &&
        parseInt(p.productId ?? '', 16) === w.productId;
      if (!byPath && !byId) continue;
      const info: ReaderInfo = {
        name: `${w.name} (${p.path})`,
        vendorId: parseInt(p.vendorId ?? '0', 16) || 0,
        productId: parseInt(p.productId ?? '0', 16) || 0,
        transport: 'serial',
      };
      out.push({ info, open: () => SerialTransport.open(info, p.path, w.baudRate, backend.factory) });
    }
  }
  return out;
}

/** Hardware first (config order), then the simulated reader when allowed and plugged in. */
export function makeReaderFinder(
  config: Pick<ReaderConfig, 'hid' | 'serial'>,
  options: { simulator?: SimulatedReader; hid?: HidBackend; serial?: SerialBackend } = {},
): ReaderFinder {
  return async () => {
    let hardware: ReaderCandidate[] = [];
    try {
      hardware = await listReaders(config, options.hid, options.serial);
    } catch {
      // A failing enumeration (no USB stack in a container, permissions) is the same as finding nothing.
      hardware = [];
    }
    if (hardware[0]) return hardware[0];
    const sim = options.simulator;
    if (sim?.isPlugged)
      return {
        info: { ...SIMULATED_READER_INFO },
        open: async () => sim.connect(),
      };
    return null;
  };
}
