// Loads a TypeScript worker entry through tsx (source mode only; see worker-entry.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__entry);
