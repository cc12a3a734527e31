// Serves the built fleet console: index.html at / and the hashed bundle files under /assets/, read once at start.
// Only names vite produces are served (no path from the request reaches the file system).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const SECURITY = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function serveConsole(app: FastifyInstance, dir: string): void {
  const index = readFileSync(path.join(dir, 'index.html'));
  const assets = new Map<string, Buffer>();
  for (const name of readdirSync(path.join(dir, 'assets')))
    if (/^[\w.-]+$/.test(name) && TYPES[path.extname(name)])
      assets.set(name, readFileSync(path.join(dir, 'assets', name)));
  app.get('/', async (_req, reply) => reply.headers(SECURITY).type('text/html; charset=utf-8').send(index));
  app.get<{ Params: { name: string } }>('/assets/:name', async (req, reply) => {
    const file = assets.get(req.params.name);
    if (!file) return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such file' });
    return reply
      .headers(SECURITY)
      .type(TYPES[path.extname(req.params.name)]!)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(file);
  });
}
