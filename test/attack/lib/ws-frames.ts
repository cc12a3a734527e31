// Malformed WebSocket frames (RFC 6455 §5) and a raw TCP client to send them: what a broken or hostile page could
// put on the web host's socket. Each kind once killed the host (`Unhandled 'error' event`, issue 14 item 1).
import net from 'node:net';
import { randomBytes } from 'node:crypto';

export interface FrameSpec {
  fin?: boolean;
  rsv1?: boolean;
  opcode: number;
  /** false sends the payload unmasked (a client must always mask). */
  masked?: boolean;
  payload?: Buffer;
  /** Announced payload length when it differs from the bytes actually sent (oversize headers). */
  announcedLength?: bigint;
}

/** One frame's bytes: header, extended length, masking key and (masked) payload. */
export function frame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = spec.announcedLength ?? BigInt(payload.length);
  const masked = spec.masked ?? true;
  const head = [(spec.fin === false ? 0 : 0x80) | (spec.rsv1 ? 0x40 : 0) | (spec.opcode & 0x0f)];
  let ext = Buffer.alloc(0);
  const maskBit = masked ? 0x80 : 0;
  if (length < 126n) head.push(maskBit | Number(length));
  else if (length < 65536n) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(length));
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(length);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9 } as const;

const closeWith = (code: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return b;
};

/** The nine kinds of issue 14 item 1, each a complete byte sequence to send after the handshake. */
export const MALFORMED_FRAMES: ReadonlyArray<{ kind: string; bytes: () => Buffer }> = [
  // Announces 16 MiB (over the 4 MiB MAX_WIRE_BYTES) and sends a first slice of it.
  {
    kind: 'oversize message',
    bytes: () => frame({ opcode: OP.binary, announcedLength: 16n << 20n, payload: Buffer.alloc(1024) }),
  },
  { kind: '2^62 length', bytes: () => frame({ opcode: OP.binary, announcedLength: 1n << 62n }) },
  {
    kind: 'unmasked frame',
    bytes: () => frame({ opcode: OP.binary, masked: false, payload: Buffer.from([1]) }),
  },
  { kind: 'bad opcode', bytes: () => frame({ opcode: 0x3, payload: Buffer.from([1]) }) },
  {
    kind: 'RSV1 without an extension',
    bytes: () => frame({ opcode: OP.binary, rsv1: true, payload: Buffer.from([1]) }),
  },
  { kind: 'oversized ping', bytes: () => frame({ opcode: OP.ping, payload: Buffer.alloc(126) }) },
  { kind: 'bad UTF-8', bytes: () => frame({ opcode: OP.text, payload: Buffer.from([0xc3, 0x28, 0xff]) }) },
  { kind: 'stray continuation', bytes: () => frame({ opcode: OP.continuation, payload: Buffer.from([1]) }) },
  { kind: 'close code 999', bytes: () => frame({ opcode: OP.close, payload: closeWith(999) }) },
];

export interface RawTarget {
  port: number;
  origin: string;
  token: string;
}

/**
 * Opens a raw TCP connection, completes the WebSocket handshake with the token cookie, sends `bytes`, and resolves
 * when the host closes the connection (or after `timeoutMs`, with `closedByHost` false).
 */
export function sendRawFrame(
  target: RawTarget,
  bytes: Buffer,
  timeoutMs = 5000,
): Promise<{ upgraded: boolean; closedByHost: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(target.port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ upgraded, closedByHost: false });
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve({ upgraded, closedByHost: true });
    };
    socket.on('connect', () => {
      socket.write(
        [
          'GET /rpc HTTP/1.1',
          `Host: 127.0.0.1:${target.port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Origin: ${target.origin}`,
          `Cookie: hexin_token=${target.token}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.on('data', (chunk: Buffer) => {
      if (upgraded) return;
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!/^HTTP\/1\.1 101 /.test(received.subarray(0, end).toString('latin1'))) {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new Error(`handshake refused: ${received.subarray(0, end).toString('latin1').split('\r\n')[0]}`),
        );
        return;
      }
      upgraded = true;
      // A reset while we still write the rest is also the host dropping us.
      socket.write(bytes, () => undefined);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', done);
  });
}
