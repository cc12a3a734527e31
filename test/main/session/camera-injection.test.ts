// Camera injection: the session refuses a virtual camera, a camera not in camera.allowed, a file played as a
// camera (unless the config allows it, as the e2e configs do), a camera switched mid-session and footage that
// loops; it records the camera it used in the audit log and health says why a camera was refused.
import { describe, expect, it } from 'vitest';
import { usbIdsOfLabel } from '../../../common/camera';
import { personMessages } from '../../../common/messages';
import { parseConfig } from '../../../main/config/load';
import { CameraGuard } from '../../../main/devices/camera/camera-guard';
import { cameraConfigSchema } from '../../../main/devices/camera/config';
import {
  isAllowed,
  isFileSource,
  identityOf,
  virtualCameraName,
} from '../../../main/devices/camera/identity';
import { HealthService } from '../../../main/health/health-service';
import type { Frame } from '../../../main/vision/types';
import { makeHarness, toCapture, type Harness } from './harness';

/** A 32×24 RGBA picture that differs for every `k` (a sensor's noise), never uniform. */
function picture(k: number, timestampMs: number): Frame {
  const data = new Uint8Array(32 * 24 * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + k * 131 + ((i * k) % 61)) & 0xff;
  return { width: 32, height: 24, channels: 4, data, timestampMs };
}

async function withCamera(camera: Record<string, unknown> = {}) {
  const health = new HealthService();
  const guard = new CameraGuard(parseConfig({ camera }).camera, health);
  const h = await makeHarness({ camera }, { camera: guard });
  // Liveness keeps running, so frames keep flowing for as long as a test feeds them.
  h.liveness.script = [{ state: 'running', prompt: 'blink', progress: 0.5 }];
  return { h, guard, health };
}

/** Feeds pictures numbered `ks`, 100 ms apart, while the session is capturing. */
async function feed(h: Harness, ks: number[], startMs = 1000): Promise<void> {
  for (const [i, k] of ks.entries()) {
    const step = h.orchestrator.view().step;
    if (step !== 'capture' && step !== 'liveness') return;
    h.clock.advance(200);
    h.orchestrator.submitFrame(picture(k, startMs + i * 200));
    await h.orchestrator.settled();
  }
}

const refusedWith = (h: Harness, code: string) => {
  expect(h.orchestrator.view()).toMatchObject({ step: 'error', error: { code } });
  const refused = h.audit.all().find((e) => e.type === 'camera.refused');
  expect(refused?.data).toMatchObject({ code });
};

describe('the session refuses cameras that are not sensors in front of the person', () => {
  it('refuses a camera named like a virtual camera, and says so in health and the audit log', async () => {
    const { h, guard, health } = await withCamera();
    guard.report({ state: 'ok', label: 'OBS Virtual Camera', deviceId: 'obs-1' });
    expect(health.get().camera).toMatchObject({ state: 'error' });
    expect(health.get().camera.detail).toContain('CAMERA_VIRTUAL');
    await toCapture(h);
    await feed(h, [1, 2, 3]);
    refusedWith(h, 'CAMERA_VIRTUAL');
    expect(h.audit.all().find((e) => e.type === 'camera.used')?.data).toMatchObject({
      label: 'OBS Virtual Camera',
    });
    expect(h.faces.framesSeen).toHaveLength(0);
  });

  it('refuses a camera not in camera.allowed, and takes the one that is', async () => {
    const allowed = { allowed: ['HD Pro Webcam C920'] };
    const other = await withCamera(allowed);
    other.guard.report({ state: 'ok', label: 'Integrated Camera (04f2:b6d9)', deviceId: 'int-1' });
    await toCapture(other.h);
    await feed(other.h, [1, 2, 3]);
    refusedWith(other.h, 'CAMERA_NOT_ALLOWED');
    expect(other.h.audit.all().find((e) => e.type === 'camera.used')?.data).toMatchObject({
      usb: '04f2:b6d9',
    });

    const listed = await withCamera(allowed);
    listed.guard.report({ state: 'ok', label: 'HD Pro Webcam C920 (046d:082d)', deviceId: 'c920-1' });
    await toCapture(listed.h);
    await feed(listed.h, [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(listed.h.audit.types()).not.toContain('camera.refused');
    expect(listed.h.orchestrator.view().step).not.toBe('error');
    expect(listed.health.get().camera).toMatchObject({ state: 'ok' });
  });

  it('refuses a file played as a camera unless the config allows it (the e2e browser fake camera)', async () => {
    const file = '/tmp/camera-barack_obama.y4m';
    const prod = await withCamera();
    prod.guard.report({ state: 'ok', label: file, deviceId: 'fake-1' });
    await toCapture(prod.h);
    await feed(prod.h, [1, 2]);
    refusedWith(prod.h, 'CAMERA_FILE_SOURCE');

    const test = await withCamera({ allowFileSource: true });
    test.guard.report({ state: 'ok', label: file, deviceId: 'fake-1' });
    await toCapture(test.h);
    // A looping file repeats its pictures: allowed here, because the config says the camera is a file.
    await feed(test.h, [1, 2, 3, 1, 2, 3]);
    expect(test.h.audit.types()).not.toContain('camera.refused');
  });

  it('refuses a camera switched during the session', async () => {
    const { h, guard } = await withCamera();
    guard.report({ state: 'ok', label: 'HD Pro Webcam C920 (046d:082d)', deviceId: 'c920-1' });
    await toCapture(h);
    await feed(h, [1, 2]);
    expect(h.orchestrator.view().step).not.toBe('error');
    guard.report({ state: 'ok', label: 'USB Camera (0c45:6366)', deviceId: 'other-2' });
    await feed(h, [3, 4], 3000);
    refusedWith(h, 'CAMERA_SWITCHED');
  });

  it('refuses footage that loops (a picture coming back after others), not a picture sent twice in a row', async () => {
    const { h, guard, health } = await withCamera();
    guard.report({ state: 'ok', label: 'HD Pro Webcam C920 (046d:082d)', deviceId: 'c920-1' });
    await toCapture(h);
    // Back-to-back duplicates: the renderer polled faster than the camera.
    await feed(h, [1, 1, 2, 2, 3]);
    expect(h.orchestrator.view().step).not.toBe('error');
    await feed(h, [4, 2], 3000);
    refusedWith(h, 'CAMERA_REPLAYED');
    expect(health.get().camera).toMatchObject({ state: 'degraded' });
  });

  it('has words for the person for every refusal', () => {
    for (const code of [
      'CAMERA_VIRTUAL',
      'CAMERA_NOT_ALLOWED',
      'CAMERA_FILE_SOURCE',
      'CAMERA_SWITCHED',
      'CAMERA_REPLAYED',
    ]) {
      expect(personMessages[code]?.['zh-CN']).toBeTruthy();
      expect(personMessages[code]?.en).toBeTruthy();
    }
  });
});

describe('camera identity', () => {
  it('reads USB ids from a Chromium label and matches the allow-list by name, USB id or deviceId', () => {
    expect(usbIdsOfLabel('HD Pro Webcam C920 (046D:082d)')).toEqual({ vendorId: '046d', productId: '082d' });
    expect(usbIdsOfLabel('FaceTime HD Camera')).toBeNull();
    const c920 = identityOf({ label: 'HD Pro Webcam C920 (046d:082d)', deviceId: 'abc' });
    expect(isAllowed(c920, ['hd pro webcam c920'])).toBe(true);
    expect(isAllowed(c920, ['046d:082d'])).toBe(true);
    expect(isAllowed(c920, ['abc'])).toBe(true);
    expect(isAllowed(c920, ['HD Pro'])).toBe(false);
    // The renderer's ids are not believed over the label's.
    expect(
      identityOf({ label: 'Cam (1111:2222)', usb: { vendorId: '046d', productId: '082d' } }).usb,
    ).toEqual({
      vendorId: '1111',
      productId: '2222',
    });
  });

  it('knows virtual cameras by name (whole words) and file sources by label', () => {
    for (const label of [
      'OBS Virtual Camera',
      'Dummy video device (0x0000)',
      'ManyCam Virtual Webcam',
      'v4l2loopback device',
      'Snap Camera',
      'XSplit VCam',
    ]) {
      expect(virtualCameraName(label), label).not.toBeNull();
    }
    for (const label of [
      'HD Pro Webcam C920 (046d:082d)',
      'Integrated Camera',
      'Camouflage HD',
      'FaceTime HD',
    ]) {
      expect(virtualCameraName(label), label).toBeNull();
    }
    expect(virtualCameraName('Acme KioskCam', ['kioskcam'])).toBe('kioskcam');
    expect(isFileSource('/home/x/camera.y4m')).toBe(true);
    expect(isFileSource('fake_device_0')).toBe(true);
    expect(isFileSource('HD Pro Webcam C920 (046d:082d)')).toBe(false);
  });

  it('the camera config section is strict and bounded', () => {
    expect(cameraConfigSchema.parse({})).toEqual({
      allowed: [],
      deniedNames: [],
      allowFileSource: false,
      replayMemoryFrames: 2000,
    });
    expect(() => cameraConfigSchema.parse({ allowFileSorce: true })).toThrow();
    expect(() => cameraConfigSchema.parse({ replayMemoryFrames: 1e9 })).toThrow();
    expect(() => cameraConfigSchema.parse({ allowed: Array(33).fill('x') })).toThrow();
  });
});
