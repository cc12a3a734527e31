// One HTTP(S) POST with a hard deadline, a response size cap and optional mutual TLS — the only place the
// outward-facing integrations (authority check, result delivery) touch the network. Retries, backoff and the
// circuit breaker live with the callers, which know what is worth retrying.
import http from 'node:http';
import https from 'node:https';

export interface TlsMaterial {
  /** PEM bundle to trust instead of the system roots (the authority's or third party's CA). */
  ca?: Buffer;
  /** Client certificate and key for mutual TLS. */
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
}

export interface PostTarget {
  url: URL;
  /** Plain http is refused unless the deployment explicitly allowed it (demo mode, loopback tests). */
  allowInsecureHttp: boolean;
  tls?: TlsMaterial;
}

export interface PostResponse {
  status: number;
  contentType: string;
  body: Buffer;
  /** The server's `Date` header (HTTP-date), for the kiosk's clock check; null when absent. */
  date: string | null;
}

export type TransportFailure = 'timeout' | 'network' | 'tls' | 'too-large' | 'insecure';

/** A request that got no usable HTTP answer. `kind` decides whether retrying makes sense. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_OSSL|HOSTNAME|ALTNAME/;

/** Keep-alive agents per target so repeated calls reuse the TLS session. */
export function createAgent(target: PostTarget): http.Agent {
  if (target.url.protocol === 'https:') {
    return new https.Agent({
      keepAlive: true,
      maxSockets: 4,
      minVersion: 'TLSv1.2',
      ...(target.tls?.ca ? { ca: target.tls.ca } : {}),
      ...(target.tls?.cert ? { cert: target.tls.cert } : {}),
      ...(target.tls?.key ? { key: target.tls.key } : {}),
      ...(target.tls?.passphrase ? { passphrase: target.tls.passphrase } : {}),
    });
  }
  return new http.Agent({ keepAlive: true, maxSockets: 4 });
}

export interface PostOptions {
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
  maxResponseBytes: number;
  agent: http.Agent;
  signal?: AbortSignal;
}

export function postOnce(target: PostTarget, options: PostOptions): Promise<PostResponse> {
  const { url } = target;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && target.allowInsecureHttp)) {
    return Promise.reject(
      new TransportError('insecure', `refusing ${url.protocol} to ${url.host}: https required`),
    );
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PostResponse>((resolve, reject) => {
    let settled = false;
    const finish = (err: TransportError | null, res?: PostResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      options.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else if (res) resolve(res);
    };
    const req = client.request(url, {
      method: 'POST',
      agent: options.agent,
      headers: { ...options.headers, 'content-length': String(options.body.length) },
    });
    // One deadline for the whole exchange (connect + TLS + upload + answer), not per socket event.
    const deadline = setTimeout(
      () =>
        finish(new TransportError('timeout', `no answer from ${url.host} within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    const onAbort = (): void => finish(new TransportError('network', 'request aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    req.on('error', (e: NodeJS.ErrnoException) => {
      const kind = TLS_CODES.test(e.code ?? '') ? 'tls' : 'network';
      finish(new TransportError(kind, `${url.host}: ${e.code ?? ''} ${e.message}`.trim(), { cause: e }));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxResponseBytes) {
          res.destroy();
          finish(
            new TransportError(
              'too-large',
              `answer from ${url.host} exceeds ${options.maxResponseBytes} bytes`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (e) =>
        finish(new TransportError('network', `${url.host}: ${e.message}`, { cause: e })),
      );
      res.on('end', () =>
        finish(null, {
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
          date: typeof res.headers.date === 'string' ? res.headers.date : null,
        }),
      );
    });
    req.end(options.body);
  });
}

/** Full-jitter exponential backoff: a random wait in [0, min(max, initial·2^attempt)]. */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** Waits `ms`, or less if `signal` aborts first; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
