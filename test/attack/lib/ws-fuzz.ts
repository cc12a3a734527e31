// WebSocket frame fuzzing against a real host process: the nine malformed kinds of issue 14 item 1, then seeded
// random frames — valid calls with flipped bits, random headers and lengths, and plain garbage after the handshake.
// After every batch the host must still serve; a death is counted and the host restarted.
import { encode } from '@msgpack/msgpack';
import { newFigures, prng, type Figures } from './figures';
import { hostServes, type HostProcess } from './web-host-process';
import { frame, MALFORMED_FRAMES, sendRawFrame } from './ws-frames';

export interface HostSlot {
  host: HostProcess;
  /** Replaces a dead host with a fresh one. */
  restart(): Promise<void>;
}

function randomFrame(rnd: ReturnType<typeof prng>): Buffer {
  const call = encode({ t: 'call', id: rnd.int(1000), method: 'getAppInfo', args: {} });
  switch (rnd.int(4)) {
    case 0: {
      // A valid call frame with a few bits flipped anywhere (header, mask, payload).
      const b = Buffer.from(frame({ opcode: 2, payload: Buffer.from(call) }));
      for (let i = 0, n = 1 + rnd.int(4); i < n; i++) b[rnd.int(b.length)]! ^= 1 << rnd.int(8);
      return b;
    }
    case 1:
      // Any opcode, RSV bit, FIN, mask, and announced length, with a random payload.
      return frame({
        fin: rnd.next() < 0.8,
        rsv1: rnd.next() < 0.2,
        opcode: rnd.int(16),
        masked: rnd.next() < 0.9,
        payload: rnd.bytes(rnd.int(300)),
        ...(rnd.next() < 0.3
          ? { announcedLength: BigInt(rnd.int(2 ** 31)) * BigInt(1 + rnd.int(2 ** 20)) }
          : {}),
      });
    case 2:
      // A fragmented message whose pieces break the rules (control frames in between, wrong continuation).
      return Buffer.concat([
        frame({ fin: false, opcode: 2, payload: Buffer.from(call.subarray(0, 3)) }),
        frame({ opcode: rnd.pick([0, 1, 2, 8, 9, 10]), payload: rnd.bytes(rnd.int(200)) }),
        frame({ opcode: 0, payload: Buffer.from(call.subarray(3)) }),
      ]);
    default:
      return rnd.bytes(1 + rnd.int(512));
  }
}

export async function fuzzWebSocketFrames(slot: HostSlot, randomFrames: number, seed = 1): Promise<Figures> {
  const figures = newFigures('websocket-frames');
  const rnd = prng(seed);
  const check = async () => {
    if (await hostServes(slot.host)) return;
    figures.crashes++;
    await slot.restart();
  };
  for (const { bytes } of MALFORMED_FRAMES) {
    figures.inputs++;
    await sendRawFrame(slot.host, bytes(), 3000).catch(() => undefined);
    await check();
  }
  const batch = 10;
  for (let sent = 0; sent < randomFrames; sent += batch) {
    const n = Math.min(batch, randomFrames - sent);
    figures.inputs += n;
    await Promise.all(
      Array.from({ length: n }, () => sendRawFrame(slot.host, randomFrame(rnd), 400).catch(() => undefined)),
    );
    await check();
  }
  figures.notes.seed = seed;
  return figures;
}
