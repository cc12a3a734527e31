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

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`)
    .join('; ');
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
    const parsed = spec.args.safeParse(rawArgs);
    if (!parsed.success) {
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
