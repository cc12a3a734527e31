// Camera injection defence: which camera the frames come from, judged once per report and on every frame a
// session takes. Rules (docs/liveness.md, "Camera injection"):
// 1. identity: a virtual camera by name is refused; with camera.allowed set, any camera not in it; a file played
//    as a camera (Chromium's fake device) unless camera.allowFileSource;
// 2. switch: the camera in use at a session's first frame is pinned (deviceId, else label); frames after the
//    renderer reported another camera end the session;
// 3. replay: a sensor never delivers the same picture twice except back to back (a renderer polling faster than
//    the camera); a picture identical to an earlier one with other pictures in between is footage played again,
//    i.e. a file looping, not a sensor. Uniform pictures (a covered lens) are not compared.
// Health shows the camera and the verdict; the session audits what it used and why it was refused.
import { createHash } from 'node:crypto';
import type { CameraReport } from '../../../common/health';
import type { Health } from '../../../common/health';
import type { Frame } from '../../vision/types';
import type { CameraConfig } from './config';
import { identityOf, judgeIdentity, type CameraIdentity } from './identity';

export type CameraRefusalCode =
  'CAMERA_VIRTUAL' | 'CAMERA_NOT_ALLOWED' | 'CAMERA_FILE_SOURCE' | 'CAMERA_SWITCHED' | 'CAMERA_REPLAYED';

export interface CameraRefusal {
  code: CameraRefusalCode;
  /** Technical words for the audit log and staff (never shown to the person); at most 64 characters. */
  detail: string;
}

/** What the session records about the camera (audit values: short strings only, no pixels). */
export type CameraAuditData = Record<string, string | null>;

export interface CameraFrameVerdict {
  /** Set on a session's first frame: the camera it uses. */
  used: CameraAuditData | null;
  refusal: CameraRefusal | null;
}

interface HealthSink {
  set(component: 'camera', health: Health['camera']): void;
}

interface SessionState {
  id: string;
  pinned: string | null;
  seen: Set<string>;
  last: string | null;
}

export class CameraGuard {
  private current: CameraIdentity | null = null;
  private session: SessionState | null = null;

  constructor(
    private readonly config: CameraConfig,
    private readonly health?: HealthSink,
  ) {}

  /** What the renderer reported (contract-validated): updates health with the camera and its verdict. */
  report(report: CameraReport): void {
    if (report.state !== 'ok') {
      this.health?.set('camera', {
        state: report.state === 'missing' ? 'missing' : 'error',
        detail: report.state,
      });
      return;
    }
    const id = identityOf(report);
    // enumerateDevices before a camera was opened gives no deviceId: only a report naming one pins a session.
    if (id.deviceId || !this.current) this.current = id;
    const refused = judgeIdentity(id, this.config);
    this.health?.set('camera', {
      state: refused ? 'error' : 'ok',
      detail: clip(`${refused ? `${refused.code}: ` : ''}${describe(id)}`, 500),
    });
  }

  /** The camera reported last (null before any report). */
  camera(): CameraIdentity | null {
    return this.current;
  }

  /** Called by the session for every frame it takes. A new session id starts a new pin and replay memory. */
  checkFrame(sessionId: string, frame: Frame): CameraFrameVerdict {
    let used: CameraAuditData | null = null;
    if (this.session?.id !== sessionId) {
      this.session = { id: sessionId, pinned: keyOf(this.current), seen: new Set(), last: null };
      used = this.current ? auditOf(this.current) : { label: null, deviceId: null, usb: null };
    }
    const s = this.session;
    const refusal = this.judge(s, frame);
    if (refusal && refusal.code !== 'CAMERA_VIRTUAL' && refusal.code !== 'CAMERA_NOT_ALLOWED') {
      this.health?.set('camera', {
        state: 'degraded',
        detail: clip(`${refusal.code}: ${refusal.detail}`, 500),
      });
    }
    return { used, refusal };
  }

  private judge(s: SessionState, frame: Frame): CameraRefusal | null {
    if (!this.current) return null;
    const identity = judgeIdentity(this.current, this.config);
    if (identity) return { code: identity.code, detail: clip(identity.detail, 64) };
    if (keyOf(this.current) !== s.pinned)
      return { code: 'CAMERA_SWITCHED', detail: 'another camera than at the first frame' };
    if (this.config.allowFileSource || isUniform(frame)) return null;
    const print = createHash('sha256').update(frame.data).digest('hex');
    if (print !== s.last && s.seen.has(print))
      return { code: 'CAMERA_REPLAYED', detail: 'a picture came back after others: footage looping' };
    s.last = print;
    if (s.seen.size < this.config.replayMemoryFrames) s.seen.add(print);
    return null;
  }
}

function keyOf(id: CameraIdentity | null): string | null {
  return id ? (id.deviceId ?? `label:${id.label}`) : null;
}

function describe(id: CameraIdentity): string {
  const usb = id.usb ? ` usb ${id.usb.vendorId}:${id.usb.productId}` : '';
  return `${id.label || '(no label)'}${usb}`;
}

function auditOf(id: CameraIdentity): CameraAuditData {
  return {
    label: clip(id.label, 64),
    // The deviceId is a per-origin random id, not the device: a short prefix is enough to tell two apart.
    deviceId: id.deviceId ? id.deviceId.slice(0, 12) : null,
    usb: id.usb ? `${id.usb.vendorId}:${id.usb.productId}` : null,
  };
}

/** Nearly one value everywhere (covered lens, black or white frame): nothing a replay rule can tell apart. */
function isUniform(frame: Frame): boolean {
  const { data, channels } = frame;
  let min = 255;
  let max = 0;
  const pixels = Math.floor(data.length / channels);
  const step = Math.max(1, Math.floor(pixels / 4096));
  for (let p = 0; p < pixels; p += step) {
    // Colour channels only: alpha is 255 everywhere.
    for (let c = 0; c < Math.min(3, channels); c++) {
      const v = data[p * channels + c] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return max - min < 16;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}
