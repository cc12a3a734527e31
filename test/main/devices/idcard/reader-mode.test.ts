// Simulation is an explicit mode (issue: a production kiosk silently ran on the simulated reader and signed a pass
// for a demo identity). Default `hardware`: no simulator, no controls, the kiosk says the reader is missing;
// `simulator`: the simulated reader only, and the kiosk says it is a demo.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../main/app';
import { parseConfig } from '../../../../main/config/load';
import { readerConfigSchema } from '../../../../main/devices/idcard';
import { silentLogger } from '../../../../main/util/log';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function coreWith(config: Record<string, unknown>): Promise<Core> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hexin-reader-mode-'));
  const core = await createCore({
    host: 'electron',
    dataDir,
    version: '0.0.0-test',
    log: silentLogger,
    configStore: { read: () => config, write: () => undefined },
  });
  cleanup.push(async () => {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return core;
}

describe('reader.mode', () => {
  it('defaults to hardware, with or without the business API', () => {
    expect(readerConfigSchema.parse({}).mode).toBe('hardware');
    expect(parseConfig({}).reader.mode).toBe('hardware');
    expect(parseConfig({ api: { enabled: true } }).reader.mode).toBe('hardware');
  });

  it('refuses the old fallback switch with the new key in the message', () => {
    expect(() => parseConfig({ reader: { simulateWhenMissing: true } })).toThrow(/replaced by reader\.mode/);
  });

  it('hardware: no simulator, no controls, the reader is missing and the app is not a demo', async () => {
    const core = await coreWith({ reader: { hid: [], serial: [] } });
    expect(core.info.readerMode).toBe('hardware');
    await expect(core.controlSimulator({ action: 'insert', card: 'resident-adult' })).rejects.toMatchObject({
      code: 'SIMULATOR_UNAVAILABLE',
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(core.health.get().reader.state).toBe('missing');
    expect(core.health.get().reader.detail).not.toMatch(/DEMO/);
  });

  it('simulator: the simulated reader, marked as a demo in the app info and in health', async () => {
    const core = await coreWith({ reader: { mode: 'simulator', discoveryIntervalMs: 100 } });
    expect(core.info.readerMode).toBe('simulator');
    await core.controlSimulator({ action: 'remove' });
    const end = Date.now() + 5000;
    while (core.health.get().reader.state === 'missing' && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    expect(core.health.get().reader).toMatchObject({
      state: 'degraded',
      detail: expect.stringMatching(/^DEMO MODE/),
    });
  });
});
