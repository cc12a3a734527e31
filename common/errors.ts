// Errors that cross a boundary (IPC, CLI, HTTP) carry a stable code; the person sees a localised message for
// that code (common/messages), logs get the technical `message` and `details`.

/** Upper-snake error code, e.g. READER_NOT_FOUND, CARD_CHECKSUM, FACE_NOT_FOUND, MODEL_CHECKSUM. */
export type ErrorCode = string;

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** An expected failure a person or operator must hear about. Throw plain Errors only for bugs. */
export class HexinError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HexinError';
    this.code = code;
    this.details = details;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

export function isHexinError(e: unknown): e is HexinError {
  return e instanceof HexinError;
}

/** The message of anything thrown, for logs and error texts: an Error's message, else the value as text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
