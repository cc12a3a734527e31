// The card source on the real reader driver and the simulated reader: a session that asks for the card gets the
// card on the reader as read now, never the driver's copy of a card that has just been taken away.
import { afterEach, describe, expect, it } from 'vitest';
import { demoCardSpec } from '../../../../main/devices/idcard/demo-cards';
import { createReaderDriver, type ReaderService } from '../../../../main/devices/idcard/index';
import { ReaderCardSource } from '../../../../main/session/adapters/reader-card-source';
import type { CardSourceEvent } from '../../../../main/session/ports';
import { FAST, nextEvent } from '../../devices/idcard/helpers';

const noHardware = {
  hid: { devices: async () => [], open: async () => Promise.reject(new Error('no device')) },
  serial: { list: async () => [], factory: () => Promise.reject(new Error('no port')) as never },
};

const running: Array<{ reader: ReaderService; cards: ReaderCardSource }> = [];
afterEach(async () => {
  for (const { reader, cards } of running.splice(0)) {
    cards.close();
    await reader.driver.stop();
  }
});

/** A driver polling the simulated reader every `pollIntervalMs`, and the session's card source on it. */
async function rig(pollIntervalMs: number) {
  const reader = await createReaderDriver({ ...FAST, pollIntervalMs }, noHardware);
  const cards = new ReaderCardSource(reader.driver);
  running.push({ reader, cards });
  const events: CardSourceEvent[] = [];
  cards.subscribe((e) => void events.push(e));
  reader.driver.start();
  return { reader, cards, events, simulator: reader.simulator! };
}

const until = async (what: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ReaderCardSource on the simulated reader', () => {
  it('reads a card already lying on the reader when the session asks for it', async () => {
    const { reader, cards, events, simulator } = await rig(50);
    const read = nextEvent(reader.driver, 'card');
    await simulator.insertCard(demoCardSpec('resident-adult'));
    await read;
    cards.requestCard();
    await until(() => events.some((e) => e.type === 'card'));
    const card = events.find((e) => e.type === 'card');
    expect(card).toMatchObject({ card: { idNumber: '110101198008120036', photo: { width: 102 } } });
  });

  it('asks the reader again, rather than hand over the copy of a card taken away within one poll', async () => {
    // A long poll: the card is lifted and the next session asks for a card before the driver has looked again.
    const { reader, cards, events, simulator } = await rig(3_000);
    const read = nextEvent(reader.driver, 'card');
    await simulator.insertCard(demoCardSpec('resident-adult'));
    await read;
    simulator.removeCard();
    expect(reader.driver.getCard()).not.toBeNull(); // the driver has not polled since
    cards.requestCard();
    await until(() => events.some((e) => e.type === 'card' || e.type === 'card-removed'));
    await new Promise((r) => setTimeout(r, 200)); // a copy decoded from the driver would arrive by now
    expect(events.filter((e) => e.type === 'card')).toEqual([]);
    expect(events.some((e) => e.type === 'card-removed')).toBe(true);
    // The next card placed is the one handed over.
    await simulator.insertCard(demoCardSpec('resident-72'));
    await until(() => events.some((e) => e.type === 'card'), 8_000);
    const card = events.find((e) => e.type === 'card');
    expect(card).toMatchObject({ card: { birthDate: expect.stringMatching(/^195/) } });
  });
});
