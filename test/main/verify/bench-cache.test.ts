// The match benchmark's embedding cache (main/verify/bench): a cached embedding is found again by the same photo,
// models, codec and variant, and never when any of them changed — a new model, encoder setting, variant option or
// reference-path version is a new cache file.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheKey, EmbeddingCache } from '../../../main/verify/bench/embed-cache';
import { specOf, variantCache } from '../../../main/verify/bench/embed';
import { CacheFiles, codecSpec, modelsSpec } from '../../../main/verify/bench/variants';
import { REFERENCE_PATH_VERSION } from '../../../main/vision/reference';

const dir = mkdtempSync(path.join(tmpdir(), 'hexin-bench-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const encoders = { openjpeg: '2.5.0', webp: '1.6.0', vips: '8.18.7' };

describe('match benchmark cache keys', () => {
  it('the key is the spec’s, whatever order its fields were written in', () => {
    expect(cacheKey({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(cacheKey({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(cacheKey({ a: 1 })).not.toBe(cacheKey({ a: 2 }));
    expect(cacheKey({ a: [1, 2] })).not.toBe(cacheKey({ a: [2, 1] }));
  });

  it('changing a model, the codec, its encoder or a variant option gives another file', async () => {
    const models = await modelsSpec();
    expect(Object.keys(models).sort()).toEqual(['detect', 'embed', 'landmarks']);
    const files = new CacheFiles(models, encoders);
    const chip = files.file('chip-jpeg2000', specOf('chip-jpeg2000'));
    expect(chip).toMatch(/^chip-jpeg2000-[0-9a-f]{12}$/);
    expect(files.file('chip-jpeg2000', specOf('chip-jpeg2000'))).toBe(chip); // stable

    const embedder = models.embed as { sha256: string };
    const otherEmbedder = new CacheFiles(
      { ...models, embed: { ...embedder, sha256: '0'.repeat(64) } },
      encoders,
    );
    expect(otherEmbedder.file('chip-jpeg2000', specOf('chip-jpeg2000'))).not.toBe(chip);
    expect(otherEmbedder.file('probe', specOf('probe'))).not.toBe(files.file('probe', specOf('probe')));

    const otherEncoder = new CacheFiles(models, { ...encoders, openjpeg: '2.5.3' });
    expect(otherEncoder.file('chip-jpeg2000', specOf('chip-jpeg2000'))).not.toBe(chip);
    // …which a WebP chip does not depend on.
    expect(otherEncoder.file('chip-webp', specOf('chip-webp'))).toBe(
      files.file('chip-webp', specOf('chip-webp')),
    );

    const asWebp = files.file('chip-jpeg2000', { kind: 'reference', codec: 'webp', options: {} });
    expect(asWebp).not.toBe(chip);
    const upsampled = files.file('chip-jpeg2000', {
      kind: 'reference',
      codec: 'jpeg2000',
      options: { upsampleBelow: 140 },
    });
    expect(upsampled).not.toBe(chip);
    const noFlip = files.file('chip-jpeg2000', {
      kind: 'reference',
      codec: 'jpeg2000',
      options: { flip: false },
    });
    expect(noFlip).not.toBe(chip);
    expect(files.file('probe', specOf('probe'))).not.toBe(files.file('probe', specOf('probe-flip')));

    expect(codecSpec('jpeg2000', encoders)).not.toEqual(codecSpec('webp', encoders));
    expect(files.photos('jpeg2000')).not.toBe(files.photos('webp'));
    expect(otherEncoder.photos('jpeg2000')).not.toBe(files.photos('jpeg2000'));
    // Encoded photos are framed from the detector's landmarks, not from the embedder's output.
    expect(otherEmbedder.photos('jpeg2000')).toBe(files.photos('jpeg2000'));
    expect(REFERENCE_PATH_VERSION).toBeGreaterThanOrEqual(1);
  });

  it('an embedding cached under one key is read back by a new process, and not under another key', async () => {
    const files = new CacheFiles(await modelsSpec(), encoders);
    const a = variantCache(dir, files, 'chip-webp');
    const e = new Float32Array([0.25, -0.5, 0.125, 1]);
    let calls = 0;
    await a.compute('p/1.jpg', async () => (calls++, e));
    await a.compute('p/2.jpg', async () => {
      throw Object.assign(new Error('no face'), { code: 'FACE_NOT_FOUND' });
    });
    await a.compute('p/1.jpg', async () => (calls++, e));
    expect(calls).toBe(1);

    const again = variantCache(dir, files, 'chip-webp');
    expect(Array.from(again.get('p/1.jpg')!.embedding!)).toEqual(Array.from(e));
    expect(again.get('p/2.jpg')).toMatchObject({ embedding: null, error: 'FACE_NOT_FOUND' });
    // A shard's file is read by the report too.
    const shard = variantCache(dir, files, 'chip-webp', 's1');
    await shard.compute('p/3.jpg', async () => e);
    expect(variantCache(dir, files, 'chip-webp').size).toBe(3);

    const newEncoder = new CacheFiles(files.models, { ...encoders, webp: '1.7.0' });
    expect(variantCache(dir, newEncoder, 'chip-webp').size).toBe(0);
    expect(variantCache(dir, files, 'chip-jpeg2000').size).toBe(0);
    expect(new EmbeddingCache(dir, 'chip-webp').size).toBe(0); // the old, unkeyed file name
    expect(readdirSync(dir).every((f) => /^chip-webp-[0-9a-f]{12}(\.s1)?\.jsonl$/.test(f))).toBe(true);
  });

  it('a miss is computed again when the fallbacks changed; a found face is not', async () => {
    const cache = variantCache(dir, new CacheFiles(await modelsSpec(), encoders), 'authority');
    const noFace = () => Promise.reject(Object.assign(new Error('no face'), { code: 'FACE_NOT_FOUND' }));
    const e = new Float32Array([1, 0]);
    await cache.compute('found.jpg', async () => e, 1);
    await cache.compute('missed.jpg', noFace, 1);
    let calls = 0;
    const count = async () => (calls++, e);
    await cache.compute('found.jpg', count, 2);
    await cache.compute('missed.jpg', count, 1);
    expect(calls).toBe(0);
    expect(cache.fresh('missed.jpg', 2)).toBeUndefined();
    const found = await cache.compute('missed.jpg', count, 2);
    expect(calls).toBe(1);
    expect(found.embedding).not.toBeNull();
    // …and read back so by the next run.
    const files = new CacheFiles(await modelsSpec(), encoders);
    expect(variantCache(dir, files, 'authority').fresh('missed.jpg', 2)?.embedding).toBeInstanceOf(
      Float32Array,
    );
    // Also when the old miss sits in a shard file, read after the unsharded one.
    const shard = variantCache(dir, files, 'authority', 's0');
    await shard.compute('late.jpg', noFace, 1);
    await variantCache(dir, files, 'authority').compute('late.jpg', count, 2);
    expect(variantCache(dir, files, 'authority').fresh('late.jpg', 2)?.embedding).toBeInstanceOf(
      Float32Array,
    );
  });

  it('a bug in the embedding is thrown, not cached as a photo without a face', async () => {
    const cache = variantCache(dir, new CacheFiles(await modelsSpec(), encoders), 'full');
    await expect(cache.compute('x.jpg', async () => Promise.reject(new TypeError('oops')))).rejects.toThrow(
      'oops',
    );
    expect(cache.get('x.jpg')).toBeUndefined();
  });
});
