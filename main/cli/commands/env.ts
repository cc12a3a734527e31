// `hexin env`: the kiosk's device environment (model, OS, version, IPs, MACs, device id, network, app integrity
// hash) and the trusted-environment verdict against the registered profile (records.environment in the kiosk's
// config), exactly as the kiosk computes them at session start. Operators use it to read the device id and the
// app hash to register, and to see why a kiosk refuses sessions. Exit code 1 when the verdict is untrusted.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config/load';
import { JsonFileConfigStore } from '../../config/store';
import { defaultDataDir } from '../../config/paths';
import { EnvironmentMonitor } from '../../records/environment-monitor';
import { silentLogger } from '../../util/log';
import { defineCommand } from '../spec';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const envCommand = defineCommand(
  {
    name: 'env',
    summary:
      'show the device environment and the trusted-environment verdict (device id, app hash to register)',
    options: {
      'data-dir': {
        type: 'string',
        value: 'DIR',
        description:
          'app data dir whose config.json holds records.environment (default: $HEXIN_DATA_DIR or ./.hexin-data)',
      },
      'app-dir': {
        type: 'string',
        value: 'DIR',
        description:
          "the built app files the integrity hash covers (default: the repository's out/, if built)",
      },
    },
    notes: 'exit code 1 when the environment is not trusted',
  },
  async ({ values }, io) => {
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    const config = loadConfig({ store: new JsonFileConfigStore(path.join(dataDir, 'config.json')) });
    const appDir = path.resolve(values['app-dir'] ?? path.join(repoRoot, 'out'));
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    const monitor = new EnvironmentMonitor({
      profile: config.records.environment,
      softwareVersion: version,
      ...(existsSync(appDir) ? { appDir } : {}),
      authorityRequired: config.authority.policy !== 'local',
      log: silentLogger,
    });
    const { environment, verdict } = await monitor.start();
    monitor.close();
    const mode = config.records.environment.onUntrusted;
    const blocking = monitor.blocking();
    if (values.json) {
      io.stdout(JSON.stringify({ environment, verdict, mode, blocking }) + '\n');
    } else {
      const e = environment;
      io.stdout(
        [
          `device id      ${e.deviceId || '(none)'}`,
          `device model   ${e.deviceModel}`,
          `os             ${e.os.platform} ${e.os.release} (${e.os.arch}) ${e.os.version}`,
          `software       ${e.softwareVersion}`,
          `ip addresses   ${e.ipAddresses.join(', ') || '(none)'}`,
          `mac addresses  ${e.macAddresses.join(', ') || '(none)'}`,
          `network        ${e.network.online ? 'online' : 'offline'} (${e.network.interfaces} interfaces)`,
          `app integrity  ${e.appIntegritySha256 ?? '(not hashed)'}${existsSync(appDir) ? ` over ${appDir}` : ''}`,
          `verdict        ${verdict.trusted ? 'trusted' : `NOT trusted: ${verdict.reasons.join(', ')}`}`,
          ...(verdict.unchecked.length ? [`not checked    ${verdict.unchecked.join(', ')}`] : []),
          ...(verdict.clockSkewSeconds !== undefined ? [`clock skew     ${verdict.clockSkewSeconds} s`] : []),
          `on untrusted   ${mode}${blocking ? ' — the kiosk refuses sessions' : ''}`,
          '',
        ].join('\n'),
      );
    }
    return verdict.trusted ? 0 : 1;
  },
);
