// `hexin authority-sim`: runs the authority simulator (hexin-authority/1 on 127.0.0.1) for demos and manual
// tests until interrupted. Plain HTTP unless --cert/--key are given; --ca additionally requires client
// certificates (mutual TLS). The answer depends on the ID number's sequence code (see simulator.ts).
import { promises as fs } from 'node:fs';
import { HexinError } from '../../../common/errors';
import { SIMULATOR_SEQUENCE_CODES, startAuthoritySimulator } from '../../verify/authority/simulator';
import { parseCommand, type CommandSpec, type OptionsSpec } from '../spec';
import type { CliCommand, CliIo } from '../types';

const spec = {
  name: 'authority-sim',
  summary: 'run the authority (MPS photo comparison) simulator on 127.0.0.1 for demos',
  options: {
    port: {
      type: 'integer',
      min: 0,
      max: 65_535,
      default: 8724,
      description: 'port on 127.0.0.1 (0 = any free port)',
    },
    cert: { type: 'string', value: 'FILE', description: 'serve HTTPS with this certificate (with --key)' },
    key: { type: 'string', value: 'FILE', description: 'the private key of --cert' },
    ca: {
      type: 'string',
      value: 'FILE',
      description: 'with --cert/--key: require client certificates signed by this CA (mutual TLS)',
    },
    'hmac-secret-file': {
      type: 'string',
      value: 'FILE',
      description: 'require hexin HMAC-SHA256 request signatures with this secret',
    },
  },
  notes: `Answers by the ID number's sequence code (digits 15-17): ${Object.entries(SIMULATOR_SEQUENCE_CODES)
    .map(([code, path]) => `${code} ${path}`)
    .join(', ')}, anything else match.`,
} as const satisfies CommandSpec<OptionsSpec, Record<never, never>>;

async function readOption(file: string | undefined, what: string): Promise<Buffer | undefined> {
  if (file === undefined) return undefined;
  try {
    return await fs.readFile(file);
  } catch (e) {
    throw new HexinError('BAD_REQUEST', `cannot read ${what} ${file}`, { file }, { cause: e });
  }
}

/** Runs until `stop` aborts (the CLI wires it to SIGINT/SIGTERM). */
export async function runAuthoritySim(args: string[], io: CliIo, stop: AbortSignal): Promise<number> {
  const call = parseCommand(spec, args, io);
  if (typeof call === 'number') return call;
  const { values } = call;
  const port = values.port;
  if (Boolean(values.cert) !== Boolean(values.key) || (values.ca && !values.cert)) {
    throw new HexinError('BAD_REQUEST', '--cert and --key go together; --ca needs them');
  }
  const cert = await readOption(values.cert, 'certificate');
  const key = await readOption(values.key, 'key');
  const ca = await readOption(values.ca, 'CA');
  const hmacSecret = await readOption(values['hmac-secret-file'], 'HMAC secret');
  const sim = await startAuthoritySimulator({
    port,
    ...(cert && key ? { tls: { cert, key, ...(ca ? { ca, requireClientCert: true } : {}) } } : {}),
    ...(hmacSecret ? { hmacSecret } : {}),
    log: (line) => io.stderr(line + '\n'),
  });
  if (values.json)
    io.stdout(JSON.stringify({ url: sim.url, mutualTls: Boolean(ca), signed: Boolean(hmacSecret) }) + '\n');
  else
    io.stdout(`authority simulator listening on ${sim.url}${ca ? ' (mutual TLS)' : ''}; Ctrl-C stops it\n`);
  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    stop.addEventListener('abort', () => resolve(), { once: true });
  });
  await sim.close();
  return 0;
}

export const authoritySimCommand: CliCommand = {
  name: spec.name,
  summary: spec.summary,
  spec,
  run(args, io) {
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    return runAuthoritySim(args, io, stop.signal).finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
  },
};
