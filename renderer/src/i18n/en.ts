import type { ScreenTexts } from './zh-CN';

export const en: ScreenTexts = {
  app: {
    name: 'Hexin',
    fullName: 'Hexin · Identity Verification Kiosk',
    tagline: 'ID card + face: verify it is you',
  },
  attract: { start: 'Start', hint: 'Tap “Start” and follow the screen to verify your identity' },
  language: { switchTo: '中文', label: 'Language' },
  health: {
    title: 'Device status',
    reader: 'ID card reader',
    camera: 'Camera',
    models: 'Recognition models',
    close: 'Close',
    open: 'Device status',
    state: { ok: 'OK', degraded: 'Degraded', missing: 'Not connected', error: 'Fault', starting: 'Starting' },
  },
  common: { back: 'Back', cancel: 'Cancel', retry: 'Try again', confirm: 'Confirm', next: 'Next' },
};
