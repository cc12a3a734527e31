// Test helpers for the reader: wait for driver events without timing assertions; the error code a call throws.
import type { HexinError } from '../../../../common/errors';
import type { ReaderDriver, ReaderDriverEvents } from '../../../../main/devices/idcard/driver';

/** The `HexinError` code `fn` throws, or 'none' when it returns. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'none';
  } catch (e) {
    return (e as HexinError).code;
  }
}

/** Resolves with the first `event` whose payload satisfies `match`; rejects after `ms` (a hang guard, not an assertion on speed). */
export function nextEvent<K extends keyof ReaderDriverEvents>(
  driver: ReaderDriver,
  event: K,
  match: (...args: ReaderDriverEvents[K]) => boolean = () => true,
  ms = 10_000,
): Promise<ReaderDriverEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      driver.off(event, listener as never);
      reject(
        new Error(
          `no '${String(event)}' event matching within ${ms} ms; status ${JSON.stringify(driver.getStatus())}`,
        ),
      );
    }, ms);
    const listener = (...args: ReaderDriverEvents[K]): void => {
      if (!match(...args)) return;
      clearTimeout(timer);
      driver.off(event, listener as never);
      resolve(args);
    };
    driver.on(event, listener as never);
  });
}

/** Fast timings for tests: the loop logic is the same, only the periods are shorter. */
export const FAST = {
  mode: 'simulator' as const,
  discoveryIntervalMs: 100,
  pollIntervalMs: 50,
  timeouts: { statusMs: 200, findMs: 200, selectMs: 200, readMs: 400 },
  maxTimeouts: 3,
  simulator: { latencyMs: 1, haltAfterRead: false, initialCard: null },
  hid: [],
  serial: [],
};
