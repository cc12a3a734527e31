import { afterEach, describe, expect, it } from 'vitest';
import { demoCardSpec } from '../../../../main/devices/idcard/demo-cards';
import { createReaderDriver, type ReaderService } from '../../../../main/devices/idcard/index';
import type { ReaderStatus } from '../../../../main/devices/idcard/types';
import { FAST, nextEvent } from './helpers';

const noHardware = {
  hid: { devices: async () => [], open: async () => Promise.reject(new Error('no device')) },
  serial: { list: async () => [], factory: () => Promise.reject(new Error('no port')) as never },
};

const services: ReaderService[] = [];
async function service(overrides: Record<string, unknown> = {}): Promise<ReaderService> {
  const s = await createReaderDriver({ ...FAST, ...overrides }, noHardware);
  services.push(s);
  return s;
}
afterEach(async () => {
  for (const s of services.splice(0)) await s.driver.stop();
});

const isState =
  (state: ReaderStatus['state'], code?: string) =>
  (s: ReaderStatus): boolean =>
    s.state === state && (code === undefined || s.error?.code === code);

describe('ReaderDriver with the simulated reader', () => {
  it('reports idle, reads an inserted card with its photo, and notices removal', async () => {
    const { driver, simulator } = await service();
    const idle = nextEvent(driver, 'status', isState('idle'));
    driver.start();
    const [status] = await idle;
    expect(status.reader).toMatchObject({
      transport: 'simulated',
      samId: expect.stringMatching(/^\d{2}\.\d{2}-/),
    });
    expect(JSON.parse(JSON.stringify(status))).toEqual(status);

    const card = nextEvent(driver, 'card');
    await simulator!.insertCard(demoCardSpec('resident-adult'));
    const [event] = await card;
    expect(event.card).toMatchObject({ type: 'resident', name: '王建国', idNumber: '110101198008120036' });
    expect(event.photo).toMatchObject({ width: 102, height: 126, channels: 3 });
    expect(driver.getStatus().state).toBe('card-present');

    const removed = nextEvent(driver, 'card-removed');
    simulator!.removeCard();
    await removed;
    expect(driver.getStatus().state).toBe('idle');
    expect(driver.getCard()).toBeNull();
  });

  it('reads address changes from the chip only when configured, and none on a card without them', async () => {
    const moved = {
      ...demoCardSpec('resident-adult'),
      appendedAddress: ['北京市海淀区中关村大街27号', '上海市浦东新区世纪大道100号'],
    };
    for (const [readAppendedAddress, spec, expected] of [
      [true, moved, moved.appendedAddress],
      [true, demoCardSpec('resident-adult'), undefined],
      [false, moved, undefined],
    ] as const) {
      const { driver, simulator } = await service({ readAppendedAddress });
      const card = nextEvent(driver, 'card');
      driver.start();
      await simulator!.insertCard(spec);
      const [event] = await card;
      expect(event.card.appendedAddress).toEqual(expected);
      expect(event.card.warnings).toEqual([]);
      await driver.stop();
    }
  });

  it('keeps a card present on a SAM that stops finding it after a read, until it is really removed', async () => {
    const { driver, simulator } = await service({
      simulator: { latencyMs: 1, haltAfterRead: true, initialCard: 'resident-16' },
    });
    let removedEarly = false;
    const card = nextEvent(driver, 'card');
    driver.start();
    await card;
    driver.on('card-removed', () => (removedEarly = true));
    // Let the driver poll several times (find answers 80 each time now).
    const log = simulator!.log;
    const start = log.length;
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (log.length - start >= 8) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    expect(removedEarly).toBe(false);
    const removed = nextEvent(driver, 'card-removed');
    simulator!.removeCard();
    await removed;
  });

  // Issue 14 item 8: a card swapped between two polls (the new card is in the field at the next find) used to be
  // taken for the previous holder's card, whichever way the SAM answers `find` after a read.
  for (const haltAfterRead of [false, true]) {
    it(`a card swapped within one poll is a new card (haltAfterRead ${haltAfterRead})`, async () => {
      const { driver, simulator } = await service({
        simulator: { latencyMs: 1, haltAfterRead, initialCard: 'resident-adult' },
      });
      const events: string[] = [];
      driver.on('card', (e) => events.push(`card ${e.card.idNumber}`));
      driver.on('card-removed', () => events.push('removed'));
      const first = nextEvent(driver, 'card');
      driver.start();
      await first;
      const renewed = {
        ...demoCardSpec('resident-adult-2'),
        validFrom: '2024-01-01',
        validUntil: '2044-01-01',
      };
      const swaps = [
        demoCardSpec('resident-adult-2'),
        demoCardSpec('resident-16'),
        demoCardSpec('foreign-2017'),
        demoCardSpec('hk-macau-taiwan'),
        demoCardSpec('resident-adult'),
        demoCardSpec('resident-adult-2'),
        renewed, // the same person's renewed card (same number) is still another card
      ];
      for (const spec of swaps) {
        const next = nextEvent(driver, 'card');
        // insertCard replaces the card in one step: the reader never sees an empty field between the two cards.
        await simulator!.insertCard(spec);
        const [event] = await next;
        expect(event.card.idNumber).toBe(spec.idNumber);
        expect(event.card.validUntil).toBe(spec.validUntil);
        expect(driver.getCard()).toBe(event.card);
      }
      expect(events).toEqual([
        'card 110101198008120036',
        ...swaps.flatMap((spec) => ['removed', `card ${spec.idNumber}`]),
      ]);
    });
  }

  it('a swapped card that only the confirming read sees is announced (a halting SAM will not find it again)', async () => {
    const { driver, simulator } = await service({
      simulator: { latencyMs: 1, haltAfterRead: true, initialCard: 'resident-adult' },
    });
    const first = nextEvent(driver, 'card');
    driver.start();
    await first;
    // The held card is halted, so the fault waits for the new card's first find: it answers 80, and the driver's
    // direct read (which halts the new card too) is the only read of it there will be.
    simulator!.injectFault('no-card');
    const removed = nextEvent(driver, 'card-removed');
    const next = nextEvent(driver, 'card');
    await simulator!.insertCard(demoCardSpec('resident-adult-2'));
    await removed;
    expect((await next)[0].card.idNumber).toBe('110105197603040015');
    expect(driver.getStatus().state).toBe('card-present');
  });

  it('a card that stays on the reader is read once, however often the SAM finds it again', async () => {
    const { driver, simulator } = await service({
      simulator: { latencyMs: 1, haltAfterRead: false, initialCard: 'resident-adult' },
    });
    const events: string[] = [];
    driver.on('card', () => events.push('card'));
    driver.on('card-removed', () => events.push('removed'));
    const first = nextEvent(driver, 'card');
    driver.start();
    await first;
    const log = simulator!.log;
    const finds = (): number => log.filter((name) => name === 'find-card').length;
    const start = finds();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (finds() - start >= 6) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    expect(events).toEqual(['card']);
    expect(driver.getStatus().state).toBe('card-present');
  });

  it('turns select and read failures into error statuses, then reads the card', async () => {
    const { driver, simulator } = await service();
    const idle = nextEvent(driver, 'status', isState('idle'));
    driver.start();
    await idle;
    simulator!.injectFault('select-fail');
    simulator!.injectFault('read-fail');
    const selectError = nextEvent(driver, 'status', isState('error', 'CARD_SELECT_FAILED'));
    const readError = nextEvent(driver, 'status', isState('error', 'CARD_READ_FAILED'));
    const card = nextEvent(driver, 'card');
    await simulator!.insertCard(demoCardSpec('foreign-2017'));
    await selectError;
    await readError;
    const [event] = await card;
    expect(event.card.type).toBe('foreign-permanent');
  });

  it('survives garbage, bad checksums and isolated timeouts', async () => {
    const { driver, simulator } = await service({
      simulator: { latencyMs: 1, haltAfterRead: false, initialCard: null },
    });
    const idle = nextEvent(driver, 'status', isState('idle'));
    driver.start();
    await idle;
    simulator!.injectFault('garbage');
    simulator!.injectFault('bad-checksum');
    simulator!.injectFault('timeout');
    const card = nextEvent(driver, 'card');
    await simulator!.insertCard(demoCardSpec('hk-macau-taiwan'));
    expect((await card)[0].card.passNumber).toBe('H87654321');
  });

  it('reopens a reader that stopped answering', async () => {
    const { driver, simulator } = await service();
    const idle = nextEvent(driver, 'status', isState('idle'));
    driver.start();
    await idle;
    for (let i = 0; i < 3; i++) simulator!.injectFault('timeout');
    const timedOut = nextEvent(driver, 'status', isState('error', 'READER_TIMEOUT'));
    await timedOut;
    await nextEvent(driver, 'status', isState('idle'));
  });

  it('an unplug mid-frame is a status, and plugging back in resumes', async () => {
    const { driver, simulator } = await service();
    const idle = nextEvent(driver, 'status', isState('idle'));
    driver.start();
    await idle;
    simulator!.injectFault('unplug-mid-frame');
    const gone = nextEvent(driver, 'status', isState('no-reader'));
    await gone;
    const card = nextEvent(driver, 'card');
    await simulator!.insertCard(demoCardSpec('foreign-2023'));
    simulator!.plug();
    expect((await card)[0].card.type).toBe('foreign-permanent-2023');
  });

  it('unplugging with a card on the reader removes the card and reports no reader', async () => {
    const { driver, simulator } = await service({
      simulator: { latencyMs: 1, haltAfterRead: false, initialCard: 'resident-12' },
    });
    const card = nextEvent(driver, 'card');
    driver.start();
    await card;
    const removed = nextEvent(driver, 'card-removed');
    const noReader = nextEvent(driver, 'status', isState('no-reader'));
    simulator!.unplug();
    await removed;
    await noReader;
  });

  it('in hardware mode without hardware the status is no-reader (never the simulator), and stop() is clean', async () => {
    const { driver, simulator } = await service({ mode: 'hardware' });
    expect(simulator).toBeNull();
    const statuses: ReaderStatus[] = [];
    driver.on('status', (s) => statuses.push(s));
    driver.start();
    await new Promise((r) => setTimeout(r, 250));
    await driver.stop();
    expect(driver.getStatus()).toEqual({ state: 'no-reader' });
    expect(statuses.every((s) => s.state === 'no-reader')).toBe(true);
  });

  it('a photo no decoder knows still delivers the card text with a photo error', async () => {
    const { driver, simulator } = await service();
    const card = nextEvent(driver, 'card');
    driver.start();
    const spec = demoCardSpec('resident-adult');
    delete spec.photoPath;
    await simulator!.insertCard(spec);
    const [event] = await card;
    expect(event.photo).toBeNull();
    expect(event.photoError?.code).toBe('PHOTO_FORMAT_UNKNOWN');
    expect(event.card.name).toBe('王建国');
  });
});

describe('ReaderDriver robustness', () => {
  it('a listener that throws does not break the loop or fake a removal', async () => {
    const { driver, simulator } = await service();
    let removed = false;
    driver.on('card-removed', () => (removed = true));
    driver.on('card', () => {
      throw new Error('bug in a listener');
    });
    const card = nextEvent(driver, 'card');
    driver.start();
    await simulator!.insertCard(demoCardSpec('resident-adult'));
    await card;
    expect(driver.getStatus().state).toBe('card-present');
    expect(removed).toBe(false);
  });

  it(
    'stop() aborts an exchange that would otherwise wait for its full timeout',
    { timeout: 15_000 },
    async () => {
      const { driver, simulator } = await service({
        timeouts: { statusMs: 200, findMs: 60_000, selectMs: 200, readMs: 60_000 },
      });
      const idle = nextEvent(driver, 'status', isState('idle'));
      driver.start();
      await idle;
      simulator!.injectFault('timeout');
      await new Promise((r) => setTimeout(r, 200));
      await driver.stop();
      expect(['no-reader', 'idle']).toContain(driver.getStatus().state);
    },
  );
});

describe('createReaderDriver', () => {
  it('applies config defaults and survives an initial demo card whose photo is missing', async () => {
    const logs: string[] = [];
    const s = await createReaderDriver(
      { mode: 'simulator', simulator: { initialCard: 'resident-adult' } },
      { ...noHardware, facesDir: '/nonexistent-faces', logger: (_l, m) => logs.push(m) },
    );
    services.push(s);
    expect(s.config.pollIntervalMs).toBe(400);
    expect(s.config.discoveryIntervalMs).toBe(2000);
    expect(s.simulator!.hasCard).toBe(false);
    expect(logs).toContain('initial simulator card not inserted');
    expect(s.photoDecoder.name).toBe('simulated-webp');
  });

  it('rejects an invalid config with zod', async () => {
    await expect(createReaderDriver({ pollIntervalMs: -1 })).rejects.toThrow();
    await expect(
      createReaderDriver({ photoDecoder: { wlt: { library: '/x.so', symbol: 'bad name' } } }),
    ).rejects.toThrow();
  });
});
