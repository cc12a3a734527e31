// Serial and USB-CDC readers at 115200 8N1 (spec §12.3.4), with the same SAM frames as HID. Replies arrive in
// whatever pieces the OS delivers; FrameReceiver reassembles them.
import { SerialPort } from 'serialport';
import { HexinError } from '../../../common/errors';
import { TransportBase } from './transport';
import type { ReaderInfo } from './types';

/** The part of a serialport stream the transport uses (SerialPort, or SerialPortMock in tests). */
export interface SerialPortLike {
  open(callback: (err: Error | null) => void): void;
  write(data: Buffer, callback: (err: Error | null | undefined) => void): boolean;
  drain(callback: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'close', listener: (err?: Error | null) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export type SerialPortFactory = (options: { path: string; baudRate: number }) => SerialPortLike;

export const realSerialPort: SerialPortFactory = ({ path, baudRate }) =>
  new SerialPort({ path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });

export class SerialTransport extends TransportBase {
  private closing = false;

  private constructor(
    readonly info: ReaderInfo,
    private readonly port: SerialPortLike,
  ) {
    super();
    port.on('data', (data: Buffer) => this.emitData(new Uint8Array(data)));
    port.on('close', (err?: Error | null) => {
      this.emitClose(
        this.closing
          ? undefined
          : new HexinError('READER_DISCONNECTED', `serial port closed: ${String(err)}`),
      );
    });
    port.on('error', (err: Error) =>
      this.emitClose(new HexinError('READER_DISCONNECTED', `serial error: ${err.message}`)),
    );
  }

  static async open(
    info: ReaderInfo,
    path: string,
    baudRate: number,
    factory = realSerialPort,
  ): Promise<SerialTransport> {
    const port = factory({ path, baudRate });
    await new Promise<void>((resolve, reject) =>
      port.open((err) =>
        err
          ? reject(new HexinError('READER_OPEN_FAILED', `cannot open ${path}: ${err.message}`, { path }))
          : resolve(),
      ),
    );
    return new SerialTransport(info, port);
  }

  async write(frame: Uint8Array): Promise<void> {
    if (this.isClosed) throw new HexinError('READER_DISCONNECTED', 'the serial reader is closed');
    await new Promise<void>((resolve, reject) => {
      this.port.write(Buffer.from(frame), (err) => {
        if (err) return reject(new HexinError('READER_DISCONNECTED', `serial write failed: ${err.message}`));
        this.port.drain((e) => (e ? reject(new HexinError('READER_DISCONNECTED', e.message)) : resolve()));
      });
    });
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.closing = true;
    this.emitClose();
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}
