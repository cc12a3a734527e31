// The kiosk's side of the fleet wire: enrol, send a signed batch, ask about and report a lock-out, each one HTTPS
// POST with mutual TLS through the integrations' transport (deadline, size cap). Replies are validated; an HTTP
// refusal becomes a FleetRefusal with the back office's code, a network failure stays a TransportError.
import type http from 'node:http';
import { CompactSign } from 'jose';
import type { z } from 'zod';
import {
  EnrolReplySchema,
  IngestConflictSchema,
  IngestReplySchema,
  LockoutReplySchema,
  OrdersReplySchema,
  type EnrolReply,
  type FleetKey,
  type FleetOrder,
  type OrderAck,
  type EnrolRequest,
  type FleetBatch,
  type FleetSubject,
  type IngestReply,
  type LockoutReply,
} from '../../common/fleet';
import { createAgent, postOnce, type PostTarget, type TlsMaterial } from '../verify/authority/transport';
import type { SigningKey } from '../verify/delivery/signing-key';
import { jsonOrUndefined } from '../util/json';

const MAX_REPLY_BYTES = 256 * 1024;

/** The back office answered, and said no. */
export class FleetRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly expectedSeq?: number,
  ) {
    super(message);
    this.name = 'FleetRefusal';
  }
}

export function signBatch(batch: FleetBatch, key: SigningKey): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(batch), 'utf8'))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'hexin-fleet-batch+jws' })
    .sign(key.privateKey);
}

export class FleetClient {
  private readonly target: PostTarget;
  private readonly agent: http.Agent;

  constructor(
    url: string,
    tls: TlsMaterial,
    private readonly timeoutMs: number,
  ) {
    this.target = { url: new URL(url), allowInsecureHttp: false, tls };
    this.agent = createAgent(this.target);
  }

  enrol(request: EnrolRequest): Promise<EnrolReply> {
    return this.post('/v1/enrol', 'application/json', JSON.stringify(request), EnrolReplySchema);
  }

  sendBatch(jws: string): Promise<IngestReply> {
    return this.post('/v1/batches', 'application/jose', jws, IngestReplySchema);
  }

  checkLockout(subjects: FleetSubject[], timeoutMs?: number): Promise<LockoutReply> {
    return this.post(
      '/v1/lockouts/check',
      'application/json',
      JSON.stringify({ subjects }),
      LockoutReplySchema,
      timeoutMs,
    );
  }

  async reportLockout(subject: FleetSubject, until: string): Promise<void> {
    await this.post('/v1/lockouts', 'application/json', JSON.stringify({ subject, until }), null);
  }

  pullOrders(): Promise<{ orders: FleetOrder[]; fleetKeys: FleetKey[] }> {
    return this.post('/v1/orders/pull', 'application/json', '{}', OrdersReplySchema);
  }

  async ackOrder(ack: OrderAck): Promise<void> {
    await this.post('/v1/orders/ack', 'application/json', JSON.stringify(ack), null);
  }

  close(): void {
    this.agent.destroy();
  }

  private async post<T>(
    route: string,
    contentType: string,
    body: string,
    schema: z.ZodType<T> | null,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    const res = await postOnce(
      { ...this.target, url: new URL(route, this.target.url) },
      {
        headers: { 'content-type': contentType, accept: 'application/json' },
        body: Buffer.from(body, 'utf8'),
        timeoutMs,
        maxResponseBytes: MAX_REPLY_BYTES,
        agent: this.agent,
      },
    );
    const json = jsonOrUndefined(res.body.toString('utf8'));
    if (res.status < 200 || res.status >= 300) {
      const conflict = IngestConflictSchema.safeParse(json);
      if (conflict.success)
        throw new FleetRefusal(
          res.status,
          conflict.data.error,
          conflict.data.message,
          conflict.data.expectedSeq,
        );
      const e = json as { error?: unknown; message?: unknown } | undefined;
      throw new FleetRefusal(
        res.status,
        typeof e?.error === 'string' ? e.error : `HTTP_${res.status}`,
        typeof e?.message === 'string' ? e.message : `the back office answered HTTP ${res.status}`,
      );
    }
    if (!schema) return undefined as T;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new FleetRefusal(res.status, 'BAD_REPLY', `unexpected reply from ${route}`);
    return parsed.data;
  }
}
