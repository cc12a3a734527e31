// Embeddings for the match benchmark, cached on disk so an LFW-sized run is paid once: one JSON line per photo and
// variant (`<cache>/<dataset>/<variant>-<key>.jsonl`, appended as it goes, so an interrupted run resumes), and the
// simulated chip photos themselves (`<cache>/<dataset>/chips/<codec>-<key>/<photo>`), so a new reference-path
// variant re-embeds the same bytes without re-encoding. `<key>` (cacheKey) is a hash of everything the stored
// values depend on — the models' checksums and settings, the codec and its parameters, the variant's options and
// the reference path's version — so changing any of them starts a new file instead of reusing stale embeddings.
// The cache holds biometric data of the test sets: it lives in a gitignored folder and never leaves the machine.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HexinError } from '../../../common/errors';

/** JSON with object keys sorted, so the same spec always hashes the same whatever order it was written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Short hash of what a cached value depends on (12 hex digits of SHA-256 over the canonical JSON). */
export function cacheKey(spec: unknown): string {
  return createHash('sha256').update(canonical(spec)).digest('hex').slice(0, 12);
}

/** Cache file stem of a variant: its name (for people reading the folder) and the key of its spec. */
export function variantFile(name: string, spec: unknown): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`bad cache variant name "${name}"`);
  return `${name}-${cacheKey(spec)}`;
}

export interface CachedEmbedding {
  key: string;
  /** null when no face was found (the error code says why). */
  embedding: Float32Array | null;
  error?: string;
  /** For a miss: the version of the fallbacks it was reached under (see `compute`). */
  missVersion?: number;
}

export class EmbeddingCache {
  private readonly entries = new Map<string, CachedEmbedding>();
  private readonly file: string;

  /** `shard` names this process's file when several processes fill one cache (all files are read). */
  constructor(
    readonly dir: string,
    readonly variant: string,
    shard = '',
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${variant}${shard ? `.${shard}` : ''}.jsonl`);
    const mine = (f: string) =>
      f === `${variant}.jsonl` || (f.startsWith(`${variant}.s`) && f.endsWith('.jsonl'));
    for (const f of readdirSync(dir).filter(mine)) {
      for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const r = JSON.parse(line) as { k: string; e: string | null; err?: string; mv?: number };
          const embedding =
            r.e === null ? null : new Float32Array(new Uint8Array(Buffer.from(r.e, 'base64')).buffer);
          // Files are read in name order, not in the order they were written: a found face (the same
          // whatever the fallbacks) beats a miss, and a miss under newer fallbacks beats an older one.
          const before = this.entries.get(r.k);
          if (before?.embedding) continue;
          if (before && embedding === null && (before.missVersion ?? 0) > (r.mv ?? 0)) continue;
          this.entries.set(r.k, {
            key: r.k,
            embedding,
            ...(r.err ? { error: r.err } : {}),
            ...(r.mv !== undefined ? { missVersion: r.mv } : {}),
          });
        } catch {
          // a line cut short by an interrupted run: recomputed
        }
      }
    }
  }

  /** Whether a cached miss was reached under other fallbacks than the current ones. */
  private staleMiss(entry: CachedEmbedding, missVersion: number | undefined): boolean {
    return entry.embedding === null && missVersion !== undefined && entry.missVersion !== missVersion;
  }

  get(key: string): CachedEmbedding | undefined {
    return this.entries.get(key);
  }

  /** The cached value unless it is a miss reached under other fallbacks (then `compute` runs again). */
  fresh(key: string, missVersion?: number): CachedEmbedding | undefined {
    const entry = this.entries.get(key);
    return entry && !this.staleMiss(entry, missVersion) ? entry : undefined;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The cached value, or `f()` computed and appended. `missVersion`: the version of fallbacks that run only where
   * everything before them found no face (REFERENCE_PATH_FALLBACKS). Such a fallback cannot change a found face's
   * embedding, so it does not change the cache key; a miss recorded under another fallback version is computed
   * again instead (the last line for a photo wins when the file is read back).
   */
  async compute(key: string, f: () => Promise<Float32Array>, missVersion?: number): Promise<CachedEmbedding> {
    const cached = this.entries.get(key);
    if (cached && !this.staleMiss(cached, missVersion)) return cached;
    let entry: CachedEmbedding;
    try {
      entry = { key, embedding: await f() };
    } catch (e) {
      const code = (e as HexinError).code;
      if (typeof code !== 'string') throw e; // a bug, not a photo without a face
      entry = { key, embedding: null, error: code, ...(missVersion !== undefined ? { missVersion } : {}) };
    }
    const e = entry.embedding
      ? Buffer.from(entry.embedding.buffer, entry.embedding.byteOffset, entry.embedding.byteLength).toString(
          'base64',
        )
      : null;
    appendFileSync(
      this.file,
      JSON.stringify({
        k: key,
        e,
        ...(entry.error ? { err: entry.error } : {}),
        ...(entry.missVersion !== undefined ? { mv: entry.missVersion } : {}),
      }) + '\n',
    );
    this.entries.set(key, entry);
    return entry;
  }
}

/**
 * Cached bytes (a simulated chip photo): made once by `make`, then read back. Written to a temporary name and
 * renamed, so another process filling the same cache never reads a half-written photo.
 */
export async function cachedBytes(file: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if (existsSync(file)) return new Uint8Array(await readFile(file));
  const bytes = await make();
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.part`;
  await writeFile(partial, bytes);
  await rename(partial, file);
  return bytes;
}
