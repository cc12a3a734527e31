// The authority adapter over HTTPS: minimises what it sends (number, name if configured, one face image), signs
// the request when configured, retries timeouts / network errors / 5xx with jittered backoff, guards the
// provider with a circuit breaker, and keeps nothing personal from the reply (only result, score, reference).
import { randomBytes, randomUUID } from 'node:crypto';
import type http from 'node:http';
import { z } from 'zod';
import { HexinError } from '../../../common/errors';
import { CircuitBreaker, type BreakerState } from './circuit-breaker';
import type { AuthorityProviderConfig } from './config';
import {
  backoffDelay,
  createAgent,
  postOnce,
  sleep,
  TransportError,
  type PostResponse,
  type PostTarget,
  type TlsMaterial,
} from './transport';
import type { AuthorityIdentity, AuthorityVerdict, AuthorityVerifier, FaceImage } from './types';
import {
  COMPARE_PATH,
  compareReplySchema,
  hmacSignature,
  ID_NUMBER,
  SIGNATURE_HEADERS,
  signingInput,
  type CompareRequest,
} from './wire';

export interface AuthorityClientOptions {
  provider: AuthorityProviderConfig;
  /** Key material already read from the files the config names (see loadAuthorityClient). */
  tls?: TlsMaterial;
  signingSecret?: Buffer;
  kioskId: string;
  now?: () => number;
  random?: () => number;
  onBreakerChange?: (state: BreakerState) => void;
  /**
   * The authority's clock as its `Date` header said, with our clock halfway through that exchange: a trusted
   * reference (mutual TLS) for the kiosk's clock-skew check (records/environment-monitor.ts).
   */
  onServerTime?: (time: { serverMs: number; localMs: number }) => void;
}

const MAX_REPLY_BYTES = 64 * 1024;
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** An attempt that may succeed if repeated (timeouts, dropped connections, 5xx). */
class RetryableFailure extends Error {
  constructor(
    readonly code: 'AUTHORITY_TIMEOUT' | 'AUTHORITY_UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

export class HttpsAuthorityClient implements AuthorityVerifier {
  readonly provider: string;
  private readonly target: PostTarget;
  private readonly agent: http.Agent;
  private readonly breaker: CircuitBreaker;
  private readonly random: () => number;

  constructor(private readonly options: AuthorityClientOptions) {
    const { provider } = options;
    if (!provider.endpoint)
      throw new HexinError('INTEGRATIONS_CONFIG_INVALID', 'authority endpoint not configured');
    if (provider.signing.kind === 'hmac-sha256' && !options.signingSecret) {
      throw new HexinError(
        'INTEGRATIONS_CONFIG_INVALID',
        'authority request signing configured without a secret',
      );
    }
    this.provider = provider.id;
    // An endpoint with a base path keeps it: https://gw/bank + v1/photo-compare → https://gw/bank/v1/photo-compare.
    const base = provider.endpoint.endsWith('/') ? provider.endpoint : `${provider.endpoint}/`;
    this.target = {
      url: new URL(COMPARE_PATH.slice(1), base),
      allowInsecureHttp: provider.allowInsecureHttp,
      ...(options.tls ? { tls: options.tls } : {}),
    };
    this.agent = createAgent(this.target);
    this.random = options.random ?? Math.random;
    this.breaker = new CircuitBreaker(provider.id, {
      failureThreshold: provider.breaker.failureThreshold,
      cooldownMs: provider.breaker.cooldownMs,
      ...(options.now ? { now: options.now } : {}),
      ...(options.onBreakerChange ? { onStateChange: options.onBreakerChange } : {}),
    });
  }

  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  async verify(
    identity: AuthorityIdentity,
    face: FaceImage,
    signal?: AbortSignal,
  ): Promise<AuthorityVerdict> {
    const request = this.buildRequest(identity, face);
    const body = Buffer.from(JSON.stringify(request), 'utf8');
    // Only health problems count against the breaker; a refused or malformed request is our fault, not theirs.
    const reply = await this.breaker.run(
      () => this.sendWithRetries(body, signal),
      (e) =>
        !(e instanceof HexinError && (e.code === 'AUTHORITY_REJECTED' || e.code === 'AUTHORITY_BAD_INPUT')),
    );
    if (reply.requestId !== request.requestId) {
      throw new HexinError('AUTHORITY_BAD_REPLY', `${this.provider}: reply is for another request`);
    }
    return {
      result: reply.result,
      ...(reply.score !== undefined ? { score: reply.score } : {}),
      reference: reply.reference,
      provider: this.provider,
    };
  }

  close(): void {
    this.agent.destroy();
  }

  private buildRequest(identity: AuthorityIdentity, face: FaceImage): CompareRequest {
    const idNumber = identity.idNumber.trim().toUpperCase();
    if (!ID_NUMBER.test(idNumber))
      throw new HexinError('AUTHORITY_BAD_INPUT', 'ID number is not 17 digits + check');
    const name = identity.name.trim();
    if (this.options.provider.sendName && (name.length === 0 || name.length > 64)) {
      throw new HexinError('AUTHORITY_BAD_INPUT', 'name missing or too long');
    }
    if (face.bytes.length === 0 || face.bytes.length > this.options.provider.maxImageBytes) {
      throw new HexinError('AUTHORITY_BAD_INPUT', `face image is ${face.bytes.length} bytes`, {
        max: this.options.provider.maxImageBytes,
      });
    }
    const magicOk =
      face.format === 'jpeg'
        ? face.bytes[0] === 0xff && face.bytes[1] === 0xd8
        : face.bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    if (!magicOk) throw new HexinError('AUTHORITY_BAD_INPUT', `face image is not ${face.format}`);
    return {
      requestId: randomUUID(),
      idNumber,
      ...(this.options.provider.sendName ? { name } : {}),
      image: face.bytes.toString('base64'),
      imageFormat: face.format,
    };
  }

  private headers(body: Buffer): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-hexin-kiosk': this.options.kioskId,
    };
    const signing = this.options.provider.signing;
    if (signing.kind === 'hmac-sha256' && this.options.signingSecret) {
      const timestamp = String(Math.floor((this.options.now?.() ?? Date.now()) / 1000));
      const nonce = randomBytes(12).toString('base64url');
      headers[SIGNATURE_HEADERS.keyId] = signing.keyId;
      headers[SIGNATURE_HEADERS.timestamp] = timestamp;
      headers[SIGNATURE_HEADERS.nonce] = nonce;
      headers[SIGNATURE_HEADERS.signature] = hmacSignature(
        this.options.signingSecret,
        signingInput(this.target.url.pathname, timestamp, nonce, body),
      );
    }
    return headers;
  }

  private async sendWithRetries(
    body: Buffer,
    signal?: AbortSignal,
  ): Promise<z.infer<typeof compareReplySchema>> {
    const { retry, timeoutMs } = this.options.provider;
    let last: RetryableFailure | undefined;
    for (let attempt = 0; attempt < retry.maxAttempts; attempt++) {
      if (attempt > 0)
        await sleep(backoffDelay(attempt - 1, retry.initialDelayMs, retry.maxDelayMs, this.random), signal);
      if (signal?.aborted) break;
      try {
        // Signed per attempt: a fresh timestamp and nonce so the provider's replay guard accepts the retry.
        const sentAt = this.options.now?.() ?? Date.now();
        const response = await postOnce(this.target, {
          headers: this.headers(body),
          body,
          timeoutMs,
          maxResponseBytes: MAX_REPLY_BYTES,
          agent: this.agent,
          ...(signal ? { signal } : {}),
        });
        this.noteServerTime(response, sentAt);
        return this.parse(response);
      } catch (e) {
        if (e instanceof RetryableFailure) last = e;
        else if (e instanceof TransportError) {
          if (e.kind === 'insecure' || e.kind === 'tls') {
            throw new HexinError('AUTHORITY_UNAVAILABLE', `${this.provider}: ${e.message}`, { kind: e.kind });
          }
          last = new RetryableFailure(
            e.kind === 'timeout' ? 'AUTHORITY_TIMEOUT' : 'AUTHORITY_UNAVAILABLE',
            `${this.provider}: ${e.message}`,
          );
        } else throw e;
      }
    }
    const failure = last ?? new RetryableFailure('AUTHORITY_UNAVAILABLE', `${this.provider}: aborted`);
    throw new HexinError(failure.code, `${failure.message} (after ${retry.maxAttempts} attempts)`, {
      provider: this.provider,
    });
  }

  private noteServerTime(response: PostResponse, sentAt: number): void {
    const serverMs = response.date ? Date.parse(response.date) : NaN;
    if (!this.options.onServerTime || !Number.isFinite(serverMs)) return;
    const receivedAt = this.options.now?.() ?? Date.now();
    this.options.onServerTime({ serverMs, localMs: sentAt + (receivedAt - sentAt) / 2 });
  }

  private parse(response: PostResponse): z.infer<typeof compareReplySchema> {
    if (RETRY_STATUSES.has(response.status)) {
      throw new RetryableFailure('AUTHORITY_UNAVAILABLE', `${this.provider}: HTTP ${response.status}`);
    }
    if (response.status < 200 || response.status >= 300) {
      throw new HexinError('AUTHORITY_REJECTED', `${this.provider}: HTTP ${response.status}`, {
        status: response.status,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new HexinError('AUTHORITY_BAD_REPLY', `${this.provider}: reply is not JSON`);
    }
    const parsed = compareReplySchema.safeParse(json);
    if (!parsed.success) {
      // Paths only: the reply might hold personal data and error messages would echo it.
      const paths = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      throw new HexinError('AUTHORITY_BAD_REPLY', `${this.provider}: reply malformed at ${paths}`);
    }
    return parsed.data;
  }
}
