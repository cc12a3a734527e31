// Contract calls nobody should make, over the web host's socket: every method with random arguments, unknown and
// prototype method names, and oversized ones (200,000 unknown keys, 9,999 keys, deep nesting, megabyte strings).
// Every reply must be a bounded error (or a socket closed for a frame too big to decode) and quick; the host lives.
import { decode, encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { methods } from '../../../common/contract';
import { MAX_ERROR_MESSAGE } from '../../../main/ipc/dispatcher';
import { newFigures, prng, type Figures } from './figures';
import { hostServes, type HostProcess } from './web-host-process';

type Rnd = ReturnType<typeof prng>;

function randomValue(rnd: Rnd, depth = 0): unknown {
  switch (rnd.int(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return rnd.next() < 0.5;
    case 2:
      return rnd.pick([0, -1, 1e308, -0, 2 ** 53, 0.5, Number.MAX_SAFE_INTEGER]);
    case 3:
      return rnd.bytes(rnd.int(40)).toString('latin1');
    case 4:
      return rnd.pick(['', '__proto__', 'constructor', 'ok', 'zh-CN', 'insert', 'user', 'a'.repeat(5000)]);
    case 5:
      return new Uint8Array(rnd.bytes(rnd.int(64)));
    case 6:
      return Array.from({ length: rnd.int(5) }, () => randomValue(rnd, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = 0, n = rnd.int(5); i < n; i++)
        o[
          rnd.pick([
            'state',
            'label',
            'pin',
            'confirmed',
            'action',
            'card',
            'width',
            'data',
            'x',
            '__proto__',
          ])
        ] = randomValue(rnd, depth + 1);
      return o;
    }
  }
}

/** A reply later than this counts as a hang. */
const CALL_TIMEOUT_MS = 10_000;

/** Arguments already in MessagePack: how to send nesting deeper than the encoder allows. */
class EncodedArgs {
  constructor(readonly bytes: Buffer) {}
}

/** A call map {t, id, method, args} with `args` spliced in as raw MessagePack. */
function callWithEncodedArgs(id: number, method: string, args: Buffer): Buffer {
  const head = encode({ t: 'call', id, method });
  // fixmap of 3 → fixmap of 4, then the "args" key and the raw value.
  return Buffer.concat([Buffer.from([0x84]), head.subarray(1), encode('args'), args]);
}

/** [[[…[0]…]]] nested `depth` levels, as raw MessagePack (fixarray of one, repeated). */
const nested = (depth: number) =>
  new EncodedArgs(Buffer.concat([Buffer.alloc(depth, 0x91), Buffer.from([0x00])]));

/** One socket for many calls; resolves each reply by id, or 'closed' if the host closed the socket. */
function openCaller(host: HostProcess) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc`, {
    headers: { cookie: `hexin_token=${host.token}`, origin: host.origin },
  });
  const pending = new Map<number, (r: { bytes: number; message: string } | 'closed') => void>();
  ws.on('message', (data: Buffer) => {
    const msg = decode(data) as { t?: string; id?: number; result?: { error?: { message?: string } } };
    if (msg.t !== 'result' || msg.id === undefined) return;
    pending.get(msg.id)?.({ bytes: data.length, message: msg.result?.error?.message ?? '' });
    pending.delete(msg.id);
  });
  ws.on('error', () => undefined);
  ws.on('close', () => {
    for (const resolve of pending.values()) resolve('closed');
    pending.clear();
  });
  const open = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  return {
    open,
    call(method: string, args: unknown) {
      const id = nextId++;
      return new Promise<{ bytes: number; message: string } | 'closed' | 'timeout'>((resolve) => {
        if (ws.readyState !== ws.OPEN) return resolve('closed');
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve('timeout');
        }, CALL_TIMEOUT_MS);
        pending.set(id, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
        ws.send(
          args instanceof EncodedArgs
            ? callWithEncodedArgs(id, method, args.bytes)
            : encode({ t: 'call', id, method, args }),
        );
      });
    },
    close: () => ws.close(),
  };
}

export async function abuseIpc(
  host: HostProcess,
  randomCalls: number,
  seed = 1,
  oversizeMethods = Infinity,
): Promise<Figures> {
  const figures = newFigures('ipc-calls');
  const rnd = prng(seed);
  let maxBytes = 0;
  let maxMs = 0;
  let closed = 0;
  const hangs: string[] = [];
  let caller = openCaller(host);
  await caller.open;
  const attempt = async (method: string, args: unknown) => {
    figures.inputs++;
    const t0 = performance.now();
    const r = await caller.call(method, args);
    maxMs = Math.max(maxMs, performance.now() - t0);
    if (r === 'timeout') {
      hangs.push(
        `${method.slice(0, 40)}(${args instanceof EncodedArgs ? 'oversized' : JSON.stringify(args)?.slice(0, 80)})`,
      );
      return;
    }
    if (r === 'closed') {
      // Too big to decode (the host's decode limits): that socket is dropped, the next one is fresh.
      closed++;
      caller = openCaller(host);
      await caller.open;
      return;
    }
    maxBytes = Math.max(maxBytes, r.bytes);
    if (r.message.length > MAX_ERROR_MESSAGE) figures.accepted++;
  };

  const names = Object.keys(methods);
  const wide = (n: number) =>
    new EncodedArgs(
      Buffer.from(encode(Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, i])))),
    );
  const oversized = [
    wide(200_000),
    wide(9_999),
    nested(100_000),
    new EncodedArgs(Buffer.from(encode({ x: 'x'.repeat(3_000_000) }))),
  ];
  for (const name of names.slice(0, oversizeMethods)) for (const args of oversized) await attempt(name, args);
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(99), '']) {
    await attempt(name, {});
  }
  for (let i = 0; i < randomCalls; i++) await attempt(rnd.pick(names), randomValue(rnd));
  caller.close();
  figures.notes.largestReplyBytes = maxBytes;
  figures.notes.slowestReplyMs = Math.round(maxMs);
  figures.notes.socketsClosedForOversize = closed;
  figures.notes.seed = seed;
  figures.notes.hangs = hangs.length;
  if (hangs.length) figures.notes.hung = hangs.slice(0, 5).join(' | ');
  if (!(await hostServes(host))) figures.crashes++;
  return figures;
}
