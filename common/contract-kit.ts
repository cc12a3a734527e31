// The machinery behind the one contract: how a method and an event are declared, and the API type the renderer
// gets from them. Kept apart from the declarations in contract.ts so that file reads as a plain list.
import { z } from 'zod';
import type { ErrorInfo } from './errors';

export interface MethodSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  args: A;
  result: R;
  /** Who may call it: 'kiosk' = the customer-facing renderer; 'staff' = only after staff mode was unlocked. */
  access: 'kiosk' | 'staff';
}

export function method<A extends z.ZodType, R extends z.ZodType>(
  args: A,
  result: R,
  access: 'kiosk' | 'staff' = 'kiosk',
): MethodSpec<A, R> {
  return { args, result, access };
}

export type MethodTable = Record<string, MethodSpec>;
export type EventTable = Record<string, z.ZodType>;

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** `onHealthChanged` for the event `healthChanged`. */
export type EventVerb<K extends string> = `on${Capitalize<K>}`;

export function eventVerb<K extends string>(name: K): EventVerb<K> {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as EventVerb<K>;
}

/** The API object the renderer sees: one verb per method, one `onX(listener) → unsubscribe` per event. */
export type ApiOf<M extends MethodTable, E extends EventTable> = {
  [K in keyof M]: (args: z.input<M[K]['args']>) => Promise<CallResult<z.output<M[K]['result']>>>;
} & {
  [K in keyof E & string as EventVerb<K>]: (listener: (payload: z.output<E[K]>) => void) => () => void;
};

/** The channel name used on Electron IPC for a method or the event stream; one prefix, never chosen by the renderer. */
export const channelFor = (name: string): string => `hexin:${name}`;
export const EVENT_CHANNEL = 'hexin:event';
