// The running config changed in place (main/config/live.ts): what services hold sees the new values, what is read
// only at start keeps its running value and is reported as pending a restart, a bad change is refused whole.
import { describe, expect, it } from 'vitest';
import { LiveConfig, restartReason } from '../../../main/config/live';
import { loadConfig } from '../../../main/config/load';
import { MemoryConfigStore } from '../../../main/config/store';
import { LockoutTracker } from '../../../main/session/lockout';
import { systemClock } from '../../../main/session/clock';

function kiosk(stored: Record<string, unknown> = {}) {
  const store = new MemoryConfigStore(stored);
  const config = loadConfig({ store, env: {} });
  return { store, config, live: new LiveConfig(config, store, {}) };
}

describe('live config', () => {
  it('rewrites the sections services hold, so they see the change from their next use', () => {
    const { store, config, live } = kiosk({ lockout: { maxFailures: 1 } });
    const heldSession = config.session;
    const tracker = new LockoutTracker(config.lockout, systemClock, new Uint8Array(32));
    const key = tracker.keyFor('110101198008120036');
    const change = live.prepare(
      { lockout: { maxFailures: 2 }, session: { stepTimeoutsSeconds: { card: 45 } } },
      'test',
    );
    expect(change.live.sort()).toEqual(['lockout.maxFailures', 'session.stepTimeoutsSeconds.card']);
    expect(change.pendingRestart).toEqual([]);
    live.apply(change);
    expect(heldSession.stepTimeoutsSeconds.card).toBe(45);
    expect(tracker.recordFailure(key).locked).toBe(false); // two failures allowed now
    expect(tracker.recordFailure(key).locked).toBe(true);
    expect((store.read() as { lockout: unknown }).lockout).toEqual({ maxFailures: 2 });
  });

  it('keeps what is read only at start running as it is, stores it, and reports it pending a restart', () => {
    const { store, config, live } = kiosk();
    const change = live.prepare(
      {
        languages: { available: ['zh-CN'] },
        intent: { attempts: 1 },
        reader: { pollIntervalMs: 200 },
        guardian: { guardianAge: 16 },
      },
      'test',
    );
    expect(change.pendingRestart.sort()).toEqual(['intent.attempts', 'languages', 'reader']);
    live.apply(change);
    expect(config.guardian.guardianAge).toBe(16);
    expect(config.languages.available).toEqual(['zh-CN', 'en']);
    expect(config.intent.attempts).toBe(3);
    expect(config.reader.pollIntervalMs).not.toBe(200);
    expect(store.read()).toMatchObject({ languages: { available: ['zh-CN'] }, intent: { attempts: 1 } });
    expect(restartReason('languages.available')).toMatch(/screen/);
    expect(live.pendingRestart().sort()).toEqual(['intent.attempts', 'languages', 'reader']);
    // After a restart (the stored config loaded): nothing is pending.
    expect(new LiveConfig(loadConfig({ store, env: {} }), store, {}).pendingRestart()).toEqual([]);
    expect(restartReason('session.maxRetries')).toBeUndefined();
  });

  it('refuses an invalid change whole, naming the field, and changes nothing', () => {
    const { store, config, live } = kiosk();
    expect(() =>
      live.prepare({ lockout: { maxFailures: 0 }, guardian: { guardianAge: 16 } }, 'fleet v2'),
    ).toThrow(/fleet v2.*maxFailures/);
    expect(() => live.prepare({ verify: { thresholds: { chip: 0.1 } } }, 'fleet v3')).toThrow(/chip/);
    expect(config.guardian.guardianAge).toBe(18);
    expect(store.read()).toEqual({});
  });
});
