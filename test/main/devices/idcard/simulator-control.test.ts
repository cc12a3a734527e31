import { describe, expect, it } from 'vitest';
import { controlSimulator } from '../../../../main/devices/idcard/simulator-control';
import { SimulatedReader } from '../../../../main/devices/idcard/simulator';
import { readerHealth } from '../../../../main/health/component-health';

describe('controlSimulator', () => {
  it('refuses everything when no simulated reader is in use', async () => {
    await expect(controlSimulator(null, { action: 'remove' })).rejects.toMatchObject({
      code: 'SIMULATOR_UNAVAILABLE',
    });
  });

  it('names the known demo cards and faults when asked for another', async () => {
    const sim = new SimulatedReader({ latencyMs: 0 });
    await expect(controlSimulator(sim, { action: 'insert', card: 'nobody' })).rejects.toThrow(/one of .*adult/);
    await expect(controlSimulator(sim, { action: 'fault', fault: 'melt' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('unplugs and plugs the simulated reader', async () => {
    const sim = new SimulatedReader({ latencyMs: 0 });
    await controlSimulator(sim, { action: 'unplug' });
    expect(sim.isPlugged).toBe(false);
    await controlSimulator(sim, { action: 'plug' });
    expect(sim.isPlugged).toBe(true);
  });
});

describe('readerHealth', () => {
  it('reads a simulated reader as degraded and a missing one as missing', () => {
    expect(readerHealth({ state: 'no-reader', reader: null, error: null } as never)).toEqual({
      state: 'missing',
      detail: 'no ID card reader found',
    });
    expect(
      readerHealth({ state: 'idle', reader: { name: 'sim', transport: 'simulated' }, error: null } as never),
    ).toEqual({ state: 'degraded', detail: 'sim (simulated) — idle' });
  });
});
