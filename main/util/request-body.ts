// Request bodies on the kiosk's HTTP servers (the hosts' loopback control routes, the business-app API, the
// authority simulator): capped, so a client cannot make the kiosk buffer a body of any size; each server answers
// the refusal in its own way.
import type http from 'node:http';

/** The largest body the hosts' control routes read: a control command is a few dozen bytes. */
export const MAX_REQUEST_BODY = 64 * 1024;

/** The refusal's words, for the person or the test script that sent too much. */
export const BODY_TOO_LARGE = `request body over ${MAX_REQUEST_BODY} bytes`;

/**
 * Reads a request body of at most `max` bytes; null when it is larger — by its Content-Length before a byte is
 * read, or once what arrived passes the cap (the rest is never read).
 */
export function readCappedBody(
  req: http.IncomingMessage,
  max: number = MAX_REQUEST_BODY,
): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > max) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.pause();
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Makes the answer about to be written the connection's last: the connection closes once it is sent, so what the
 * client is still sending is never read.
 */
export function closeAfterAnswer(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.setHeader('Connection', 'close');
  res.once('finish', () => req.destroy());
}
