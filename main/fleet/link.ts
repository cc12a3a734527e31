// The kiosk's link to the fleet back office, built by the composition root when `fleet.enabled`: enrols (once,
// with the configured token), then ships the outbox in the background, and hands the session its observer (fleet
// lock-out look-up, results and lock-outs queued). Nothing on the kiosk waits for the link: a failed send is
// retried on the next tick, days later if need be.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EnrolReply, FleetItem, FleetSubject } from '../../common/fleet';
import type { Health } from '../../common/health';
import type { DsrView } from '../records/dsr';
import type { KeyProvider } from '../records/keys';
import type { LockoutTracker } from '../session/lockout';
import { resolveDataPath } from '../verify/delivery/config';
import { loadOrCreateSigningKey } from '../verify/delivery/signing-key';
import type { LiveConfig } from '../config/live';
import { FleetClient } from './client';
import { noteFleetSubject, runOrder, type OrderContext } from './orders';
import type { FleetConfig } from './config';
import { EnrolmentStore } from './enrolment-store';
import { FleetQueue } from './queue';
import { FleetSessionObserver } from './session-observer';
import { FleetShipper, type ShipOutcome } from './shipper';
import { fleetSubjects } from './subject';
import { errorMessage } from '../../common/errors';

export interface FleetLinkOptions {
  config: FleetConfig;
  dataDir: string;
  kioskId: string;
  version: string;
  auditDir: string;
  auditPublicKeyPem: string;
  lockout: LockoutTracker;
  lockMinutes: () => number;
  health: () => Health;
  keyProvider: (file: string) => KeyProvider;
  records: OrderContext['records'];
  consent: OrderContext['consent'];
  /** The running config: a pushed config is applied to it live at an idle moment. */
  liveConfig: LiveConfig;
  log: (line: string) => void;
}

export class FleetLink {
  private enrolment: EnrolReply | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** A config order is waiting for an idle moment. */
  private configWaiting = false;
  readonly observer: FleetSessionObserver;

  private constructor(
    private readonly o: FleetLinkOptions,
    private readonly client: FleetClient,
    private readonly store: EnrolmentStore,
    private readonly queue: FleetQueue,
    private readonly shipper: FleetShipper,
    private readonly batchKeyJwkX: string,
  ) {
    this.observer = new FleetSessionObserver(
      {
        keys: () => this.enrolment?.fleetKeys ?? [],
        checkLockout: (subjects) => this.checkLockout(subjects),
        reportLockout: (subject, until) => this.reportLockout(subject, until),
        queue: (item) => this.enqueue(item),
        noteSubject: (sessionId, idNumber, subjects) =>
          noteFleetSubject(o.records, sessionId, idNumber, subjects),
      },
      o.lockout,
      o.lockMinutes,
      o.log,
    );
    // A config that waited for a session to end goes at once when it does.
    this.observer.onIdle = () => {
      if (this.configWaiting) this.schedule(0);
    };
  }

  static async start(o: FleetLinkOptions): Promise<FleetLink> {
    const { config, dataDir } = o;
    const file = (p: string | undefined): string => resolveDataPath(dataDir, p!);
    const tls = {
      ca: await readFile(file(config.caFile)),
      cert: await readFile(file(config.certFile)),
      key: await readFile(file(config.keyFile)),
    };
    const stateDir = file(config.stateDir);
    const client = new FleetClient(config.url!, tls, config.requestTimeoutMs);
    const key = await loadOrCreateSigningKey(path.join(stateDir, 'batch-signing.pem'));
    const queue = await FleetQueue.open(path.join(stateDir, 'queue'));
    const shipper = new FleetShipper({
      kioskId: o.kioskId,
      stateDir,
      auditDir: o.auditDir,
      queue,
      key,
      client,
      maxItems: config.batchMaxItems,
      snapshot: () => healthItems(o.health(), o.version, o.liveConfig.pendingRestart()),
      log: o.log,
    });
    const store = new EnrolmentStore(
      path.join(stateDir, 'enrolment.bin'),
      o.keyProvider(path.join(dataDir, 'keys', 'fleet.key')),
    );
    const x = key.publicKey.export({ format: 'jwk' }).x!;
    const link = new FleetLink(o, client, store, queue, shipper, x);
    link.enrolment = await store.load();
    link.schedule(0);
    return link;
  }

  /** Enrolled: the fleet group and keys; null until then. */
  get enrolled(): EnrolReply | null {
    return this.enrolment;
  }

  /** One round now (enrol if needed, ship everything): the background loop's step, for tests and staff. */
  sync(): Promise<ShipOutcome | 'not-enrolled'> {
    const run = this.running.then(() => this.round());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async round(): Promise<ShipOutcome | 'not-enrolled'> {
    if (!this.enrolment && !(await this.enrol())) return 'not-enrolled';
    const shipped = await this.shipper.shipAll();
    if (shipped !== 'offline') await this.carryOutOrders();
    return shipped;
  }

  /** Pulls the back office's orders, carries them out and acknowledges each (a config waits for an idle moment). */
  private async carryOutOrders(): Promise<void> {
    let orders;
    try {
      const pulled = await this.client.pullOrders();
      orders = pulled.orders;
      // A rotated fleet key: new subjects use it, look-ups use every key still in use.
      if (JSON.stringify(pulled.fleetKeys) !== JSON.stringify(this.enrolment!.fleetKeys)) {
        const updated = { ...this.enrolment!, fleetKeys: pulled.fleetKeys };
        await this.store.save(updated);
        this.enrolment = updated;
        this.o.log(`fleet: fleet keys now ${pulled.fleetKeys.map((k) => `v${k.version}`).join(', ')}`);
      }
    } catch (e) {
      this.o.log(`fleet: orders not fetched: ${errorMessage(e)}`);
      return;
    }
    const enrolment = this.enrolment!;
    this.configWaiting = false;
    for (const order of orders) {
      const ack = await runOrder(order, {
        records: this.o.records,
        consent: this.o.consent,
        config: this.o.liveConfig,
        queue: this.queue,
        enrolment,
        idle: () => !this.observer.busy,
      });
      if (!ack) {
        this.configWaiting = true;
        continue;
      }
      this.o.log(`fleet: order ${order.id} (${order.kind}): ${ack.ok ? 'done' : 'refused'}: ${ack.detail}`);
      try {
        await this.client.ackOrder(ack);
      } catch (e) {
        // Carried out again next round (erasure and config are idempotent), acknowledged then.
        this.o.log(`fleet: order ${order.id} not acknowledged yet: ${errorMessage(e)}`);
        return;
      }
    }
  }

  private async enrol(): Promise<boolean> {
    const { config } = this.o;
    if (!config.enrolmentToken) {
      this.o.log('fleet: not enrolled and no fleet.enrolmentToken configured');
      return false;
    }
    try {
      const reply = await this.client.enrol({
        token: config.enrolmentToken,
        kioskId: this.o.kioskId,
        version: this.o.version,
        batchKey: { kty: 'OKP', crv: 'Ed25519', x: this.batchKeyJwkX },
        auditKeyPem: this.o.auditPublicKeyPem,
      });
      await this.store.save(reply);
      this.enrolment = reply;
      this.o.log(`fleet: enrolled as ${reply.kioskId} in group ${reply.group}`);
      return true;
    } catch (e) {
      this.o.log(`fleet: enrolment failed: ${errorMessage(e)}`);
      return false;
    }
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.sync()
        .catch((e: unknown) => this.o.log(`fleet: sync failed: ${String(e)}`))
        .finally(() => this.schedule(this.o.config.shipIntervalSeconds * 1000));
    }, ms);
    this.timer.unref();
  }

  /**
   * A data-subject request staff recorded here goes to the back office through the outbox (the person as their
   * fleet subjects only). Never fails the request: a kiosk not enrolled yet has no fleet keys and sends nothing
   * (logged); a queue failure is logged.
   */
  async reportDsr(request: DsrView, idNumber: string): Promise<void> {
    const keys = this.enrolment?.fleetKeys ?? [];
    if (keys.length === 0) {
      this.o.log(`fleet: request ${request.requestId} not sent to the back office: not enrolled`);
      return;
    }
    await this.enqueue({
      kind: 'dsr',
      at: request.receivedAt,
      requestId: request.requestId,
      dsrKind: request.kind,
      subjects: fleetSubjects(keys, idNumber),
      dueBy: request.dueBy,
    }).catch((e: unknown) => this.o.log(`fleet: request ${request.requestId} not queued: ${String(e)}`));
  }

  private async enqueue(item: FleetItem): Promise<void> {
    await this.queue.add(item);
    this.schedule(0);
  }

  private async checkLockout(
    subjects: FleetSubject[],
  ): Promise<{ locked: boolean; until: string | null } | null> {
    if (!this.enrolment) return null;
    try {
      return await this.client.checkLockout(subjects, this.o.config.lockoutCheckTimeoutMs);
    } catch (e) {
      this.o.log(`fleet: lock-out look-up unavailable, deciding locally: ${errorMessage(e)}`);
      return null;
    }
  }

  private reportLockout(subject: FleetSubject, until: string): void {
    if (!this.enrolment) return;
    void this.client
      .reportLockout(subject, until)
      .catch((e: unknown) => this.o.log(`fleet: lock-out report queued for later: ${String(e)}`));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
    this.client.close();
  }
}

/** The health and environment items for the next batch, from the kiosk's health. */
function healthItems(
  h: Health,
  version: string,
  pendingRestart: readonly string[],
): { health: FleetItem; environment: FleetItem | null } {
  const detail = (s: string): string => s.slice(0, 200);
  return {
    health: {
      kind: 'health',
      at: h.at,
      version,
      components: {
        reader: { state: h.reader.state, detail: detail(h.reader.detail) },
        camera: { state: h.camera.state, detail: detail(h.camera.detail) },
        models: { state: h.models.state, detail: detail(h.models.detail) },
        environment: { state: h.environment.state, detail: detail(h.environment.detail) },
        // Config stored but waiting for a restart (empty after one): the console's "pending restart".
        config: pendingRestart.length
          ? { state: 'pending-restart', detail: detail(pendingRestart.join(',')) }
          : { state: 'ok', detail: '' },
      },
    },
    environment:
      h.environment.trusted === null
        ? null
        : {
            kind: 'environment',
            at: h.environment.checkedAt ?? h.at,
            trusted: h.environment.trusted,
            reasons: [...h.environment.reasons],
          },
  };
}
