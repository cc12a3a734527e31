// The frame pacing on a fake clock: at most maxFps frames a second, never a second frame before main's ack.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallResult } from '../../../common/contract-kit';
import type { FrameAck, FrameCommand } from '../../../common/session';
import { FrameStreamer, type FrameSource } from '../../../renderer/src/camera/frame-streamer';

const ACCEPTED: CallResult<FrameAck> = { ok: true, value: { accepted: true, reason: 'analysing' } };

function counterSource(): FrameSource & { grabs: number } {
  const source = {
    grabs: 0,
    grab(): FrameCommand {
      source.grabs += 1;
      return {
        width: 16,
        height: 16,
        channels: 4,
        data: new Uint8Array(16 * 16 * 4),
        timestampMs: source.grabs,
      };
    },
  };
  return source;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('FrameStreamer', () => {
  it('sends at most maxFps frames a second when main answers at once', async () => {
    const send = vi.fn(() => Promise.resolve(ACCEPTED));
    const streamer = new FrameStreamer(counterSource(), send, 8);
    streamer.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(send.mock.calls.length).toBeLessThanOrEqual(8);
    expect(send.mock.calls.length).toBeGreaterThanOrEqual(7);
    await vi.advanceTimersByTimeAsync(1000);
    expect(send.mock.calls.length).toBeLessThanOrEqual(16);
    expect(streamer.accepted).toBe(send.mock.calls.length);
    streamer.stop();
  });

  it('never has more than one frame in flight', async () => {
    let answer: (r: CallResult<FrameAck>) => void = () => {};
    const send = vi.fn(() => new Promise<CallResult<FrameAck>>((resolve) => (answer = resolve)));
    const source = counterSource();
    const streamer = new FrameStreamer(source, send, 8);
    streamer.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(send).toHaveBeenCalledTimes(1);
    expect(source.grabs).toBe(1); // nothing is even grabbed while waiting: no backlog of frames
    expect(streamer.busy).toBe(true);
    answer({ ok: true, value: { accepted: false, reason: 'busy' } });
    await vi.advanceTimersByTimeAsync(125);
    expect(send).toHaveBeenCalledTimes(2);
    expect(streamer.accepted).toBe(0);
    streamer.stop();
  });

  it('sends nothing while the camera has no picture, and keeps going after a failed send', async () => {
    let ready = false;
    const frames = counterSource();
    const source: FrameSource = { grab: () => (ready ? frames.grab() : null) };
    const send = vi
      .fn<(f: FrameCommand) => Promise<CallResult<FrameAck>>>()
      .mockRejectedValueOnce(new Error('socket closed'))
      .mockResolvedValue(ACCEPTED);
    const streamer = new FrameStreamer(source, send, 10);
    streamer.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(send).not.toHaveBeenCalled();
    ready = true;
    await vi.advanceTimersByTimeAsync(300);
    expect(send.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(streamer.accepted).toBe(send.mock.calls.length - 1);
    streamer.stop();
  });

  it('stops sending once stopped', async () => {
    const send = vi.fn(() => Promise.resolve(ACCEPTED));
    const streamer = new FrameStreamer(counterSource(), send, 8);
    streamer.start();
    await vi.advanceTimersByTimeAsync(500);
    streamer.stop();
    const sent = send.mock.calls.length;
    await vi.advanceTimersByTimeAsync(2000);
    expect(send).toHaveBeenCalledTimes(sent);
  });

  it('refuses a frame rate it cannot mean', () => {
    expect(() => new FrameStreamer(counterSource(), vi.fn(), 0)).toThrow();
    expect(() => new FrameStreamer(counterSource(), vi.fn(), 120)).toThrow();
  });
});
