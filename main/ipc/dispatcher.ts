// The one gate every renderer call passes, whichever host carried it (Electron IPC or the web host's socket):
// known method → access check → argument schema → handler → result schema → {ok, value} / {ok: false, error}.
// Hosts check *who* is calling (sender origin, token) before they get here; this checks *what* is asked.
import { z } from 'zod';
import { HexinError } from '../../common/errors';
import type { CallResult } from '../../common/contract-kit';
import { methods, type MethodArgs, type MethodName, type MethodResult } from '../../common/contract';
import type { Logger } from '../util/log';

export interface CallContext {
  host: 'electron' | 'web';
}

export type Handlers = {
  [K in MethodName]: (args: MethodArgs<K>, ctx: CallContext) => Promise<MethodResult<K>> | MethodResult<K>;
};

export type Dispatch = (name: string, rawArgs: unknown, ctx: CallContext) => Promise<CallResult<unknown>>;

export interface DispatcherOptions {
  handlers: Handlers;
  /** Whether staff mode is unlocked right now (staff-only methods are refused otherwise). */
  staffUnlocked: () => boolean;
  log: Logger;
}

const isMethodName = (name: string): name is MethodName => Object.hasOwn(methods, name);

/** No method takes more values than this (keys, items, leaves; a byte array is one value) — far above any real call. */
export const MAX_ARG_VALUES = 10_000;
/** Nor nests deeper than this. */
export const MAX_ARG_DEPTH = 32;
/** Longest error message a caller gets back; the log line about it is bounded the same way. */
export const MAX_ERROR_MESSAGE = 1000;
const MAX_ISSUES_SHOWN = 5;
const MAX_ISSUE_TEXT = 160;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Why the arguments are too big for any method, or null. Visits at most MAX_ARG_VALUES values before any schema runs
 * (200,000 unknown keys once cost 1.5 s of schema work and a 2 MB error reply). The web host also bounds maps and
 * arrays while decoding, so there such an object is never even built.
 */
export function oversizeArguments(args: unknown): string | null {
  const stack: Array<[unknown, number]> = [[args, 0]];
  let values = 0;
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (++values > MAX_ARG_VALUES) return `arguments too large (more than ${MAX_ARG_VALUES} values)`;
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) continue;
    if (depth >= MAX_ARG_DEPTH) return `arguments too deep (more than ${MAX_ARG_DEPTH} levels)`;
    // Counted before anything is pushed: a wide object is refused without walking its values.
    const keys = Object.keys(value);
    if (values + keys.length > MAX_ARG_VALUES)
      return `arguments too large (more than ${MAX_ARG_VALUES} values)`;
    for (const key of keys) stack.push([(value as Record<string, unknown>)[key], depth + 1]);
  }
  return null;
}

/**
 * Zeroes the byte arrays of refused arguments (a voice recording, a camera frame): refused at the door, what did
 * arrive is still personal, and nothing else will wipe it. Bounded like oversizeArguments.
 */
function zeroBytes(args: unknown): void {
  const stack: Array<[unknown, number]> = [[args, 0]];
  let values = 0;
  while (stack.length && ++values <= MAX_ARG_VALUES) {
    const [value, depth] = stack.pop()!;
    if (value instanceof Uint8Array) value.fill(0);
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || depth >= MAX_ARG_DEPTH)
      continue;
    for (const key of Object.keys(value).slice(0, MAX_ARG_VALUES - values))
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
  }
}

/** The first few issues, each clipped, and how many more there were: bounded whatever the schema found. */
export function describeZodError(error: z.ZodError): string {
  const shown = error.issues.slice(0, MAX_ISSUES_SHOWN).map((i) => {
    const where = i.path.length ? clip(i.path.join('.'), 80) : '(arguments)';
    // zod names every unknown key in one message; name the first few and count the rest.
    if (i.code !== 'unrecognized_keys') return clip(`${where}: ${i.message}`, MAX_ISSUE_TEXT);
    const named = i.keys.slice(0, MAX_ISSUES_SHOWN).map((k) => `"${clip(k, 24)}"`);
    const rest = i.keys.length - named.length;
    return `${where}: unknown key${i.keys.length > 1 ? 's' : ''} ${named.join(', ')}${rest > 0 ? ` (and ${rest} more)` : ''}`;
  });
  const more = error.issues.length - shown.length;
  return clip(shown.join('; ') + (more > 0 ? ` (and ${more} more)` : ''), MAX_ERROR_MESSAGE - 120);
}

export function createDispatcher({ handlers, staffUnlocked, log }: DispatcherOptions): Dispatch {
  return async (name, rawArgs, ctx) => {
    if (typeof name !== 'string' || !isMethodName(name)) {
      return {
        ok: false,
        error: { code: 'BAD_REQUEST', message: `Unknown method: ${String(name).slice(0, 80)}` },
      };
    }
    const spec = methods[name];
    if (spec.access === 'staff' && !staffUnlocked()) {
      return { ok: false, error: { code: 'STAFF_LOCKED', message: `${name} needs staff mode` } };
    }
    const oversize = oversizeArguments(rawArgs);
    if (oversize) {
      zeroBytes(rawArgs);
      return { ok: false, error: { code: 'BAD_REQUEST', message: `${name}: ${oversize}` } };
    }
    const parsed = spec.args.safeParse(rawArgs);
    if (!parsed.success) {
      zeroBytes(rawArgs);
      return {
        ok: false,
        error: { code: 'BAD_REQUEST', message: `${name}: ${describeZodError(parsed.error)}` },
      };
    }
    try {
      const handler = handlers[name] as (args: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, ctx);
      const checked = spec.result.safeParse(value);
      if (!checked.success) {
        // A handler returned something the contract does not allow: that is our bug, never the caller's.
        log.error(`result of ${name} breaks the contract: ${describeZodError(checked.error)}`);
        return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
      }
      return { ok: true, value: checked.data };
    } catch (e) {
      if (e instanceof HexinError) {
        log.warn(`${name} failed: ${e.code}: ${e.message}`);
        return { ok: false, error: e.toInfo() };
      }
      log.error(`${name} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
    }
  };
}
