export declare function attachedReaders(env?: NodeJS.ProcessEnv): {
  readers: Array<{ name: string }>;
  error?: string;
};
export declare function withReaderMode(env: NodeJS.ProcessEnv, mode: 'hardware' | 'simulator'): string;
export declare function chooseReaderMode(io?: {
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream & { isTTY?: boolean };
  find?: typeof attachedReaders;
}): Promise<'hardware' | 'simulator' | null>;
export declare function readerModeOverride(env: NodeJS.ProcessEnv, mode: 'hardware' | 'simulator'): string;
