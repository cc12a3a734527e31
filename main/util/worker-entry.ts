// Where a worker thread's code lives. From sources (tsx, vitest, the web host) the worker is a .ts file that a
// small bootstrap loads through tsx; from the Electron build it is a bundled .js file that the build puts next to
// the main entry (out/main/<name>.js). This module may itself land in any chunk of the build (out/main/chunks/…),
// so the built files are never looked for relative to it: the host, which is the entry, says where the build put
// them (useBuiltWorkers).
// [Note: worker entries] Each worker has one line in WORKERS and, for the build, one input in electron.vite.config.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const WORKERS = {
  vision: { source: '../vision/worker.ts', built: 'vision-worker.js' },
  intent: { source: '../intent/worker.ts', built: 'intent-worker.js' },
} as const;

export type WorkerName = keyof typeof WORKERS;

const runningFromSource = import.meta.url.endsWith('.ts');
let builtDir: string | null = null;

/** The built worker files in `dir` (the folder of the main entry; unpacked from the asar archive in a package). */
export function builtWorkerFiles(dir: string): Record<WorkerName, string> {
  return {
    vision: path.join(dir, WORKERS.vision.built),
    intent: path.join(dir, WORKERS.intent.built),
  };
}

/**
 * Called once by a host that runs from the build: the folder holding the built worker entries. Throws, naming the
 * file, when one is missing, so a broken build or package is reported at start rather than at the first frame.
 */
export function useBuiltWorkers(dir: string): void {
  for (const file of Object.values(builtWorkerFiles(dir)))
    if (!existsSync(file)) throw new Error(`worker entry ${file} is missing from the build`);
  builtDir = dir;
}

export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  const entry = WORKERS[name];
  if (runningFromSource) {
    const bootstrap = new URL('./worker-bootstrap.mjs', import.meta.url);
    const source = new URL(entry.source, import.meta.url).href;
    return new Worker(bootstrap, { ...options, workerData: { __entry: source, data: options.workerData } });
  }
  if (!builtDir)
    throw new Error(
      `cannot start the ${name} worker: the host did not say where the built workers are (useBuiltWorkers)`,
    );
  return new Worker(builtWorkerFiles(builtDir)[name], options);
}

/** Inside a worker: the workerData the parent passed, whichever way the worker was started. */
export function workerPayload<T>(raw: unknown): T {
  if (raw && typeof raw === 'object' && '__entry' in raw) return (raw as unknown as { data: T }).data;
  return raw as T;
}
