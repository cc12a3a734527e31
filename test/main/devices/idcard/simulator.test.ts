import { afterEach, describe, expect, it } from 'vitest';
import { parseReadBaseFrame } from '../../../../main/devices/idcard/card-parser';
import { Command, Sw3 } from '../../../../main/devices/idcard/commands';
import { DEMO_CARD_IDS, demoCardSpec } from '../../../../main/devices/idcard/demo-cards';
import { buildResponse } from '../../../../main/devices/idcard/frame';
import { SamClient } from '../../../../main/devices/idcard/sam-client';
import { formatSamId } from '../../../../main/devices/idcard/sam-id';
import { encodeChipPhoto, SimulatedPhotoDecoder } from '../../../../main/devices/idcard/sim-photo';
import { SimulatedReader } from '../../../../main/devices/idcard/simulator';
import type { HexinError } from '../../../../common/errors';

const clients: SamClient[] = [];
function connect(sim: SimulatedReader): SamClient {
  const c = new SamClient(sim.connect(), { gapMs: 0 });
  clients.push(c);
  return c;
}
afterEach(async () => {
  for (const c of clients.splice(0)) await c.transport.close();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (e) {
    return (e as HexinError).code;
  }
}

describe('simulated chip photo', () => {
  it('frames the face like an ID photo: the face box crop differs from the guessed crop, both fit 1024 bytes', async () => {
    const spec = demoCardSpec('resident-adult');
    const framed = await encodeChipPhoto(spec.photoPath!, spec.photoFace);
    const guessed = await encodeChipPhoto(spec.photoPath!);
    const decoder = new SimulatedPhotoDecoder();
    const a = await decoder.decode(framed);
    const b = await decoder.decode(guessed);
    expect([a.width, a.height, b.width, b.height]).toEqual([102, 126, 102, 126]);
    let diff = 0;
    for (let i = 0; i < a.data.length; i++) diff += Math.abs(a.data[i]! - b.data[i]!);
    expect(diff / a.data.length).toBeGreaterThan(10);
    // A face box reaching past the photo's edge is filled with white, not an error.
    const edge = await decoder.decode(
      await encodeChipPhoto(spec.photoPath!, { x1: -50, y1: -50, x2: 100, y2: 100 }),
    );
    expect(Array.from(edge.data.subarray(0, 3))).toEqual([255, 255, 255].map((v) => expect.closeTo(v, -1.5)));
  });
});

describe('SimulatedReader answers real frames', () => {
  it('answers every kiosk command with the spec status codes', async () => {
    const sim = new SimulatedReader({ latencyMs: 0 });
    const c = connect(sim);
    expect((await c.exchange(Command.resetSam, 500)).sw3).toBe(Sw3.OK);
    expect((await c.exchange(Command.samStatus, 500)).sw3).toBe(Sw3.OK);
    expect((await c.exchange(Command.setMaxRfBytes, 500, new Uint8Array([0x50]))).sw3).toBe(Sw3.OK);
    const id = await c.exchange(Command.readSamId, 500);
    expect(formatSamId(id.data)).toBe('05.01-20231123-0000000001-0000012345');
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.NO_CARD);
    expect((await c.exchange(Command.selectCard, 500)).sw3).toBe(Sw3.SELECT_FAILED);
    expect((await c.exchange(Command.readBase, 500)).sw3).toBe(Sw3.READ_FAILED);
    expect((await c.exchange({ cmd: 0x99, para: 0x01, name: 'bogus' }, 500)).sw3).toBe(Sw3.COMMAND_ERROR);

    await sim.insertCard(demoCardSpec('resident-adult'));
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.FIND_OK);
    expect((await c.exchange(Command.selectCard, 500)).sw3).toBe(Sw3.OK);
    const read = await c.exchange(Command.readBase, 500);
    expect(read.data.length).toBe(1284);
    const fp = await c.exchange(Command.readBaseWithFingerprint, 500);
    expect(fp.data.length).toBe(6 + 256 + 1024);
    expect((await c.exchange(Command.readAppendedAddress, 500)).sw3).toBe(Sw3.NO_CONTENT);
  });

  it('formats SAM IDs and rejects short ones', () => {
    const data = new Uint8Array(16);
    data[0] = 7;
    data[2] = 12;
    new DataView(data.buffer).setUint32(4, 4294967295, true);
    expect(formatSamId(data)).toBe('07.12-4294967295-0000000000-0000000000');
    expect(() => formatSamId(new Uint8Array(15))).toThrow(/16 expected/);
  });

  it('answers a corrupted request with 10 (host checksum error)', async () => {
    const sim = new SimulatedReader({ latencyMs: 0 });
    const t = sim.connect();
    const chunks: Uint8Array[] = [];
    t.onData((c) => chunks.push(c));
    await t.write(new Uint8Array([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x21]));
    await new Promise((r) => setTimeout(r, 20));
    expect(Array.from(chunks[0]!.subarray(0, 11))).toEqual(Array.from(buildResponse(Sw3.HOST_CHECKSUM)));
    await t.close();
  });

  it('every demo card round-trips through the simulator, the parser and the photo decoder', async () => {
    const sim = new SimulatedReader({ latencyMs: 0 });
    const c = connect(sim);
    const decoder = new SimulatedPhotoDecoder();
    for (const id of DEMO_CARD_IDS) {
      const spec = demoCardSpec(id);
      await sim.insertCard(spec);
      const r = await c.exchange(Command.readBase, 1000);
      const card = parseReadBaseFrame(buildResponse(r.sw3, r.data));
      expect(card.type).toBe(spec.type);
      expect(card.idNumber).toBe(spec.idNumber);
      expect(card.idNumberValid).toBe(true);
      expect(card.warnings).toEqual([]);
      expect(card.photoBytes).toBe(1024);
      const photo = await decoder.decode(card.photo);
      expect([photo.width, photo.height, photo.channels]).toEqual([102, 126, 3]);
    }
  });

  it('injects each fault once', async () => {
    const sim = new SimulatedReader({ latencyMs: 0 });
    await sim.insertCard(demoCardSpec('resident-adult-2'));
    const c = connect(sim);
    sim.injectFault('no-card');
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.NO_CARD);
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.FIND_OK);
    sim.injectFault('select-fail');
    expect((await c.exchange(Command.selectCard, 500)).sw3).toBe(Sw3.SELECT_FAILED);
    sim.injectFault('read-fail');
    expect((await c.exchange(Command.readBase, 500)).sw3).toBe(Sw3.READ_FAILED);
    sim.injectFault('sam-fault');
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.COMMUNICATION_FAULT);
    sim.injectFault('garbage');
    expect((await c.exchange(Command.readBase, 500)).sw3).toBe(Sw3.OK);
    sim.injectFault('timeout');
    expect(await codeOf(c.exchange(Command.findCard, 100))).toBe('READER_TIMEOUT');
    sim.injectFault('bad-checksum');
    expect(await codeOf(c.exchange(Command.findCard, 100))).toBe('READER_TIMEOUT');
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.FIND_OK);
    sim.injectFault('unplug-mid-frame');
    expect(await codeOf(c.exchange(Command.readBase, 500))).toBe('READER_DISCONNECTED');
    expect(sim.isPlugged).toBe(false);
    expect(() => sim.connect()).toThrow(/unplugged/);
    sim.plug();
    const c2 = connect(sim);
    expect((await c2.exchange(Command.findCard, 500)).sw3).toBe(Sw3.FIND_OK);
    expect(() => sim.injectFault('meteor' as never)).toThrow(/unknown/);
  });

  it('a SAM that halts after a read stops finding the card until it is removed', async () => {
    const sim = new SimulatedReader({ latencyMs: 0, haltAfterRead: true });
    await sim.insertCard(demoCardSpec('resident-16'));
    const c = connect(sim);
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.FIND_OK);
    expect((await c.exchange(Command.readBase, 500)).sw3).toBe(Sw3.OK);
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.NO_CARD);
    expect((await c.exchange(Command.readBase, 500)).sw3).toBe(Sw3.OK);
    sim.removeCard();
    await sim.insertCard(demoCardSpec('resident-16'));
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.FIND_OK);
    // A card put down in place of a halted one (a swap) is a card the SAM has not halted: it is found at once.
    expect((await c.exchange(Command.readBase, 500)).sw3).toBe(Sw3.OK);
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.NO_CARD);
    await sim.insertCard(demoCardSpec('resident-adult'));
    expect((await c.exchange(Command.findCard, 500)).sw3).toBe(Sw3.FIND_OK);
  });

  it('rejects card specs and photo paths it cannot use', async () => {
    const sim = new SimulatedReader();
    expect(await codeOf(sim.insertCard({ type: 'resident' }))).toBe('CARD_SPEC_INVALID');
    expect(
      await codeOf(sim.insertCard({ ...demoCardSpec('resident-adult'), photoPath: '/nonexistent.jpg' })),
    ).toBe('PHOTO_FILE_UNREADABLE');
    expect(() => demoCardSpec('nobody')).toThrow(/unknown demo card/);
    expect(
      await codeOf(
        sim.insertCard({ ...demoCardSpec('resident-adult'), photoFace: { x1: 5, y1: 5, x2: 5, y2: 9 } }),
      ),
    ).toBe('CARD_SPEC_INVALID');
  });
});
