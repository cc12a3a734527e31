// A refusal with its HTTP status and a stable code; the server turns it into `{ error, message, ...extra }`.
export class BackofficeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BackofficeError';
  }
}
