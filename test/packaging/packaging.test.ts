// The packaging config (electron-builder.yml, packaging/*) read as electron-builder and systemd will read it. The
// packaging itself runs on the bank's build machine (it downloads Electron); what can be checked here is checked:
// targets, the models as resources, that every module the built workers import is unpacked from the archive,
// the fuses per platform and build, and the restart-on-crash units.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../electron-stand-in/boot';
import { ensureBuilt } from '../../scripts/lib/hosts.mjs';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { fuseSettings } = require('../../packaging/fuses.cjs') as {
  fuseSettings(platform: string, testBuild: boolean): Record<string, unknown>;
};
const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number> };

interface BuilderConfig {
  files: string[];
  extraResources: Array<{ from: string; to: string; filter: string[] }>;
  asarUnpack: string[];
  afterPack: string;
  npmRebuild: boolean;
  linux: { target: Array<{ target: string; arch: string[] }> };
  win: { target: Array<{ target: string; arch: string[] }> };
  deb: { depends: string[]; fpm: string[] };
  nsis: { include: string };
}

const config = yaml.load(readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

beforeAll(() => ensureBuilt());

describe('electron-builder.yml', () => {
  it('builds AppImage and deb for x64 and arm64, and an NSIS installer for Windows x64', () => {
    expect(config.linux.target).toEqual([
      { target: 'AppImage', arch: ['x64', 'arm64'] },
      { target: 'deb', arch: ['x64', 'arm64'] },
    ]);
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.deb.depends).toContain('libusb-1.0-0');
  });

  it('ships the models as resources where the host looks for them when packaged', () => {
    expect(config.extraResources).toEqual([
      { from: 'models', to: 'models', filter: ['manifest.json', '*.onnx'] },
    ]);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'agreements/**', 'package.json']));
  });

  it('unpacks the worker entries and every package the built workers import', () => {
    const mainDir = path.join(REPO_ROOT, 'out/main');
    const workers = ['vision-worker.js', 'intent-worker.js'];
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
        else if (!spec.startsWith('node:'))
          packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    };
    for (const w of workers) visit(path.join(mainDir, w));
    expect(packages.size).toBeGreaterThan(0);
    const unpacked = (rel: string) =>
      config.asarUnpack.some((pattern) => {
        const re = new RegExp(
          `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*\*/g, '.*')
            .replace(/(?<!\.)\*/g, '[^/]*')}$`,
        );
        return re.test(rel);
      });
    for (const file of seen) expect(unpacked(path.relative(REPO_ROOT, file)), file).toBe(true);
    for (const pkg of packages) {
      expect(unpacked(`node_modules/${pkg}/package.json`), pkg).toBe(true);
      // …and what that package needs at run time.
      const manifest = JSON.parse(
        readFileSync(path.join(REPO_ROOT, 'node_modules', pkg, 'package.json'), 'utf8'),
      ) as {
        dependencies?: Record<string, string>;
      };
      for (const dep of Object.keys(manifest.dependencies ?? {}))
        if (!['adm-zip', 'global-agent'].includes(dep))
          // onnxruntime-node's adm-zip and global-agent serve its install script only.
          expect(unpacked(`node_modules/${dep}/package.json`), `${pkg} → ${dep}`).toBe(true);
    }
  });

  it('flips the fuses after packing and needs no native rebuild (N-API addons)', () => {
    expect(config.afterPack).toBe('packaging/fuses.cjs');
    expect(config.npmRebuild).toBe(false);
    for (const platform of ['linux', 'win32']) {
      const fuses = fuseSettings(platform, false);
      expect(fuses[FuseV1Options.RunAsNode!]).toBe(false);
      expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable!]).toBe(false);
      expect(fuses[FuseV1Options.EnableNodeCliInspectArguments!]).toBe(false);
      expect(fuses[FuseV1Options.OnlyLoadAppFromAsar!]).toBe(true);
      expect(fuses[FuseV1Options.EnableCookieEncryption!]).toBe(true);
    }
    // Electron documents asar integrity validation for macOS and Windows only.
    expect(fuseSettings('win32', false)[FuseV1Options.EnableEmbeddedAsarIntegrityValidation!]).toBe(true);
    expect(fuseSettings('linux', false)[FuseV1Options.EnableEmbeddedAsarIntegrityValidation!]).toBe(false);
    // The test build keeps only the inspect fuse (Playwright's _electron attaches through it).
    const test = fuseSettings('linux', true);
    expect(test[FuseV1Options.EnableNodeCliInspectArguments!]).toBe(true);
    expect(test[FuseV1Options.RunAsNode!]).toBe(false);
  });

  it('starts at boot and restarts on a crash: a systemd user unit and the Windows logon entry', () => {
    const unit = readFileSync(path.join(REPO_ROOT, 'packaging/linux/hexin-kiosk.service'), 'utf8');
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^WantedBy=graphical-session\.target$/m);
    expect(unit).toMatch(/^ExecStart="\/opt\/Hexin Kiosk\/hexin-kiosk"$/m);
    expect(config.deb.fpm).toContain(
      'packaging/linux/hexin-kiosk.service=/usr/lib/systemd/user/hexin-kiosk.service',
    );
    const nsh = readFileSync(path.join(REPO_ROOT, config.nsis.include), 'utf8');
    expect(nsh).toContain('CurrentVersion\\Run');
    expect(nsh).toContain('schtasks /Create');
    expect(existsSync(path.join(REPO_ROOT, 'packaging/linux/after-install.sh'))).toBe(true);
  });
});
