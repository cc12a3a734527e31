// Entry of the `hexin` command: dispatches to one module per subcommand.
// Add a command by writing main/cli/commands/<name>.ts (declared with defineCommand from ./spec, which generates
// its help and argument checks) and one line in `commands` below.
import { HexinError } from '../../common/errors';
import { authoritySimCommand } from './commands/authority-sim';
import { keysCommand } from './commands/keys';
import { compareCommand } from './commands/compare';
import { analyzeCommand } from './commands/analyze';
import { calibrateCommand } from './commands/calibrate';
import { benchCommand } from './commands/bench';
import { intentCommand } from './commands/intent';
import { livenessCommand } from './commands/liveness';
import { padEvalCommand } from './commands/pad-eval';
import { readerCommand } from './commands/reader';
import { auditCommand } from './commands/audit';
import { dsrCommand } from './commands/dsr';
import { recordsCommand } from './commands/records';
import { configCommand } from './commands/config';
import { envCommand } from './commands/env';
import type { CliCommand, CliIo } from './types';
import { printError, printUsage } from './types';

export const commands: CliCommand[] = [
  configCommand,
  auditCommand,
  recordsCommand,
  dsrCommand,
  envCommand,
  keysCommand,
  authoritySimCommand,
  compareCommand,
  analyzeCommand,
  calibrateCommand,
  benchCommand,
  intentCommand,
  livenessCommand,
  padEvalCommand,
  readerCommand,
];

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function usage(): string {
  const lines = commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return ['usage: hexin <command> [options]', '', 'commands:', ...lines, ''].join('\n');
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    return printUsage(io, usage(), Boolean(name));
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`hexin: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    const json = rest.includes('--json');
    if (e instanceof HexinError) {
      printError(io, json, e.code, e.message);
      return 1;
    }
    printError(io, json, 'INTERNAL', e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 1;
  }
}
