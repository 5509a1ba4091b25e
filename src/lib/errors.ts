// Bot API addresses carry the bot token (…/bot<token>/method); an HTTP library's message may
// quote the address (node-fetch does when a body breaks off), and messages end up in logs.
const TOKEN_IN_URL = /\/bot[^/\s]+\//g;

/** The message of anything thrown, without trusting it to be an Error, and without a bot token. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(TOKEN_IN_URL, '/bot[redacted]/');
}

/**
 * Failures the domain reports to its callers. The HTTP edge maps each kind to a status code
 * in one place (src/http/error-handler.ts); chat adapters map them to a polite message.
 */
export type DomainErrorKind =
  'invalid' | 'not_found' | 'forbidden' | 'unauthenticated' | 'conflict' | 'rate_limited' | 'too_large';

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
