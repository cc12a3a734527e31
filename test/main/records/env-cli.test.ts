// `hexin env`: the environment and the verdict from the kiosk's own config in a data dir, with the app directory's
// hash; exit code 1 when untrusted, so a provisioning script can check a kiosk before opening it.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../main/cli/index';
import { computeAppIntegrity } from '../../../main/records/device-environment';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (out += t) });
  return { code, out };
}

describe('hexin env', () => {
  it('prints the environment and the verdict against the config in the data dir', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hexin-env-cli-'));
    const appDir = await mkdtemp(path.join(tmpdir(), 'hexin-env-app-'));
    await writeFile(path.join(appDir, 'index.js'), 'x');
    const hash = await computeAppIntegrity(appDir);
    const environment = { deviceId: 'K-7', registeredDeviceIds: ['K-7'], appIntegritySha256: hash };
    await writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ records: { environment } }));
    const ok = await run(['env', '--json', '--data-dir', dataDir, '--app-dir', appDir]);
    expect(ok.code).toBe(0);
    const doc = JSON.parse(ok.out) as Record<string, unknown>;
    expect(doc).toMatchObject({
      environment: { deviceId: 'K-7', appIntegritySha256: hash },
      verdict: { trusted: true, reasons: [], unchecked: ['CLOCK_SKEW'] },
      mode: 'warn',
      blocking: false,
    });

    await writeFile(path.join(appDir, 'index.js'), 'tampered');
    const bad = { ...environment, onUntrusted: 'block' };
    await writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ records: { environment: bad } }));
    const refused = await run(['env', '--data-dir', dataDir, '--app-dir', appDir]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('NOT trusted: APP_INTEGRITY_MISMATCH');
    expect(refused.out).toContain('the kiosk refuses sessions');
  });
});
