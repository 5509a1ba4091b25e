// The one place where failures become HTTP status codes. Client errors get a short JSON body;
// anything unexpected is logged with the request id and answered 500 without details.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, describeError, type DomainErrorKind } from '../lib/errors.js';
import { isStorageUnavailable } from '../db/storage-faults.js';

const statusOf: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number';
}

export function handleHttpError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof DomainError) {
    void reply.status(statusOf[error.kind]).send({ error: error.code, message: error.message });
    return;
  }
  if (isFastifyError(error) && error.statusCode !== undefined && error.statusCode < 500) {
    // body too large, malformed JSON, wrong content type, validation, rate limit…
    void reply.status(error.statusCode).send({ error: error.code ?? 'bad_request', message: error.message });
    return;
  }
  if (isStorageUnavailable(error)) {
    // the database is restarting, unreachable or full: not a bug, and worth a retry
    request.log.warn({ err: describeError(error) }, 'request failed: database unavailable');
    void reply.status(503).header('retry-after', '30').send({
      error: 'unavailable',
      message: 'The service is briefly unavailable. Please try again in a few minutes.',
    });
    return;
  }
  request.log.error({ err: error }, 'request failed');
  void reply
    .status(500)
    .send({ error: 'internal', message: 'Internal error; the request id is in the x-request-id header.' });
}
