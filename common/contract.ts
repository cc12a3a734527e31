// The one contract between the renderer and main. Every method the renderer may call and every event main may push
// is declared here once, with runtime schemas. Preload builds `window.hexin` from it, main registers handlers from
// it and validates every argument, and the web host carries it over a loopback socket unchanged.
// Adding a method = one entry here + one handler in main/ipc/handlers.ts.
import { z } from 'zod';
import { method, type ApiOf } from './contract-kit';
import { cameraReportSchema, healthSchema } from './health';

export const languageSchema = z.enum(['zh-CN', 'en']);

export const appInfoSchema = z.object({
  product: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web']),
  kioskId: z.string(),
  defaultLanguage: languageSchema,
  languages: z.array(languageSchema),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const empty = z.object({}).strict();

export const methods = {
  getAppInfo: method(empty, appInfoSchema),
  getHealth: method(empty, healthSchema),
  reportCamera: method(cameraReportSchema, z.null()),
};

export const events = {
  healthChanged: healthSchema,
};

export type Methods = typeof methods;
export type Events = typeof events;
export type MethodName = keyof Methods & string;
export type EventName = keyof Events & string;
export type MethodArgs<K extends MethodName> = z.output<Methods[K]['args']>;
export type MethodResult<K extends MethodName> = z.output<Methods[K]['result']>;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

/** The renderer's API type: derived from the contract, never kept by hand. */
export type HexinApi = ApiOf<Methods, Events>;
