// Delivers signed result tokens from the outbox to the third party each one is addressed to, by HTTPS POST
// (body = the compact JWS, `application/jwt`; header x-hexin-delivery-id so the party can drop duplicates).
// 2xx → done; 4xx other than 408/429 → the party refuses it, given up; anything else → retried with jittered
// exponential backoff until maxAttempts or the token's expiry. Because state lives in the outbox files, a
// restarted kiosk carries on where the last process stopped.
import { promises as fs } from 'node:fs';
import type http from 'node:http';
import { errorMessage, HexinError } from '../../../common/errors';
import { createAgent, postOnce, sleep, TransportError, type PostTarget } from '../authority/transport';
import { resolveDataPath, type DeliveryConfig, type ThirdPartyConfig } from './config';
import type { OutboxEntry, ResultOutbox } from './outbox';

export interface DeliveryPass {
  delivered: number;
  retrying: number;
  failed: number;
}

export interface DelivererOptions {
  outbox: ResultOutbox;
  config: DeliveryConfig;
  dataDir: string;
  now?: () => number;
  random?: () => number;
  log?: (line: string) => void;
}

const RETRY_4XX = new Set([408, 425, 429]);
const MAX_REPLY_BYTES = 16 * 1024;

export class ResultDeliverer {
  private readonly targets = new Map<string, { target: PostTarget; agent: http.Agent }>();
  private readonly now: () => number;
  private running: Promise<void> | undefined;
  private stopping = new AbortController();
  private wake: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private kicked = false;

  constructor(private readonly options: DelivererOptions) {
    this.now = options.now ?? Date.now;
  }

  /** One pass over the entries that are due. Safe to call while the loop runs (passes are serialised). */
  deliverDue(): Promise<DeliveryPass> {
    const pass = this.queue.then(() => this.pass());
    this.queue = pass.catch(() => undefined);
    return pass;
  }

  private async pass(): Promise<DeliveryPass> {
    const pass: DeliveryPass = { delivered: 0, retrying: 0, failed: 0 };
    for (const entry of await this.options.outbox.list()) {
      if (entry.nextAttemptAt > this.now()) {
        pass.retrying += 1;
        continue;
      }
      pass[await this.attempt(entry)] += 1;
    }
    return pass;
  }

  /** Runs passes in the background until stop(): after each pass, sleeps until the next entry is due (or kick()). */
  start(idleMs = 5_000): void {
    if (this.running) return;
    this.stopping = new AbortController();
    const signal = this.stopping.signal;
    this.running = (async () => {
      while (!signal.aborted) {
        try {
          await this.deliverDue();
        } catch (e) {
          this.options.log?.(`delivery: pass failed: ${errorMessage(e)}`);
        }
        const next = await this.nextDueIn(idleMs);
        // Sleep until the next entry is due, or until kick()/stop() wakes the loop early. A kick that came
        // while the pass ran is remembered, so new work never waits for the idle timer.
        const wakeEarly = new AbortController();
        this.wake = () => wakeEarly.abort();
        if (!this.kicked && !signal.aborted) await sleep(next, wakeEarly.signal);
        this.kicked = false;
        this.wake = undefined;
      }
    })();
  }

  /** New work arrived: run a pass now rather than at the next timer. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake?.();
    await this.running;
    this.running = undefined;
    for (const { agent } of this.targets.values()) agent.destroy();
    this.targets.clear();
  }

  private async nextDueIn(idleMs: number): Promise<number> {
    const entries = await this.options.outbox.list().catch(() => []);
    const soonest = Math.min(...entries.map((e) => e.nextAttemptAt), this.now() + idleMs);
    return Math.max(0, soonest - this.now());
  }

  private async attempt(entry: OutboxEntry): Promise<'delivered' | 'retrying' | 'failed'> {
    const { outbox, config } = this.options;
    const party = config.thirdParties.find((p) => p.id === entry.thirdPartyId);
    if (!party) {
      await outbox.fail(entry, `third party ${entry.thirdPartyId} is no longer configured`);
      return 'failed';
    }
    if (entry.expiresAt <= this.now()) {
      await outbox.fail(entry, `token expired before delivery (${entry.attempts} attempts)`);
      this.options.log?.(`delivery: ${entry.id} to ${party.id} expired undelivered`);
      return 'failed';
    }
    let error: string;
    try {
      const { target, agent } = await this.targetFor(party);
      const res = await postOnce(target, {
        headers: {
          'content-type': 'application/jwt',
          'x-hexin-delivery-id': entry.id,
          'x-hexin-attempt': String(entry.attempts + 1),
        },
        body: Buffer.from(entry.token, 'ascii'),
        timeoutMs: config.requestTimeoutMs,
        maxResponseBytes: MAX_REPLY_BYTES,
        agent,
      });
      if (res.status >= 200 && res.status < 300) {
        await outbox.complete(entry.id);
        this.options.log?.(`delivery: ${entry.id} to ${party.id} delivered (attempt ${entry.attempts + 1})`);
        return 'delivered';
      }
      if (res.status >= 400 && res.status < 500 && !RETRY_4XX.has(res.status)) {
        await outbox.fail(entry, `refused by ${party.id}: HTTP ${res.status}`);
        this.options.log?.(`delivery: ${entry.id} refused by ${party.id} (HTTP ${res.status})`);
        return 'failed';
      }
      error = `HTTP ${res.status}`;
    } catch (e) {
      if (e instanceof TransportError && e.kind === 'insecure') {
        await outbox.fail(entry, e.message);
        return 'failed';
      }
      if (!(e instanceof TransportError) && !(e instanceof HexinError)) throw e;
      error = e.message;
    }
    const attempts = entry.attempts + 1;
    if (attempts >= config.retry.maxAttempts) {
      await outbox.fail(entry, `gave up after ${attempts} attempts: ${error}`);
      return 'failed';
    }
    // Equal jitter: at least half the exponential step, so retries never bunch up at zero delay.
    const step = Math.min(
      config.retry.maxDelayMs,
      config.retry.initialDelayMs * 2 ** Math.min(attempts - 1, 30),
    );
    const half = Math.ceil(step / 2);
    const delay = half + Math.floor((this.options.random ?? Math.random)() * half);
    await outbox.update({ ...entry, attempts, nextAttemptAt: this.now() + delay, lastError: error });
    this.options.log?.(`delivery: ${entry.id} to ${party.id} failed (${error}); retry in ${delay} ms`);
    return 'retrying';
  }

  private async targetFor(party: ThirdPartyConfig): Promise<{ target: PostTarget; agent: http.Agent }> {
    const cached = this.targets.get(party.id);
    if (cached) return cached;
    const target: PostTarget = {
      url: new URL(party.callbackUrl),
      allowInsecureHttp: this.options.config.allowInsecureHttp,
    };
    if (party.caFile) {
      const file = resolveDataPath(this.options.dataDir, party.caFile);
      try {
        target.tls = { ca: await fs.readFile(file) };
      } catch (e) {
        throw new HexinError(
          'INTEGRATIONS_CONFIG_INVALID',
          `cannot read CA ${file} for ${party.id}`,
          {},
          { cause: e },
        );
      }
    }
    const made = { target, agent: createAgent(target) };
    this.targets.set(party.id, made);
    return made;
  }
}
