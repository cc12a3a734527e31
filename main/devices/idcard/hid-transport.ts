// HID readers through node-hid (spec §12.2–12.3). Requests go out as one output report: report ID byte, the frame,
// zero padding to the report size (hidapi uses the interrupt OUT endpoint or SET_REPORT, so both Routon variants
// receive). Replies are read as Input reports from the interrupt IN endpoint ('interrupt' mode) or, for readers
// that answer GET_REPORT(Feature), by polling feature reports after a write ('feature' mode, untested on hardware).
// node-hid has no GET_REPORT(Input): readers that only answer that (Routon HID_CTRL variant) need libusb.
import { HexinError } from '../../../common/errors';
import type { HidReaderConfig } from './config';
import { TransportBase } from './transport';
import type { ReaderInfo } from './types';

/** The part of node-hid's HIDAsync the transport uses (so tests can drive it without hardware). */
export interface HidDeviceLike {
  write(values: number[] | Buffer): Promise<number>;
  getFeatureReport(reportId: number, reportLength: number): Promise<Buffer>;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): Promise<void>;
}

/** How long feature-mode keeps polling after a write without a reply being completed. */
const FEATURE_POLL_LIMIT_MS = 4000;
const FEATURE_POLL_GAP_MS = 5;

export class HidTransport extends TransportBase {
  private polling = false;

  constructor(
    readonly info: ReaderInfo,
    private readonly device: HidDeviceLike,
    private readonly config: Pick<HidReaderConfig, 'readMode' | 'reportId' | 'reportSize'>,
  ) {
    super();
    device.on('data', (data: Buffer) => {
      // Devices with numbered reports put the report ID first; ours has none by default (reportId 0).
      this.emitData(config.reportId !== 0 ? new Uint8Array(data.subarray(1)) : new Uint8Array(data));
    });
    device.on('error', (error: unknown) => {
      this.emitClose(new HexinError('READER_DISCONNECTED', `HID read failed: ${String(error)}`));
    });
  }

  /** Builds the output report for a frame: report ID, frame, zero padding (the safe choice on hidraw/Windows). */
  static outputReport(frame: Uint8Array, reportId: number, reportSize: number): number[] {
    if (frame.length > reportSize) {
      throw new HexinError(
        'FRAME_TOO_LONG',
        `request of ${frame.length} bytes does not fit one ${reportSize}-byte report`,
      );
    }
    const report = new Array<number>(reportSize + 1).fill(0);
    report[0] = reportId;
    frame.forEach((b, i) => (report[i + 1] = b));
    return report;
  }

  async write(frame: Uint8Array): Promise<void> {
    if (this.isClosed) throw new HexinError('READER_DISCONNECTED', 'the HID reader is closed');
    try {
      await this.device.write(HidTransport.outputReport(frame, this.config.reportId, this.config.reportSize));
    } catch (e) {
      const error = new HexinError('READER_DISCONNECTED', `HID write failed: ${String(e)}`);
      this.emitClose(error);
      throw error;
    }
    if (this.config.readMode === 'feature') void this.pollFeatureReports();
  }

  replyComplete(): void {
    this.polling = false;
  }

  async close(): Promise<void> {
    this.polling = false;
    this.emitClose();
    await this.device.close().catch(() => undefined);
  }

  private async pollFeatureReports(): Promise<void> {
    this.polling = true;
    const deadline = Date.now() + FEATURE_POLL_LIMIT_MS;
    while (this.polling && !this.isClosed && Date.now() < deadline) {
      try {
        const report = await this.device.getFeatureReport(this.config.reportId, this.config.reportSize + 1);
        // hidapi returns the report ID in byte 0 of feature reports.
        this.emitData(new Uint8Array(report.subarray(1)));
      } catch (e) {
        this.emitClose(new HexinError('READER_DISCONNECTED', `HID feature read failed: ${String(e)}`));
        return;
      }
      await new Promise((r) => setTimeout(r, FEATURE_POLL_GAP_MS));
    }
  }
}
