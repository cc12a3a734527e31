// A minimal logger interface so services can be given a quiet one in tests and a real one in the hosts.
// Logs carry technical detail; never personal data (names, ID numbers, images).
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function consoleLogger(scope: string): Logger {
  const line = (level: string, message: string) =>
    `${new Date().toISOString()} ${level} [${scope}] ${message}`;
  return {
    info: (m) => console.log(line('INFO', m)),
    warn: (m) => console.warn(line('WARN', m)),
    error: (m) => console.error(line('ERROR', m)),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
