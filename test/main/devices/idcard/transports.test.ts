// The HID and serial transports, driven by the simulated reader's bytes. USB hardware cannot run here, so the HID
// device is a stand-in with node-hid's HIDAsync surface, and the serial port is serialport's own MockBinding.
import { EventEmitter } from 'node:events';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { Command, Sw3 } from '../../../../main/devices/idcard/commands';
import { demoCardSpec } from '../../../../main/devices/idcard/demo-cards';
import { listReaders, makeReaderFinder, type HidBackend } from '../../../../main/devices/idcard/discovery';
import { HidTransport, type HidDeviceLike } from '../../../../main/devices/idcard/hid-transport';
import { FrameReceiver } from '../../../../main/devices/idcard/receiver';
import { SamClient } from '../../../../main/devices/idcard/sam-client';
import { SerialTransport, type SerialPortLike } from '../../../../main/devices/idcard/serial-transport';
import { SimulatedReader } from '../../../../main/devices/idcard/simulator';
import { parseReadBaseFrame } from '../../../../main/devices/idcard/card-parser';
import { buildResponse } from '../../../../main/devices/idcard/frame';
import type { ReaderInfo } from '../../../../main/devices/idcard/types';

const INFO: ReaderInfo = { name: 'test', vendorId: 0x0425, productId: 0x8159, transport: 'hid' };

/** A stand-in HID device: output reports go to the simulated reader, its replies come back as input reports. */
class SimHidDevice extends EventEmitter implements HidDeviceLike {
  readonly writes: number[][] = [];
  private readonly pending: Buffer[] = [];
  private readonly rx = new FrameReceiver();
  closed = false;

  constructor(
    private readonly sim: SimulatedReader,
    private readonly opts: { numbered?: number; feature?: boolean } = {},
  ) {
    super();
  }

  async write(values: number[] | Buffer): Promise<number> {
    if (this.closed) throw new Error('could not write to HID device');
    const report = Array.from(values);
    this.writes.push(report);
    const t = this.sim.connect();
    t.onData((chunk) => {
      const b = Buffer.from(chunk);
      if (this.opts.feature) this.pending.push(b);
      else this.emit('data', this.opts.numbered ? Buffer.concat([Buffer.from([this.opts.numbered]), b]) : b);
    });
    for (const frame of this.rx.push(Uint8Array.from(report.slice(1)))) await t.write(frame);
    return report.length;
  }

  async getFeatureReport(reportId: number, length: number): Promise<Buffer> {
    const next = this.pending.shift() ?? Buffer.alloc(length - 1);
    return Buffer.concat([Buffer.from([reportId]), next]);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

const clients: SamClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.transport.close();
});

describe('HidTransport', () => {
  it('pads each request to one 64-byte report behind report ID 0', () => {
    const report = HidTransport.outputReport(
      new Uint8Array([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0, 3, 0x20, 1, 0x22]),
      0,
      64,
    );
    expect(report.length).toBe(65);
    expect(report.slice(0, 11)).toEqual([0, 0xaa, 0xaa, 0xaa, 0x96, 0x69, 0, 3, 0x20, 1, 0x22]);
    expect(report.slice(11).every((b) => b === 0)).toBe(true);
    expect(() => HidTransport.outputReport(new Uint8Array(65), 0, 64)).toThrow(/does not fit/);
  });

  it.each([
    ['interrupt reports without report IDs', { readMode: 'interrupt' as const, reportId: 0 }, {}],
    [
      'interrupt reports with numbered reports',
      { readMode: 'interrupt' as const, reportId: 2 },
      { numbered: 2 },
    ],
    ['polled feature reports', { readMode: 'feature' as const, reportId: 0 }, { feature: true }],
  ])('reads a whole card through %s', async (_name, mode, devOpts) => {
    const sim = new SimulatedReader({ latencyMs: 0 });
    await sim.insertCard(demoCardSpec('resident-adult'));
    const device = new SimHidDevice(sim, devOpts);
    const client = new SamClient(new HidTransport(INFO, device, { ...mode, reportSize: 64 }), { gapMs: 0 });
    clients.push(client);
    expect((await client.exchange(Command.findCard, 1000)).sw3).toBe(Sw3.FIND_OK);
    const read = await client.exchange(Command.readBase, 2000);
    expect(parseReadBaseFrame(buildResponse(read.sw3, read.data)).name).toBe('王建国');
    expect(device.writes.every((w) => w.length === 65 && w[0] === mode.reportId)).toBe(true);
  });

  it('a failing device becomes READER_DISCONNECTED', async () => {
    const sim = new SimulatedReader({ latencyMs: 0 });
    const device = new SimHidDevice(sim);
    const transport = new HidTransport(INFO, device, { readMode: 'interrupt', reportId: 0, reportSize: 64 });
    const client = new SamClient(transport, { gapMs: 0 });
    let closedWith = '';
    transport.onClose((e) => (closedWith = e?.code ?? 'clean'));
    device.emit('error', new Error('could not read from HID device'));
    expect(closedWith).toBe('READER_DISCONNECTED');
    await expect(client.exchange(Command.findCard, 100)).rejects.toMatchObject({
      code: 'READER_DISCONNECTED',
    });
  });
});

describe('SerialTransport (serialport MockBinding)', () => {
  it('opens at 115200 and reassembles a card from serial chunks', async () => {
    const sim = new SimulatedReader({ latencyMs: 0, chunkSize: 17 });
    await sim.insertCard(demoCardSpec('foreign-2017'));
    SerialPortMock.binding.createPort('/dev/ttyTEST0', { echo: false, record: true });
    let opened: { baudRate: number } | null = null;
    const factory = ({ path, baudRate }: { path: string; baudRate: number }): SerialPortLike => {
      opened = { baudRate };
      const port = new SerialPortMock({ path, baudRate, autoOpen: false });
      port.on('open', () => {
        // Wire the mock port's writes to the simulated reader, and its replies back as serial data.
        const binding = port.port!;
        const originalWrite = binding.write.bind(binding);
        const sam = sim.connect();
        sam.onData((chunk) => binding.emitData(Buffer.from(chunk)));
        binding.write = async (buffer: Buffer) => {
          await originalWrite(buffer);
          await sam.write(new Uint8Array(buffer));
        };
      });
      return port as unknown as SerialPortLike;
    };
    const transport = await SerialTransport.open(
      { ...INFO, transport: 'serial' },
      '/dev/ttyTEST0',
      115200,
      factory,
    );
    expect(opened).toEqual({ baudRate: 115200 });
    const client = new SamClient(transport, { gapMs: 0 });
    clients.push(client);
    expect((await client.exchange(Command.selectCard, 1000)).sw3).toBe(Sw3.OK);
    const read = await client.exchange(Command.readBase, 2000);
    expect(parseReadBaseFrame(buildResponse(read.sw3, read.data)).nameEn).toBe('SMITH, JOHN MICHAEL');
  });

  it('a port that cannot be opened is READER_OPEN_FAILED', async () => {
    const factory = ({ path, baudRate }: { path: string; baudRate: number }): SerialPortLike =>
      new SerialPortMock({ path, baudRate, autoOpen: false }) as unknown as SerialPortLike;
    await expect(
      SerialTransport.open({ ...INFO, transport: 'serial' }, '/dev/ttyNOPE', 115200, factory),
    ).rejects.toMatchObject({
      code: 'READER_OPEN_FAILED',
    });
  });
});

describe('discovery', () => {
  const hid = (
    devices: Array<{ vendorId: number; productId: number; path?: string; product?: string }>,
  ): HidBackend => ({
    devices: async () => devices,
    open: async () => new SimHidDevice(new SimulatedReader()),
  });
  const noSerial = { list: async () => [], factory: () => null as never };

  it('matches HID devices by the configured VID/PID list, in config order', async () => {
    const config = {
      hid: [
        {
          vendorId: 0x0425,
          productId: 0x8159,
          name: 'Routon',
          readMode: 'interrupt' as const,
          reportId: 0,
          reportSize: 64,
        },
      ],
      serial: [],
    };
    const found = await listReaders(
      config,
      hid([
        { vendorId: 0x046d, productId: 0xc077, path: '/dev/hidraw0', product: 'Mouse' },
        { vendorId: 0x0425, productId: 0x8159, path: '/dev/hidraw1' },
      ]),
      noSerial,
    );
    expect(found.map((c) => c.info)).toEqual([
      { name: 'Routon', vendorId: 0x0425, productId: 0x8159, transport: 'hid' },
    ]);
  });

  it('matches serial ports by path or USB VID/PID', async () => {
    const serial = {
      list: async () => [
        { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' },
        { path: '/dev/ttyS0' },
      ],
      factory: () => null as never,
    };
    const byId = await listReaders(
      { hid: [], serial: [{ vendorId: 0x1a86, productId: 0x7523, name: 'CH340 reader', baudRate: 115200 }] },
      hid([]),
      serial,
    );
    expect(byId.map((c) => c.info.name)).toEqual(['CH340 reader (/dev/ttyUSB0)']);
    const byPath = await listReaders(
      { hid: [], serial: [{ path: '/dev/ttyS0', name: 'COM', baudRate: 115200 }] },
      hid([]),
      serial,
    );
    expect(byPath.map((c) => c.info.transport)).toEqual(['serial']);
  });

  it('prefers hardware, falls back to a plugged simulator, and treats enumeration failure as nothing found', async () => {
    const sim = new SimulatedReader();
    const config = {
      hid: [
        { vendorId: 1, productId: 2, name: 'X', readMode: 'interrupt' as const, reportId: 0, reportSize: 64 },
      ],
      serial: [],
    };
    const withHw = makeReaderFinder(config, {
      simulator: sim,
      hid: hid([{ vendorId: 1, productId: 2, path: 'p' }]),
      serial: noSerial,
    });
    expect((await withHw())?.info.transport).toBe('hid');
    const broken: HidBackend = {
      devices: async () => Promise.reject(new Error('no USB')),
      open: async () => null as never,
    };
    const fallback = makeReaderFinder(config, { simulator: sim, hid: broken, serial: noSerial });
    expect((await fallback())?.info.transport).toBe('simulated');
    sim.unplug();
    expect(await fallback()).toBeNull();
  });
});
