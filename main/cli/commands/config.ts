// `hexin config check|set|hash-pin`: for operators setting up a kiosk. `check` validates the config file (with the
// HEXIN_CONFIG_JSON override applied) and prints the effective config; `set` changes one value, validated before it
// is written; `hash-pin` turns a staff PIN read from stdin into the scrypt hash the config keeps (never the PIN).
import { HexinError } from '../../../common/errors';
import { loadConfig, updateConfig } from '../../config/load';
import { defaultConfigPath } from '../../config/paths';
import { hashPin } from '../../config/pin';
import type { AppConfig } from '../../config/schema';
import { JsonFileConfigStore } from '../../config/store';
import { defineCommand } from '../spec';
import type { CliCommand } from '../types';

const KEY = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

/** `a.b.c` + value → `{a: {b: {c: value}}}`, the patch updateConfig merges. */
export function patchFor(key: string, value: unknown): Record<string, unknown> {
  if (!KEY.test(key))
    throw new HexinError('BAD_REQUEST', `not a config key: ${key} (expected e.g. session.maxRetries)`);
  return key
    .split('.')
    .reverse()
    .reduce<unknown>((inner, part) => ({ [part]: inner }), value) as Record<string, unknown>;
}

/** A value as typed on the command line: JSON when it parses (90, true, ["en"]), else the plain string. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The effective config for display: the PIN hash shown only as set / not set. */
function redacted(config: AppConfig): unknown {
  return { ...config, staff: { ...config.staff, pinHash: config.staff.pinHash ? '(set)' : null } };
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(Buffer.from(chunk as Uint8Array));
    if (Buffer.concat(chunks).includes(0x0a) || Buffer.concat(chunks).length > 256) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0]!.trim();
}

export function makeConfigCommand(readPin: () => Promise<string> = readStdinLine): CliCommand {
  return defineCommand(
    {
      name: 'config',
      summary: 'check the kiosk config, set a value, hash the staff PIN',
      actions: {
        check: {
          description:
            'validate the config and print the effective values (defaults + file + $HEXIN_CONFIG_JSON)',
        },
        set: {
          args: '<key> <value>',
          description:
            'set one value, e.g. `set session.idleTimeoutSeconds 90` (value is JSON, or a plain string)',
        },
        'hash-pin': {
          description: 'read a staff PIN (6-12 digits) from stdin and print its scrypt hash; --set stores it',
          uses: ['set'],
        },
      },
      options: {
        file: {
          type: 'string',
          value: 'FILE',
          description:
            'config file (default: $HEXIN_CONFIG_FILE, else <$HEXIN_DATA_DIR or ./.hexin-data>/config.json)',
        },
        set: { type: 'boolean', description: 'with hash-pin: store the hash in the config' },
      },
    },
    async ({ action, values, positionals: rest }, io) => {
      const file = values.file ?? defaultConfigPath();
      const store = new JsonFileConfigStore(file);

      if (action === 'check') {
        const config = loadConfig({ store });
        if (values.json) io.stdout(JSON.stringify({ file, config: redacted(config) }) + '\n');
        else {
          io.stdout(
            [
              `config OK: ${file}`,
              `  kiosk ${config.kiosk.id}; languages ${config.languages.available.join(', ')} (default ${config.languages.default})`,
              `  idle ${config.session.idleTimeoutSeconds} s; retries ${config.session.maxRetries}; lock-out ${config.lockout.maxFailures} failures in ${config.lockout.windowMinutes} min → ${config.lockout.lockMinutes} min`,
              `  guardian under ${config.guardian.guardianAge}, staff-assisted under ${config.guardian.staffAssistedAge}${config.guardian.enabled ? '' : ' (off)'}`,
              `  liveness: active challenges ${config.liveness.active ? 'on' : 'OFF'}, passive ${config.liveness.passive.enabled ? 'on' : 'OFF'}`,
              `  staff PIN ${config.staff.pinHash ? 'set' : 'not set (staff mode disabled)'}`,
              '',
            ].join('\n'),
          );
        }
        return 0;
      }

      if (action === 'set') {
        const [key, text] = rest as [string, string];
        if (key === 'staff.pinHash') {
          throw new HexinError(
            'BAD_REQUEST',
            'set the staff PIN with `hexin config hash-pin --set` (reads it from stdin)',
          );
        }
        updateConfig(store, patchFor(key, parseValue(text)));
        io.stdout(values.json ? JSON.stringify({ file, key, ok: true }) + '\n' : `set ${key} in ${file}\n`);
        return 0;
      }

      const pinHash = await hashPin(await readPin());
      if (values.set) updateConfig(store, { staff: { pinHash } });
      io.stdout(
        values.json ? JSON.stringify({ pinHash, stored: values.set ? file : null }) + '\n' : pinHash + '\n',
      );
      return 0;
    },
  );
}

export const configCommand = makeConfigCommand();
