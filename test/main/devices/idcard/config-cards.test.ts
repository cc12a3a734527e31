// A demo's own cards (reader.simulator.cards): a test or a deployment's demo gives a card whose chip photo comes
// from a file it names (the read-aloud e2e: a frame of the talking speaker's clip). Validated like every card spec,
// the photo path absolute, the ids apart from the built-in ones, and only on the simulated reader: a kiosk in
// hardware mode refuses the config.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../main/config/load';
import { createReaderDriver, readerConfigSchema, type ReaderService } from '../../../../main/devices/idcard';
import type { CardSpecInput } from '../../../../main/devices/idcard/card-spec';
import { DEFAULT_FACES_DIR } from '../../../../main/devices/idcard/demo-cards';
import { FAST, nextEvent } from './helpers';

const CARD = {
  type: 'resident',
  name: '测试者',
  genderCode: '1',
  birthDate: '1990-05-24',
  idNumber: '110101199005240037',
  validFrom: '2020-01-01',
  validUntil: '2040-01-01',
  photoPath: path.join(DEFAULT_FACES_DIR, 'joe_biden/1.jpg'),
  photoFace: { x1: 165, y1: 51, x2: 525, y2: 411 },
} satisfies CardSpecInput & { photoPath: string };

const issueOf = (config: unknown): string => {
  const r = readerConfigSchema.safeParse(config);
  return r.success ? 'accepted' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
};

describe('reader.simulator.cards', () => {
  it('are accepted on the simulated reader, and may be the card inserted at start', () => {
    const config = { mode: 'simulator', simulator: { cards: { 'talking-speaker': CARD } } };
    expect(issueOf(config)).toBe('accepted');
    expect(issueOf({ ...config, simulator: { ...config.simulator, initialCard: 'talking-speaker' } })).toBe(
      'accepted',
    );
  });

  it('are refused on a hardware kiosk, through the app config too', () => {
    expect(issueOf({ mode: 'hardware', simulator: { cards: { 'talking-speaker': CARD } } })).toMatch(
      /simulator\.cards: demo cards are for the simulated reader only/,
    );
    expect(() => parseConfig({ reader: { simulator: { cards: { 'talking-speaker': CARD } } } })).toThrow(
      /simulated reader only/,
    );
  });

  it('refuse a relative photo path, a built-in id, a bad id, a bad card, an unknown key and an unknown initial card', () => {
    const sim = (simulator: Record<string, unknown>) => ({ mode: 'simulator', simulator });
    expect(issueOf(sim({ cards: { x: { ...CARD, photoPath: 'faces/a.jpg' } } }))).toMatch(
      /photoPath: an absolute path/,
    );
    expect(issueOf(sim({ cards: { 'resident-adult': CARD } }))).toMatch(/built-in demo card/);
    expect(issueOf(sim({ cards: { 'Talking Speaker': CARD } }))).toMatch(/lower-case letters/);
    expect(issueOf(sim({ cards: { x: { ...CARD, birthDate: '1990-02-30' } } }))).toMatch(
      /birthDate: not a real date/,
    );
    expect(issueOf(sim({ cards: { x: { ...CARD, photoFace: { x1: 5, y1: 5, x2: 5, y2: 9 } } } }))).toMatch(
      /face box/,
    );
    expect(issueOf(sim({ cards: { x: { ...CARD, photo: 'a.jpg' } } }))).toMatch(/cards\.x: Unrecognized key/);
    expect(issueOf(sim({ initialCard: 'nobody', cards: { x: CARD } }))).toMatch(
      /simulator\.initialCard: not a built-in demo card nor one of simulator\.cards/,
    );
  });
});

describe('inserting a config card on the simulated reader', () => {
  const services: ReaderService[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.driver.stop();
  });
  const noHardware = {
    hid: { devices: async () => [], open: async () => Promise.reject(new Error('no device')) },
    serial: { list: async () => [], factory: () => Promise.reject(new Error('no port')) as never },
  };

  it('reads the card with the chip photo made from its file; the controls list it beside the built-in cards', async () => {
    const s = await createReaderDriver(
      {
        ...FAST,
        simulator: {
          ...FAST.simulator,
          cards: { 'talking-speaker': CARD, 'no-photo-file': { ...CARD, photoPath: '/nonexistent/a.jpg' } },
        },
      },
      noHardware,
    );
    services.push(s);
    expect(s.demoCards).toContain('resident-adult');
    expect(s.demoCards.slice(-2)).toEqual(['talking-speaker', 'no-photo-file']);
    s.driver.start();
    const card = nextEvent(s.driver, 'card');
    await s.controlSimulator({ action: 'insert', card: 'talking-speaker' });
    const [event] = await card;
    expect(event.card).toMatchObject({ type: 'resident', name: '测试者', idNumber: '110101199005240037' });
    expect(event.photo).toMatchObject({ width: 102, height: 126, channels: 3 });

    await expect(s.controlSimulator({ action: 'insert', card: 'no-photo-file' })).rejects.toMatchObject({
      code: 'PHOTO_FILE_UNREADABLE',
    });
    await expect(s.controlSimulator({ action: 'insert', card: 'nobody' })).rejects.toThrow(
      /one of .*resident-adult.*talking-speaker/,
    );
  });

  it('is not offered without a simulated reader', async () => {
    const s = await createReaderDriver(
      { ...FAST, mode: 'hardware', simulator: { ...FAST.simulator } },
      noHardware,
    );
    services.push(s);
    expect(s.demoCards).toEqual([]);
    await expect(s.controlSimulator({ action: 'insert', card: 'resident-adult' })).rejects.toMatchObject({
      code: 'SIMULATOR_UNAVAILABLE',
    });
  });
});
