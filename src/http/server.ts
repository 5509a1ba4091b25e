// The HTTP server (Fastify): request ids, structured logs without secrets, security headers,
// body limits, one error handler, and /healthz.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import type { Logger } from '../logger.js';
import { handleHttpError } from './error-handler.js';
import { isDatabaseReachable, type Database } from '../db/database.js';

/** Largest JSON body accepted anywhere: a chat message or a webhook update is far smaller. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** A request as logged: the path without its query string, which can carry a web chat session id. */
function requestForLog(request: FastifyRequest) {
  return { method: request.method, url: request.url.split('?')[0], host: request.host, remoteAddress: request.ip };
}

/** `trustedProxies`: the operator's reverse proxies (TRUSTED_PROXIES); empty: the peer's address is the client's. */
export async function buildHttpServer(
  logger: Logger,
  database: Database,
  trustedProxies: readonly string[],
): Promise<FastifyInstance> {
  const baseLogger: FastifyBaseLogger = logger;
  const server = Fastify({
    loggerInstance: baseLogger,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: BODY_LIMIT_BYTES,
    // X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies the operator
    // lists: anyone else (another program on the host or the private network included) cannot
    // pick an address to slip past the per-address limits or into the audit log
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    return503OnClosing: true,
    childLoggerFactory: (parent, bindings, options) =>
      parent.child(bindings, { ...options, serializers: { ...options.serializers, req: requestForLog } }),
  });
  server.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  await server.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // the web chat widget is embedded in the province's portal, on another origin
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  await server.register(cookie);
  server.setErrorHandler(handleHttpError);

  server.get('/healthz', async (_request, reply) => {
    const ok = await isDatabaseReachable(database);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'database unreachable' });
  });
  return server;
}
