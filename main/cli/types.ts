// One CLI subcommand: `hexin <name> …`. Commands write their own output and return the exit code.
import type { AnyCommandSpec } from './spec';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliCommand {
  name: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
  /** The declaration its help and argument checks are generated from (main/cli/spec.ts). */
  spec?: AnyCommandSpec;
}

/** Prints an error the way every command does: JSON with --json, plain words otherwise. */
export function printError(io: CliIo, json: boolean, code: string, message: string): void {
  if (json) io.stdout(JSON.stringify({ error: { code, message } }) + '\n');
  else io.stderr(`hexin: ${code}: ${message}\n`);
}

/** Prints a command's usage; the exit code is 0 when it was asked for (--help) and 2 for wrong arguments. */
export function printUsage(io: CliIo, usage: string, asked: boolean): number {
  io.stdout(usage);
  return asked ? 0 : 2;
}
