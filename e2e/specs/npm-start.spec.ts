// `npm start` as an operator runs it (issue 14 item 1): the kiosk window signs in without the page token on any
// process's command line (`ps` shows every user's), and a web host that dies is restarted, logged, at the same
// address with the same token, so the open window carries on.
import { expect, test } from '@playwright/test';
import { chromium } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_QUIET_FLAGS, findChromium, repoRoot } from '../../scripts/lib/hosts.mjs';
import { newLaunchCode, writeLaunchPage } from '../../scripts/lib/launch-page.mjs';

function webOnly() {
  test.skip(test.info().project.name !== 'web', 'npm start’s web host path (the same in both projects)');
  test.skip(!findChromium(), 'Chromium is missing: apt-get install -y chromium');
}

/** Every process's command line (arguments joined by spaces) that mentions `needle`. */
function commandLinesWith(needle: string): string[] {
  const hits: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
      if (cmd.includes(needle)) hits.push(`${pid}: ${cmd.slice(0, 200)}`);
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return hits;
}

/** Collects a child's output and resolves when a line matches. */
function watch(child: ChildProcess) {
  let text = '';
  const waiters: Array<{ re: RegExp; resolve: (m: RegExpExecArray) => void }> = [];
  const feed = (c: Buffer) => {
    text += c.toString();
    for (const w of [...waiters]) {
      const m = w.re.exec(text);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout?.on('data', feed);
  child.stderr?.on('data', feed);
  return {
    output: () => text,
    waitFor: (re: RegExp, ms = 60_000) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const m = re.exec(text);
        if (m) return resolve(m);
        const timer = setTimeout(() => reject(new Error(`no ${re} in ${ms} ms; output:\n${text}`)), ms);
        waiters.push({ re, resolve: (x) => (clearTimeout(timer), resolve(x)) });
      }),
  };
}

test('the launch page signs a browser in once, and the kiosk page loads', async () => {
  webOnly();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hexin-launch-'));
  const code = newLaunchCode();
  const host = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'main/hosts/web/start.ts')], {
    cwd: repoRoot,
    env: { ...process.env, HEXIN_DATA_DIR: dataDir, HEXIN_WEB_LAUNCH_CODE: code },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = watch(host);
  const profile = mkdtempSync(path.join(tmpdir(), 'hexin-launch-profile-'));
  try {
    const origin = new URL((await out.waitFor(/HEXIN_WEB_URL=(\S+)/))[1]!).origin;
    const page1 = writeLaunchPage(dataDir, origin, code);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: findChromium()!,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', ...CHROMIUM_QUIET_FLAGS],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(page1.url);
    await expect(page.getByTestId('screen-attract')).toBeVisible({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    // Spent: the same code signs nobody else in.
    const again = await fetch(`${origin}/launch?code=${code}`);
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    await context.close();
  } finally {
    host.kill('SIGTERM');
    await new Promise((r) => host.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});

test('npm start: no token on any command line, and a killed web host comes back', async () => {
  webOnly();
  test.setTimeout(150_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hexin-npm-start-'));
  const token = randomBytes(18).toString('base64url');
  const start = spawn(process.execPath, [path.join(repoRoot, 'scripts/start.mjs'), '--demo'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HEXIN_DATA_DIR: dataDir,
      HEXIN_WEB_TOKEN: token,
      // A real kiosk window without an X server: Chromium's headless Ozone platform keeps --kiosk/--app.
      DISPLAY: process.env.DISPLAY ?? 'hexin-test',
      HEXIN_KIOSK_CHROMIUM_FLAGS: '--ozone-platform=headless --disable-gpu --no-sandbox',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = watch(start);
  try {
    const origin = (await out.waitFor(/running at (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    await out.waitFor(/kiosk window signed in with the one-time launch code/);
    expect(commandLinesWith('chromium').length).toBeGreaterThan(0);
    expect(commandLinesWith(token)).toEqual([]);

    // Kill the host as a crash would; the supervisor says so and brings it back where it was.
    const hostPid = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .find((pid) => {
        try {
          return (
            readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('main/hosts/web/start.ts') &&
            readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`HEXIN_DATA_DIR=${dataDir}\0`)
          );
        } catch {
          return false;
        }
      });
    expect(hostPid).toBeDefined();
    process.kill(Number(hostPid), 'SIGKILL');
    await out.waitFor(/web host died \(signal SIGKILL\); restarting in [\d.]+ s/);
    await out.waitFor(new RegExp(`web host is back at ${origin.replaceAll('.', '\\.')}`));
    const page = await fetch(`${origin}/`, { headers: { cookie: `hexin_token=${token}` } });
    expect(page.status).toBe(200);
    expect(commandLinesWith(token)).toEqual([]);
  } finally {
    const exited = new Promise((r) => start.once('exit', r));
    start.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  }
  expect(out.output()).not.toContain(token);
});
