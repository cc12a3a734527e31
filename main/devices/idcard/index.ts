// The ID-card reader's public face: createReaderDriver(config, deps) builds the driver (real reader by VID/PID,
// or the simulated one when none is found and the config allows it) with the right photo decoders.
import type { SimulatorCommand } from '../../../common/contract';
import { readerConfigSchema, type ReaderConfig, type ReaderConfigInput } from './config';
import { demoCardIds, demoCardSpec } from './demo-cards';
import { makeReaderFinder, type HidBackend, type SerialBackend } from './discovery';
import { ReaderDriver, type ReaderLogger } from './driver';
import { PhotoDecoderChain, type PhotoDecoder } from './photo-decoder';
import { SimulatedPhotoDecoder } from './sim-photo';
import { SimulatedReader } from './simulator';
import { controlSimulator } from './simulator-control';
import { WltFfiDecoder } from './wlt-decoder';

export interface ReaderDriverFactoryDeps {
  logger?: ReaderLogger;
  /** Replace hardware enumeration (tests, or a host without USB access). */
  hid?: HidBackend;
  serial?: SerialBackend;
  /** Extra decoders tried before the built-in ones. */
  photoDecoders?: PhotoDecoder[];
  /** Directory of the demo cards' face photos (default ../shared/faces). */
  facesDir?: string;
}

export interface ReaderService {
  driver: ReaderDriver;
  /** The simulated reader, present in simulator mode only (staff mode and tests drive it). */
  simulator: SimulatedReader | null;
  config: ReaderConfig;
  /** The decoder chain the driver uses (reuse it rather than loading the vendor library twice). */
  photoDecoder: PhotoDecoder;
  /** Drives the simulated reader (staff mode, the loopback test controls); SIMULATOR_UNAVAILABLE without one. */
  controlSimulator(command: SimulatorCommand): Promise<void>;
  /** The demo cards the simulated reader offers (built-in, then the config's own); empty without a simulator. */
  demoCards: string[];
}

/** Builds the photo decoder chain: vendor WLT (when configured, loaded eagerly so a bad path is logged early), simulator WebP. */
export function createPhotoDecoder(
  config: ReaderConfig,
  extra: PhotoDecoder[] = [],
  logger?: ReaderLogger,
): PhotoDecoder {
  const decoders: PhotoDecoder[] = [...extra];
  if (config.photoDecoder.wlt) {
    const wlt = new WltFfiDecoder(config.photoDecoder.wlt);
    try {
      wlt.load();
    } catch (e) {
      logger?.('error', 'WLT photo decoder not loaded; real cards will show text only', { error: String(e) });
    }
    decoders.push(wlt);
  }
  decoders.push(new SimulatedPhotoDecoder());
  return new PhotoDecoderChain(decoders);
}

/**
 * Validates the config, creates the driver and, in simulator mode, the simulated reader (then the only reader looked
 * for: a demo never reads a real card). Call driver.start() to begin.
 */
export async function createReaderDriver(
  configInput: ReaderConfigInput | ReaderConfig,
  deps: ReaderDriverFactoryDeps = {},
): Promise<ReaderService> {
  const config = readerConfigSchema.parse(configInput);
  let simulator: SimulatedReader | null = null;
  if (config.mode === 'simulator') {
    simulator = new SimulatedReader({
      latencyMs: config.simulator.latencyMs,
      haltAfterRead: config.simulator.haltAfterRead,
    });
    if (config.simulator.initialCard) {
      // A demo card that cannot be loaded (e.g. the faces folder is absent in a packaged build) leaves the
      // simulated reader empty rather than stopping the kiosk from starting.
      try {
        await simulator.insertCard(
          demoCardSpec(config.simulator.initialCard, deps.facesDir, config.simulator.cards),
        );
      } catch (e) {
        deps.logger?.('error', 'initial simulator card not inserted', { error: String(e) });
      }
    }
  }
  const photoDecoder = createPhotoDecoder(config, deps.photoDecoders, deps.logger);
  const driver = new ReaderDriver(config, {
    findReader: makeReaderFinder(simulator ? { hid: [], serial: [] } : config, {
      simulator: simulator ?? undefined,
      hid: deps.hid,
      serial: deps.serial,
    }),
    photoDecoder,
    logger: deps.logger,
  });
  return {
    driver,
    simulator,
    config,
    photoDecoder,
    controlSimulator: (command) =>
      controlSimulator(simulator, command, deps.facesDir, config.simulator.cards),
    demoCards: simulator ? demoCardIds(config.simulator.cards) : [],
  };
}

export {
  readerConfigSchema,
  readerModeSchema,
  type ReaderConfig,
  type ReaderConfigInput,
  type ReaderMode,
} from './config';
export type {
  CardType,
  CardReadEvent,
  DecodedPhoto,
  Gender,
  ParsedCard,
  ReaderInfo,
  ReaderStatus,
} from './types';
export { ReaderDriver, type ReaderDriverEvents } from './driver';
export { SimulatedReader, SIM_FAULTS, type SimFault } from './simulator';
export { controlSimulator } from './simulator-control';
export { parseCardSpec, cardSpecSchema, type CardSpec, type CardSpecInput } from './card-spec';
export { DEMO_CARD_IDS, demoCardIds, demoCardSpec, type DemoCardId } from './demo-cards';
export { maskedSummary, ageOn, isExpired, maskNumber, type MaskedSummary } from './summary';
export { manualEntry, type ManualIdentity } from './manual-entry';
export { isValidIdNumber } from './id-number';
export { parseReadBaseFrame } from './card-parser';
export type { PhotoDecoder } from './photo-decoder';
