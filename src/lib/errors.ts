/** The message of anything thrown, without trusting it to be an Error. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Failures the domain reports to its callers. The HTTP edge maps each kind to a status code
 * in one place (src/http/error-handler.ts); chat adapters map them to a polite message.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'forbidden' | 'unauthenticated' | 'conflict' | 'rate_limited' | 'too_large';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** a stable code clients may branch on, e.g. "ticket.not_found" */
    readonly code: string = kind,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
