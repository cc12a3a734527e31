// How the web host carries the contract over its loopback WebSocket: MessagePack frames (binary-safe, so camera
// frames travel as bytes), each one of three shapes. The Electron host does not use this: it has IPC.
import { z } from 'zod';

export const RPC_PATH = '/rpc';
/** Largest message either side accepts (a downscaled RGBA frame is ~300 KB; audio clips are bounded separately). */
export const MAX_WIRE_BYTES = 4 * 1024 * 1024;

export const wireCallSchema = z.object({
  t: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  args: z.unknown(),
});

export const wireResultSchema = z.object({
  t: z.literal('result'),
  id: z.number().int().nonnegative(),
  result: z.union([
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
  ]),
});

export const wireEventSchema = z.object({
  t: z.literal('event'),
  name: z.string(),
  payload: z.unknown(),
});

export type WireCall = z.infer<typeof wireCallSchema>;
export type WireResult = z.infer<typeof wireResultSchema>;
export type WireEvent = z.infer<typeof wireEventSchema>;
