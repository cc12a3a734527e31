// Key providers (0600 file, sealed file) and what is derived from the master key.
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deriveKeys,
  FileKeyProvider,
  SealedFileKeyProvider,
  subjectHash,
  type KeySealer,
} from '../../../main/records/keys';

const tmp = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'hexin-keys-'));

describe('FileKeyProvider', () => {
  it('creates a 32-byte 0600 key once and returns the same key afterwards', async () => {
    const file = path.join(await tmp(), 'sub', 'records.key');
    const a = await new FileKeyProvider(file).loadOrCreateKey();
    expect(a.length).toBe(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await new FileKeyProvider(file).loadOrCreateKey()).toEqual(a);
  });

  it('refuses a key file others can read, or of the wrong size', async () => {
    const file = path.join(await tmp(), 'records.key');
    await new FileKeyProvider(file).loadOrCreateKey();
    await chmod(file, 0o644);
    await expect(new FileKeyProvider(file).loadOrCreateKey()).rejects.toMatchObject({
      code: 'RECORDS_KEY_UNAVAILABLE',
    });
    await writeFile(file, 'short', { mode: 0o600 });
    await chmod(file, 0o600);
    await expect(new FileKeyProvider(file).loadOrCreateKey()).rejects.toMatchObject({
      code: 'RECORDS_KEY_UNAVAILABLE',
    });
  });
});

describe('SealedFileKeyProvider', () => {
  it('stores only the sealed form and unseals it', async () => {
    const file = path.join(await tmp(), 'records.sealed');
    const mask = 0x5a;
    const sealer: KeySealer = {
      seal: (b) => Buffer.from(b.map((x) => x ^ mask)),
      unseal: (b) => Buffer.from(b.map((x) => x ^ mask)),
    };
    const key = await new SealedFileKeyProvider(file, sealer).loadOrCreateKey();
    expect(await readFile(file)).not.toEqual(key);
    expect(await new SealedFileKeyProvider(file, sealer).loadOrCreateKey()).toEqual(key);
    const broken: KeySealer = {
      seal: sealer.seal,
      unseal: () => {
        throw new Error('keychain locked');
      },
    };
    await expect(new SealedFileKeyProvider(file, broken).loadOrCreateKey()).rejects.toMatchObject({
      code: 'RECORDS_KEY_UNAVAILABLE',
    });
  });
});

describe('SealedFileKeyProvider adopting a plain key file', () => {
  const mask = 0x33;
  const sealer: KeySealer = {
    seal: (b) => Buffer.from(b.map((x) => x ^ mask)),
    unseal: (b) => Buffer.from(b.map((x) => x ^ mask)),
  };

  it('seals the key an earlier run kept in plain and removes the plain file', async () => {
    const dir = await tmp();
    const plainFile = path.join(dir, 'records.key');
    const sealedFile = path.join(dir, 'records.key.sealed');
    const key = await new FileKeyProvider(plainFile).loadOrCreateKey();
    expect(await new SealedFileKeyProvider(sealedFile, sealer, plainFile).loadOrCreateKey()).toEqual(key);
    await expect(stat(plainFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(sealedFile)).not.toEqual(key);
    expect(await new SealedFileKeyProvider(sealedFile, sealer, plainFile).loadOrCreateKey()).toEqual(key);
  });

  it('refuses to adopt a plain key file others could read, and writes no sealed key then', async () => {
    const dir = await tmp();
    const plainFile = path.join(dir, 'records.key');
    const sealedFile = path.join(dir, 'records.key.sealed');
    await new FileKeyProvider(plainFile).loadOrCreateKey();
    await chmod(plainFile, 0o644);
    await expect(
      new SealedFileKeyProvider(sealedFile, sealer, plainFile).loadOrCreateKey(),
    ).rejects.toMatchObject({ code: 'RECORDS_KEY_UNAVAILABLE' });
    await expect(stat(sealedFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('key providers started at the same time (the app and a staff CLI)', () => {
  it('hand every caller the one key that was stored, plain or sealed', async () => {
    const dir = await tmp();
    const plainFile = path.join(dir, 'records.key');
    const plainKeys = await Promise.all(
      Array.from({ length: 4 }, () => new FileKeyProvider(plainFile).loadOrCreateKey()),
    );
    for (const k of plainKeys) expect(k).toEqual(await readFile(plainFile));

    const mask = 0x21;
    const sealer: KeySealer = {
      seal: (b) => Buffer.from(b.map((x) => x ^ mask)),
      unseal: (b) => Buffer.from(b.map((x) => x ^ mask)),
    };
    const sealedFile = path.join(dir, 'other.sealed');
    const sealedKeys = await Promise.all(
      Array.from({ length: 4 }, () => new SealedFileKeyProvider(sealedFile, sealer).loadOrCreateKey()),
    );
    for (const k of sealedKeys) expect(k).toEqual(sealer.unseal(await readFile(sealedFile)));
  });
});

describe('deriveKeys and subjectHash', () => {
  it('derives distinct sub-keys deterministically and hashes ID numbers with them', () => {
    const master = Buffer.alloc(32, 7);
    const k1 = deriveKeys(master);
    const k2 = deriveKeys(master);
    expect(k1.recordKey).toEqual(k2.recordKey);
    expect(k1.recordKey).not.toEqual(k1.subjectKey);
    const h = subjectHash(k1.subjectKey, '11010119900307451x');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(subjectHash(k1.subjectKey, ' 110101199003074 51X')).toBe(h);
    expect(subjectHash(deriveKeys(Buffer.alloc(32, 8)).subjectKey, '11010119900307451X')).not.toBe(h);
    expect(() => subjectHash(k1.subjectKey, '12345')).toThrow(/ID number/);
  });
});
