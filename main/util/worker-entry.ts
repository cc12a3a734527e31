// Where a worker thread's code lives. From sources (tsx, vitest, the web host) the worker is a .ts file that a
// small bootstrap loads through tsx; from the Electron build it is a bundled .js file next to the main bundle.
// [Note: worker entries] Each worker has one line in WORKERS and, for the build, one input in electron.vite.config.ts.
import { Worker, type WorkerOptions } from 'node:worker_threads';

const WORKERS = {
  vision: { source: '../vision/worker.ts', built: './vision-worker.js' },
  intent: { source: '../intent/worker.ts', built: './intent-worker.js' },
} as const;

export type WorkerName = keyof typeof WORKERS;

const runningFromSource = import.meta.url.endsWith('.ts');

export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  const entry = WORKERS[name];
  if (runningFromSource) {
    const bootstrap = new URL('./worker-bootstrap.mjs', import.meta.url);
    const source = new URL(entry.source, import.meta.url).href;
    return new Worker(bootstrap, { ...options, workerData: { __entry: source, data: options.workerData } });
  }
  return new Worker(new URL(entry.built, import.meta.url), options);
}

/** Inside a worker: the workerData the parent passed, whichever way the worker was started. */
export function workerPayload<T>(raw: unknown): T {
  if (raw && typeof raw === 'object' && '__entry' in raw) return (raw as unknown as { data: T }).data;
  return raw as T;
}
