// Keeps a host process running: when it dies (a non-zero exit or a signal nobody here sent), it is started again
// after a back-off that doubles up to a ceiling and resets once a run has lasted a while. Every death and restart
// is logged. A clean exit (code 0: the kiosk was asked to quit) ends supervision.

/**
 * @param {{
 *   name: string,
 *   start: (attempt: number) => import('node:child_process').ChildProcess,
 *   log?: (line: string) => void,
 *   initialDelayMs?: number,
 *   maxDelayMs?: number,
 *   stableAfterMs?: number,
 *   onExit?: (code: number) => void,
 * }} options
 */
export function supervise({
  name,
  start,
  log = (line) => console.log(line),
  initialDelayMs = 1000,
  maxDelayMs = 30_000,
  stableAfterMs = 60_000,
  onExit = (code) => process.exit(code),
}) {
  let child = null;
  let stopping = false;
  let delay = initialDelayMs;
  let attempt = 0;
  let timer = null;

  const run = () => {
    timer = null;
    attempt += 1;
    const startedAt = Date.now();
    child = start(attempt);
    child.on('error', (e) => log(`[hexin] ${name} could not be started: ${e.message}`));
    child.on('exit', (code, signal) => {
      child = null;
      if (stopping) return onExit(code ?? 0);
      if (code === 0) {
        log(`[hexin] ${name} exited cleanly.`);
        return onExit(0);
      }
      if (Date.now() - startedAt >= stableAfterMs) delay = initialDelayMs;
      log(
        `[hexin] ${name} died (${signal ? `signal ${signal}` : `exit code ${code}`}); ` +
          `restarting in ${(delay / 1000).toFixed(1)} s (restart ${attempt}).`,
      );
      timer = setTimeout(run, delay);
      delay = Math.min(delay * 2, maxDelayMs);
    });
  };
  run();

  return {
    /** The running process, or null between a death and its restart. */
    current: () => child,
    stop(signal = 'SIGTERM') {
      stopping = true;
      if (timer) {
        clearTimeout(timer);
        return onExit(0);
      }
      child?.kill(signal);
    },
  };
}
