// The process boundaries, checked on the source text as well as by lint: core code never imports electron
// (only main/hosts/electron does), and the renderer and the shared contract never import Node or main code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string, exts = ['.ts', '.tsx', '.mts']): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return files(p, exts);
    return exts.includes(path.extname(p)) ? [p] : [];
  });
}

const importRe =
  /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importRe)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

const node = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

describe('process boundaries', () => {
  it('core code under main/ does not import electron', () => {
    const offenders = files('main')
      .filter((f) => !f.startsWith(path.join('main', 'hosts', 'electron')))
      .filter((f) => importsOf(f).includes('electron'));
    expect(offenders).toEqual([]);
  });

  it('the renderer and common/ import neither Node modules, electron nor main/preload code', () => {
    const offenders = [...files('renderer/src'), ...files('common')].flatMap((f) =>
      importsOf(f)
        .filter((i) => node.has(i) || i === 'electron' || /(^|\/)(main|preload)\//.test(i))
        .map((i) => `${f}: ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
