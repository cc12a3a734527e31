// The kiosk window's way in without the token on any command line: a page in the data dir (0600, in a 0700 folder)
// that moves the browser on to the host's /launch with a one-time code. Chromium gets only this file's path in argv;
// the code it carries is worthless once the window has used it.
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const newLaunchCode = () => randomBytes(24).toString('base64url');

/** Writes the launch page for `origin` and `code`; returns its file URL and a remover. */
export function writeLaunchPage(dataDir, origin, code) {
  const file = path.join(dataDir, `launch-${randomBytes(6).toString('hex')}.html`);
  const target = `${origin}/launch?code=${encodeURIComponent(code)}`;
  writeFileSync(
    file,
    `<!doctype html><meta http-equiv="refresh" content="0;url=${target}"><title>Hexin Kiosk</title>\n`,
    { mode: 0o600, flag: 'wx' },
  );
  return { url: pathToFileURL(file).href, remove: () => rmSync(file, { force: true }) };
}
