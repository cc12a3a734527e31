// The composition root: builds every core service from config and wires them to the contract.
// Both hosts (Electron and web) call createCore(); neither builds services of its own. Electron-only capabilities
// (safeStorage for the records key) are injected by the Electron host.
import path from 'node:path';
import type { AppInfo, SimulatorCommand } from '../common/contract';
import { loadConfig } from './config/load';
import type { AppConfig } from './config/schema';
import { LiveConfig } from './config/live';
import { JsonFileConfigStore, type ConfigStore } from './config/store';
import { AgreementCatalogue } from './consent/catalogue';
import { ConsentService } from './consent/service';
import { createReaderDriver } from './devices/idcard';
import { modelsHealth, readerHealth } from './health/component-health';
import { HealthService } from './health/health-service';
import { createDispatcher, type Dispatch } from './ipc/dispatcher';
import { createHandlers } from './ipc/handlers';
import { CameraGuard } from './devices/camera/camera-guard';
import { EventBus } from './ipc/event-bus';
import { FileKeyProvider, type KeyProvider } from './records/keys';
import { auditKeyFileOf, resolveRecordsPaths } from './records/config';
import { EnvironmentMonitor } from './records/environment-monitor';
import { RetentionSweeper } from './records/retention';
import { RecordsService } from './records/service';
import { DsrService } from './records/dsr';
import { DsrConsole } from './staff/dsr-console';
import { missingSpokenPrompts } from './intent/prompt-files';
import { checkPromptManifest, promptsHealth, promptsLogLine } from './voice/prompt-manifest';
import { IntentService } from './intent/service';
import { VadClient } from './intent/vad-client';
import { IntentServiceCheck } from './session/adapters/intent-check';
import { LivenessSessionFactory } from './session/adapters/liveness-evaluator';
import { ReaderCardSource } from './session/adapters/reader-card-source';
import { SessionRecordKeeper } from './session/adapters/session-record-keeper';
import { EnvironmentGate } from './session/adapters/environment-gate';
import { ThresholdMatcher } from './session/adapters/threshold-matcher';
import { VisionFaceAnalyzer } from './session/adapters/vision-face-analyzer';
import { cryptoRandom, systemClock } from './session/clock';
import { LockoutTracker } from './session/lockout';
import { openLockoutStore } from './session/lockout-store';
import { SessionOrchestrator } from './session/orchestrator';
import { FilePinAttemptStore } from './staff/pin-attempts';
import { DEFAULT_PIN_BACKOFF_SECONDS, StaffMode } from './staff/staff-mode';
import type { Logger } from './util/log';
import { ThresholdPolicy } from './verify/match';
import { VisionService } from './vision/service';
import { startBusinessApi } from './api/service';
import { SessionVerificationStarter } from './api/session-starter';
import { loadAuthorityClient } from './verify/authority/load';
import { AuthorityCheckAdapter } from './verify/authority/session-adapter';
import { startResultDelivery } from './verify/delivery/service';
import { FleetLink } from './fleet/link';
import { ResultDeliveryAdapter } from './verify/delivery/session-adapter';
import { errorMessage } from '../common/errors';

export interface CoreOptions {
  host: AppInfo['host'];
  /** Where this kiosk keeps its data (config, records, keys). A fresh temp dir in tests. */
  dataDir: string;
  /** The product version (package.json in the web host, app.getVersion() in Electron). */
  version: string;
  log: Logger;
  /** Where the config lives (electron-store in the Electron host); default: <dataDir>/config.json. */
  configStore?: ConfigStore;
  /**
   * How the kiosk's keys are kept — the records master key, the audit seal key, the lock-out key (safeStorage in
   * the Electron host); default: a 0600 key file each. Given the key file path, so a host can adopt a key an
   * earlier run kept there.
   */
  keyProvider?: (keyFile: string) => KeyProvider;
  /** The built renderer the host serves; where the spoken prompts are looked for (none: the kiosk asks silently). */
  rendererDir?: string;
  /** The models folder when the config names none (the Electron host's layout); default: the repository's models/. */
  modelsDir?: string;
  /** The demo cards' face photos for the simulated reader; default: ../shared/faces next to the repository. */
  demoFacesDir?: string;
}

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  health: HealthService;
  info: AppInfo;
  config: AppConfig;
  /** The fleet back office link; null unless `fleet.enabled`. */
  fleet: FleetLink | null;
  /** Drives the simulated reader (staff mode, the loopback test controls). */
  controlSimulator(command: SimulatorCommand): Promise<void>;
  /** The host reloaded the kiosk window after a crash or hang: staff health and the audit log say so. */
  windowReloaded(cause: 'render-process-gone' | 'unresponsive', reason: string): Promise<void>;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export async function createCore(options: CoreOptions): Promise<Core> {
  const { log, dataDir } = options;
  const configStore = options.configStore ?? new JsonFileConfigStore(path.join(dataDir, 'config.json'));
  const config = loadConfig({
    store: configStore,
  });
  const events = new EventBus();
  const health = new HealthService();
  // Camera injection defence: the renderer reports its camera, the guard judges it and every frame a session takes.
  const camera = new CameraGuard(config.camera, health);
  health.onChange((h) => events.emit('healthChanged', h));

  // Devices: the ID-card reader (real by VID/PID, else the simulated one when config allows).
  const reader = await createReaderDriver(config.reader, {
    ...(options.demoFacesDir ? { facesDir: options.demoFacesDir } : {}),
    logger: (level, message) => (level === 'error' ? log.error(message) : log.info(message)),
  });
  const readerMode = config.reader.mode;
  if (readerMode === 'simulator')
    log.warn(
      'reader.mode is "simulator": a DEMO on the simulated reader (演示模式); signed results carry sim: true',
    );
  reader.driver.on('status', (s) => health.set('reader', readerHealth(s, readerMode)));
  health.set('reader', readerHealth(reader.driver.getStatus(), readerMode));

  // Vision: the ONNX models in a worker thread.
  const vision = VisionService.create({
    modelsDir: config.vision.modelsDir ?? options.modelsDir,
    intraOpThreads: config.vision.threads,
  });
  health.set('models', modelsHealth(vision.status()));
  const stopModelsHealth = vision.onStatus((s) => health.set('models', modelsHealth(s)));

  // Records and consent: encrypted store, audit chain, receipts.
  const recordsConfig = resolveRecordsPaths(config.records, dataDir);
  // The audit seal key is a key of its own (never derived from the records key), kept the same way.
  const auditKeyFile = auditKeyFileOf(recordsConfig);
  const records = await RecordsService.open(
    recordsConfig,
    options.keyProvider?.(recordsConfig.keyFile) ?? new FileKeyProvider(recordsConfig.keyFile),
    undefined,
    options.keyProvider?.(auditKeyFile) ?? new FileKeyProvider(auditKeyFile),
  );
  const sweeper = new RetentionSweeper(records);
  const sweepFailed = (e: unknown) => log.error(`retention sweep failed: ${errorMessage(e)}`);
  void sweeper.sweep().catch(sweepFailed);
  const sweepTimer = setInterval(() => void sweeper.sweep().catch(sweepFailed), SWEEP_INTERVAL_MS);
  sweepTimer.unref();
  const catalogue = await AgreementCatalogue.load();
  const consent = new ConsentService(catalogue, config.consent, records);
  // Data-subject requests at the staff console; copies for the person go to <data dir>/dsr-exports.
  const dsrConsole = new DsrConsole({
    dsr: new DsrService(records, consent),
    exportDir: path.join(dataDir, 'dsr-exports'),
    // Sent to the fleet back office too (when linked), so the fleet finds the person on every kiosk.
    onOpened: async (request, idNumber) => fleet?.reportDsr(request, idNumber),
  });
  // Copies are personal data in the clear: deleted after a day, checked now and every sweep interval.
  const pruneExports = () =>
    void dsrConsole.pruneExports().catch((e: unknown) => log.error(`dsr export prune failed: ${String(e)}`));
  pruneExports();
  const exportTimer = setInterval(pruneExports, SWEEP_INTERVAL_MS);
  exportTimer.unref();

  // The device environment (the agreement's clause: model, IP, OS, version, MAC, device id, network) is checked at
  // start, periodically and before every session against the registered profile, kept with each session record,
  // and shown in staff health; in block mode an untrusted verdict refuses sessions (EnvironmentGate).
  const environment = new EnvironmentMonitor({
    profile: recordsConfig.environment,
    softwareVersion: options.version,
    // The built app (`out/`: main, preload, renderer) is what the integrity hash covers.
    ...(options.rendererDir ? { appDir: path.dirname(options.rendererDir) } : {}),
    authorityRequired: config.authority.policy !== 'local',
    audit: (event) => records.log(event),
    log,
  });
  environment.onChange((h) => health.setEnvironment(h));
  health.setEnvironment(environment.health());
  // Not awaited (a slow clock reference must not hold the kiosk's start); close() waits for it before the records.
  const environmentStarted = environment
    .start()
    .catch((e: unknown) => log.error(`environment check failed: ${String(e)}`));

  // Integrations: the authority check (when the policy asks for one), signed results for the authorised third party.
  const kioskId = config.kiosk.id;
  const delivery = await startResultDelivery({
    config: config.delivery,
    dataDir,
    kioskId,
    log: (l) => log.info(l),
  });
  const authorityClient = await loadAuthorityClient(config.authority, {
    dataDir,
    kioskId,
    // The authority's Date header (mutual TLS) is a trusted clock for the environment's clock-skew check.
    onServerTime: (time) => environment.noteReferenceTime(time),
  });

  // Intent confirmation (意愿确认) for purposes that ask for it: VAD in its own worker, evidence per policy into
  // the encrypted store (by default the decision only, never audio).
  const modelsDir = config.vision.modelsDir ?? options.modelsDir;
  const intent = new IntentService(config.intent, {
    evidence: records.store,
    ...(modelsDir ? { vad: new VadClient(modelsDir) } : {}),
  });
  if (config.intent.fixedDigits)
    log.warn('intent.fixedDigits is set: every read-aloud sentence has the same code (tests and demos only)');
  // No renderer (tests of the core, the CLI): nothing to play, nothing to warn about.
  const missingPrompts = options.rendererDir ? missingSpokenPrompts(options.rendererDir) : null;
  const spokenPrompts = missingPrompts !== null && missingPrompts.length === 0;
  if (missingPrompts && missingPrompts.length > 0)
    log.warn(
      `spoken prompts missing (${missingPrompts.slice(0, 3).join(', ')}…; built by scripts/gen-prompts.mjs with ` +
        'espeak-ng): intent questions are shown and answered on screen, but not spoken',
    );
  // The guidance prompts of every step: files present and as built (their manifest's SHA-256), in log and health.
  const promptCheck = options.rendererDir ? await checkPromptManifest(options.rendererDir) : null;
  if (promptCheck) {
    health.set('prompts', promptsHealth(promptCheck));
    const line = promptsLogLine(promptCheck);
    if (line) log.warn(line);
    else log.info(`spoken prompts: ${promptCheck.checked} present, hashes match`);
  }

  // The session: one verification at a time, built on ports to every part above. Every start passes the
  // environment gate once; the record keeper links each session to the card holder and keeps every decision (for
  // DSRs), told by the session's events.
  // Lock-outs outlive restarts: an encrypted file with a key of its own, kept like the records key.
  const lockoutKeyFile = path.join(dataDir, 'keys', 'lockout.key');
  const lockouts = await openLockoutStore(
    path.join(dataDir, 'session', 'lockouts.bin'),
    options.keyProvider?.(lockoutKeyFile) ?? new FileKeyProvider(lockoutKeyFile),
    (why) => log.error(why),
  );
  const lockout = new LockoutTracker(config.lockout, systemClock, lockouts.cardKey, lockouts.store);
  // The fleet back office (off unless configured): fleet-wide lock-outs before a card is accepted, and the outbox.
  const fleet = config.fleet.enabled
    ? await FleetLink.start({
        config: config.fleet,
        dataDir,
        kioskId,
        version: options.version,
        auditDir: records.auditDir,
        auditPublicKeyPem: records.auditPublicKeyPem(),
        lockout,
        lockMinutes: () => config.lockout.lockMinutes,
        health: () => health.get(),
        keyProvider: (file) => options.keyProvider?.(file) ?? new FileKeyProvider(file),
        records,
        consent,
        liveConfig: new LiveConfig(config, configStore),
        log: (l) => log.info(l),
      })
    : null;
  const cardSource = new ReaderCardSource(reader.driver);
  const orchestrator = new SessionOrchestrator({
    config,
    logger: log,
    lockout,
    ports: {
      cards: fleet ? fleet.observer.cards(cardSource) : cardSource,
      faces: new VisionFaceAnalyzer(vision),
      liveness: new LivenessSessionFactory(config.liveness),
      // The thresholds in force at each match: a fleet config may change them while the kiosk runs.
      matcher: new ThresholdMatcher({
        decide: (score, type) => new ThresholdPolicy(config.verify.thresholds).decide(score, type),
      }),
      audit: records,
      admission: new EnvironmentGate(environment),
      agreements: consent,
      consent: { record: async (receipt) => void (await consent.record(receipt)) },
      clock: systemClock,
      random: cryptoRandom,
      intent: new IntentServiceCheck(intent, config.intent.attempts, spokenPrompts),
      camera,
      ...(authorityClient
        ? {
            authority: new AuthorityCheckAdapter({
              verifier: authorityClient,
              maxImageBytes: config.authority.provider.maxImageBytes,
            }),
          }
        : {}),
      delivery: new ResultDeliveryAdapter({
        issuer: delivery.issuer,
        // Read at each result: a fleet config may turn active liveness on or off while the kiosk runs.
        get livenessMode() {
          return config.liveness.active ? 'active' : 'passive';
        },
        simulated: readerMode === 'simulator',
      }),
    },
  });
  const api = await startBusinessApi({
    config: config.api,
    dataDir,
    log: (l) => log.info(l),
    starter: new SessionVerificationStarter({
      session: orchestrator,
      // The party's display names go to the consent screen; an unknown id is refused before any session starts.
      thirdParty: (id) => {
        const party = delivery.issuer.thirdParty(id);
        return { id: party.id, name: party.name, ...(party.names ? { names: party.names } : {}) };
      },
    }),
  });
  new SessionRecordKeeper(records, log, () => environment.latest()).attach(orchestrator);
  fleet?.observer.attach(orchestrator);
  orchestrator.onView((view) => events.emit('sessionView', view));
  reader.driver.start();

  // Wrong staff PINs and the keypad block are kept in the data dir, so a restart does not lift a block.
  const staff = new StaffMode({
    pinHash: config.staff.pinHash,
    attempts: new FilePinAttemptStore(
      path.join(dataDir, 'staff', 'pin-attempts.json'),
      DEFAULT_PIN_BACKOFF_SECONDS * 1000,
    ),
  });
  staff.onChange((s) => events.emit('staffStatusChanged', s));
  // A call for staff is answered once staff have opened staff mode (and seen it in health) and locked it again.
  let staffWasUnlocked = false;
  staff.onChange((s) => {
    if (staffWasUnlocked && !s.unlocked) health.clearAssistance();
    staffWasUnlocked = s.unlocked;
  });

  const info: AppInfo = {
    product: 'Hexin Kiosk',
    version: options.version,
    host: options.host,
    readerMode,
    kioskId: config.kiosk.id,
    defaultLanguage: config.languages.default,
    languages: [...config.languages.available],
    elderly: {
      enabled: config.accessibility.elderly.enabled,
      offerAtAge: config.accessibility.elderly.offerAtAge,
      textScale: config.accessibility.elderly.textScale,
    },
    voice: {
      ...config.accessibility.voice,
      elderlyPaceFactor: config.accessibility.elderly.timeoutFactor,
      // Missing or altered files are not played (none checked: no renderer, so none played either).
      unavailable: promptCheck ? [...promptCheck.missing, ...promptCheck.wrongHash] : [],
    },
  };

  const handlers = createHandlers({
    info,
    health,
    camera,
    session: orchestrator,
    staff,
    reader,
    dsrConsole,
    authority: authorityClient !== undefined,
    ...(fleet ? { screenManualCard: (idNumber: string) => fleet.observer.screen(idNumber) } : {}),
  });
  const dispatch = createDispatcher({ handlers, staffUnlocked: () => staff.isUnlocked(), log });
  let windowReloads = 0;
  return {
    dispatch,
    events,
    health,
    info,
    config,
    fleet,
    controlSimulator: (command) => reader.controlSimulator(command),
    windowReloaded: async (cause, reason) => {
      windowReloads++;
      health.set('display', {
        state: 'degraded',
        detail: `reloaded ${windowReloads}× since start; last: ${cause} (${reason}) at ${new Date().toISOString()}`,
      });
      await records.log({ type: 'kiosk.window-reloaded', cause, reason });
    },
    close: async () => {
      stopModelsHealth();
      clearInterval(sweepTimer);
      clearInterval(exportTimer);
      staff.dispose();
      orchestrator.dispose();
      await api?.close();
      await fleet?.close();
      await delivery.stop();
      authorityClient?.close();
      await reader.driver.stop();
      await vision.close();
      await intent.close();
      environment.close();
      await environmentStarted;
      await records.close();
    },
  };
}
