// A loopback stand-in for a remote ASR service, for tests and demos. It speaks the protocol of remote-asr.ts,
// checks what it is sent (WAV format, bearer token), and "recognises" audio it was told about: a test registers
// the PCM it synthesised together with the words it spoke, and the simulator answers those words for that audio
// (empty text for audio it does not know). Failure modes let tests drive the adapter's error paths.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeWav, type PcmAudio } from './pcm';

export type SimulatorMode = 'ok' | 'http-500' | 'not-json' | 'wrong-shape' | 'huge' | 'hang' | 'redirect';

export interface AsrSimulator {
  url: string;
  /** The simulator will answer `text` when it receives exactly these samples. */
  register(audio: PcmAudio, text: string): void;
  setMode(mode: SimulatorMode): void;
  /** Requests received so far (accepted or not). */
  readonly requests: number;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;

const fingerprint = (audio: PcmAudio): string =>
  createHash('sha256')
    .update(new Uint8Array(audio.samples.buffer, audio.samples.byteOffset, audio.samples.byteLength))
    .digest('hex');

function readBody(req: IncomingMessage): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (c: Buffer) => {
      total += c.length;
      if (total > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export async function startAsrSimulator(options: { token?: string } = {}): Promise<AsrSimulator> {
  const known = new Map<string, string>();
  let mode: SimulatorMode = 'ok';
  let requests = 0;
  let port = 0;
  const hanging = new Set<import('node:http').ServerResponse>();

  const server: Server = createServer((req, res) => {
    requests++;
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      if (req.method !== 'POST') return reply(405, { error: 'POST only' });
      if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
        return reply(401, { error: 'bad token' });
      }
      const body = await readBody(req);
      if (!body) return reply(413, { error: 'too large' });
      let audio: PcmAudio;
      try {
        audio = decodeWav(body, { minAudioMs: 0, maxAudioMs: 60_000 });
      } catch (e) {
        return reply(400, { error: e instanceof Error ? e.message : String(e) });
      }
      switch (mode) {
        case 'http-500':
          return reply(500, { error: 'simulated failure' });
        case 'not-json':
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end('<html>gateway error</html>');
        case 'wrong-shape':
          return reply(200, { transcript: 42 });
        case 'huge':
          return reply(200, { text: '啊'.repeat(100_000) });
        case 'redirect':
          // Points elsewhere (here: itself, so a client that followed would be seen as a second request).
          res.writeHead(307, { location: `http://127.0.0.1:${port}/elsewhere` });
          return res.end();
        case 'hang':
          hanging.add(res);
          return;
        case 'ok':
          return reply(200, { text: known.get(fingerprint(audio)) ?? '' });
      }
    })().catch(() => reply(500, { error: 'simulator bug' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1/asr`,
    register: (audio, text) => known.set(fingerprint(audio), text),
    setMode: (m) => {
      mode = m;
    },
    get requests() {
      return requests;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
