// Issue 14 item 1: one malformed WebSocket frame used to kill the web host (an 'error' event nobody listened to).
// A real host process on loopback gets each of the nine kinds over a raw TCP socket and must drop that client
// only, and still serve pages and calls afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MALFORMED_FRAMES, sendRawFrame } from '../../../attack/lib/ws-frames';
import { hostServes, startHostProcess, type HostProcess } from '../../../attack/lib/web-host-process';

let host: HostProcess;
beforeAll(async () => {
  host = await startHostProcess();
});
afterAll(async () => {
  await host.stop();
});

describe('web host and malformed WebSocket frames', () => {
  for (const { kind, bytes } of MALFORMED_FRAMES) {
    it(`drops the client that sends a frame with ${kind} and keeps serving`, async () => {
      const { upgraded, closedByHost } = await sendRawFrame(host, bytes());
      expect(upgraded).toBe(true);
      expect(closedByHost).toBe(true);
      expect(await hostServes(host), `host died:\n${host.stderr().slice(-2000)}`).toBe(true);
    });
  }
});
