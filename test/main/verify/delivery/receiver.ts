// A fake third-party receiver for delivery tests: a real HTTPS server on 127.0.0.1 that records what arrives
// and answers with whatever status the test sets.
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  deliveryId: string;
  attempt: string;
  contentType: string;
  token: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  status: number;
  close(): Promise<void>;
}

export async function startReceiver(tls: { key: Buffer; cert: Buffer }, status = 204): Promise<Receiver> {
  const receiver: Receiver = { url: '', received: [], status, close: async () => undefined };
  const server = https.createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.received.push({
        path: req.url ?? '',
        deliveryId: String(req.headers['x-hexin-delivery-id'] ?? ''),
        attempt: String(req.headers['x-hexin-attempt'] ?? ''),
        contentType: String(req.headers['content-type'] ?? ''),
        token: Buffer.concat(chunks).toString('ascii'),
      });
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
