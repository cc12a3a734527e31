// "No raw biometrics on disk": 200 simulated sessions drive the records and consent services the way a session
// does, with real face photos, embeddings, audio and ID numbers in memory, then the whole data directory is
// scanned for image/audio signatures, embedding-like float runs and ID numbers. The scanner is first shown to
// find each of those when they are planted, so an empty result means something.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { recordsCommand } from '../../../main/cli/commands/records';
import { encodeChipPhoto } from '../../../main/devices/idcard/sim-photo';
import { scanBuffer, scanDirectory } from '../../../main/records/biometric-scan';
import { checkEnvironment, collectDeviceEnvironment } from '../../../main/records/device-environment';
import { DeviceProfileSchema } from '../../../main/records/config';
import { RetentionSweeper } from '../../../main/records/retention';
import { DsrService } from '../../../main/records/dsr';
import { idNumberFrom, openTestKiosk } from './helpers';

const FACES = [
  'barack_obama/1.jpg',
  'barack_obama/2.jpg',
  'joe_biden/1.jpg',
  'paul_rudd/1.jpg',
  'compreface_person_a/1.jpg',
].map((f) => path.resolve('../shared/faces', f));

function fakeEmbedding(seed: number): Float32Array {
  const v = new Float32Array(512);
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.sin(seed * 31 + i * 0.7);
    norm += v[i]! * v[i]!;
  }
  for (let i = 0; i < v.length; i++) v[i]! /= Math.sqrt(norm);
  return v;
}

function wav(samples: number): Buffer {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin(i / 8) * 8000), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16000, 24);
  h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

describe('biometric scanner', () => {
  it('finds each kind of forbidden bytes when planted, and nothing in random bytes', async () => {
    const face = await readFile(FACES[0]!);
    const id = idNumberFrom('11010119900307451');
    const emb = Buffer.from(fakeEmbedding(1).buffer);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const planted = Buffer.concat([
      randomBytes(100),
      face.subarray(0, 64),
      randomBytes(7),
      emb,
      png,
      wav(100),
      Buffer.from(`{"photo":"${face.subarray(0, 30).toString('base64')}","n":"${id}"}`),
      Buffer.from(`[${[...fakeEmbedding(2)].join(',')}]`),
    ]);
    const kinds = new Set(scanBuffer(planted, 'x', [id]).map((f) => f.kind));
    expect([...kinds].sort()).toEqual([
      'base64-image',
      'float32-run',
      'id-number',
      'jpeg',
      'json-float-run',
      'png',
      'wav',
    ]);
    expect(scanBuffer(Buffer.from(id, 'utf16le'), 'x', [id]).map((f) => f.kind)).toEqual(['id-number']);
    // Ciphertext-like bytes do not trip it (a false positive here would make the main test flaky).
    expect(
      scanBuffer(randomBytes(1 << 20), 'x').filter((f) => f.kind !== 'jpeg' && f.kind !== 'base64-image'),
    ).toEqual([]);
  });
});

/** `bytes` between two runs of random bytes, as a leak would sit inside some other file. */
const hidden = (bytes: Uint8Array): Buffer => Buffer.concat([randomBytes(333), bytes, randomBytes(71)]);
const webpOffsets = (buf: Buffer): number[] =>
  scanBuffer(buf, 'x')
    .filter((f) => f.kind === 'webp')
    .map((f) => f.offset);

describe('biometric scanner and WebP, the chip-photo format', () => {
  it('finds a real chip photo hidden in a file: whole, without its RIFF header, or as the bare VP8 frame', async () => {
    const slot = await encodeChipPhoto(FACES[1]!); // what the simulator puts on the chip: WebP, zero-padded
    const webp = Buffer.from(slot.subarray(0, Buffer.from(slot).readUInt32LE(4) + 8)); // the RIFF size says where it ends
    expect(webp.subarray(8, 16).toString('latin1')).toBe('WEBPVP8 ');
    expect(webpOffsets(hidden(webp))).toEqual([333]);
    expect(webpOffsets(hidden(slot))).toEqual([333]);
    expect(webpOffsets(hidden(webp.subarray(12)))).toEqual([333]); // 'VP8 ' chunk, RIFF header cut off
    expect(webpOffsets(hidden(webp.subarray(20)))).toEqual([333]); // the VP8 key frame alone
    // Base64 (a data URL in a JSON file) is found as before.
    const asText = Buffer.from(`{"photo":"data:image/webp;base64,${webp.toString('base64')}"}`);
    expect(scanBuffer(asText, 'x').map((f) => f.kind)).toContain('base64-image');
  });

  it('finds lossless (VP8L) and extended (VP8X) WebP too', async () => {
    const face = await sharp(FACES[2]!).resize(102, 126).toBuffer();
    const lossless = await sharp(face).webp({ lossless: true }).toBuffer();
    const withAlpha = await sharp(face).ensureAlpha(0.5).webp({ quality: 40 }).toBuffer();
    expect(lossless.subarray(12, 16).toString('latin1')).toBe('VP8L');
    expect(withAlpha.subarray(12, 16).toString('latin1')).toBe('VP8X');
    for (const webp of [lossless, withAlpha]) {
      expect(webpOffsets(hidden(webp))).toEqual([333]);
      expect(webpOffsets(hidden(webp.subarray(12)))).toEqual([333]);
    }
  });

  it('random bytes are not taken for WebP', () => {
    expect(webpOffsets(randomBytes(8 << 20))).toEqual([]);
  });

  it('hexin records scan reports a WebP hidden in a file and exits 1', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hexin-webp-scan-'));
    try {
      await writeFile(path.join(dir, 'clean.bin'), randomBytes(4096));
      let out = '';
      const io = { stdout: (t: string) => void (out += t), stderr: () => undefined };
      expect(await recordsCommand.run(['scan', dir], io)).toBe(0);
      await writeFile(path.join(dir, 'cache.bin'), hidden(await encodeChipPhoto(FACES[0]!)));
      out = '';
      expect(await recordsCommand.run(['scan', dir], io)).toBe(1);
      expect(out).toContain('webp in cache.bin at 333');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('no raw biometrics on disk', () => {
  it('200 simulated sessions leave no images, audio, embeddings or ID numbers in the data directory', async () => {
    const k = await openTestKiosk({ auditBatchSize: 16 });
    const faces = await Promise.all(FACES.map((f) => readFile(f)));
    const shown = await k.consent.current('zh-CN');
    const profile = DeviceProfileSchema.parse({ registeredDeviceIds: ['K-001'] });
    const env = await collectDeviceEnvironment({
      deviceId: 'K-001',
      softwareVersion: '0.1.0',
      probeNetwork: async () => true,
    });
    const ids: string[] = [];
    const decisions = ['pass', 'fail'] as const;
    for (let i = 0; i < 200; i++) {
      const sessionId = `sess-${i}`;
      const id = idNumberFrom(`110101199003${String(100000 + i).slice(1)}`);
      ids.push(id);
      // What the session holds in memory: the card photo, frames, embeddings, maybe audio. None of it is passed
      // to the records services except through the fields they accept.
      const cardPhoto = faces[i % faces.length]!;
      const probe = fakeEmbedding(i);
      const audio = i % 10 === 0 ? wav(1600) : undefined;
      const score = Math.round(probe.reduce((s, x, j) => s + x * fakeEmbedding(i + 1)[j]!, 0) * 1000) / 1000;
      expect(cardPhoto.length + (audio?.length ?? 0)).toBeGreaterThan(0);

      await k.records.append({
        type: 'session.started',
        sessionId,
        kioskId: 'K-001',
        atMs: k.clock.t,
        data: { purpose: 'account-opening', language: 'zh-CN' },
      });
      const refuse = i % 25 === 7;
      await k.consent.record({
        sessionId,
        agreementId: shown.id,
        version: shown.version,
        language: 'zh-CN',
        sha256: shown.sha256,
        decision: refuse ? 'refuse' : 'agree',
        confirmations: refuse ? [] : ['sensitive-personal-information', 'result-to-third-party'],
        guardian: i % 17 === 0,
      });
      if (refuse) {
        await k.records.append({ type: 'session.ended', sessionId, data: { outcome: 'refused' } });
        continue;
      }
      const subject = await k.records.linkSubject(sessionId, id);
      await k.records.append({
        type: 'card.read',
        sessionId,
        data: {
          cardType: 'resident',
          photoSha256Prefix: createHash('sha256').update(cardPhoto).digest('hex').slice(0, 8),
        },
      });
      if (i % 3 === 0)
        await k.records.append({ type: 'liveness.failed', sessionId, data: { reason: 'BLINK_TIMEOUT' } });
      await k.records.append({ type: 'liveness.passed', sessionId, data: {} });
      await k.records.recordEnvironment(
        sessionId,
        env,
        checkEnvironment(env, profile, { authorityRequired: false }),
      );
      const decision = decisions[i % 2]!;
      await k.records.saveResult(
        {
          sessionId,
          decision,
          score,
          threshold: 0.4,
          attempts: 1 + (i % 3),
          modelVersions: { detector: 'scrfd-500m', embedder: 'mbf' },
          livenessChallenges: ['blink', 'turn-left'],
        },
        subject,
      );
      await k.records.append({ type: 'match.decided', sessionId, data: { decision, score, threshold: 0.4 } });
      await k.records.saveSession(sessionId, { outcome: decision, steps: 6 });
      await k.records.append({ type: 'session.ended', sessionId, data: { outcome: decision } });
      k.clock.t += 60_000;
    }
    // The things a careless caller might try are refused at the door, not written.
    await expect(
      k.records.append({ type: 'card.read', sessionId: 'x', data: { idNumber: ids[0]! } }),
    ).rejects.toThrow();
    // Data-subject work and retention also write to the directory.
    const dsr = new DsrService(k.records, k.consent);
    const req = await dsr.create({ kind: 'withdraw', idNumber: ids[1]!, channel: 'counter' });
    await dsr.withdraw(req.requestId, ids[1]!);
    await new RetentionSweeper(k.records).sweep();
    await k.records.close();

    const scan = await scanDirectory(k.root, ids);
    expect(scan.files).toBeGreaterThan(3);
    expect(scan.bytes).toBeGreaterThan(100_000);
    expect(scan.findings).toEqual([]);
    // And the records are there: every session's result is readable with the key.
    const { records } = await k.records.store.readAll();
    expect(records.filter((r) => r.type === 'result').length).toBe(191);
  });
});
