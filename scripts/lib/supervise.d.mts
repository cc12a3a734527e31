import type { ChildProcess } from 'node:child_process';

export declare function supervise(options: {
  name: string;
  start: (attempt: number) => ChildProcess;
  log?: (line: string) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  stableAfterMs?: number;
  onExit?: (code: number) => void;
}): { current(): ChildProcess | null; stop(signal?: NodeJS.Signals): void };
