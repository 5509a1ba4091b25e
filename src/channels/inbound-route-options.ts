// Options of the high-volume inbound routes (webhooks, the web chat's POST). Their "incoming
// request"/"request completed" lines appear only when debugging: at info, those two lines per
// update cost a large share of a cheap update's CPU (measured with bench/webhook). Warnings and
// errors of these routes are logged as everywhere else.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { LevelWithSilent } from 'pino';

export function inboundLogLevel(logger: FastifyBaseLogger): LevelWithSilent {
  if (logger.level === 'trace') return 'trace';
  return logger.level === 'debug' ? 'debug' : 'warn';
}

/**
 * A platform webhook's route: quiet like the other inbound routes, and without the browser
 * security headers (Telegram and Zalo are servers, not browsers; the headers cost CPU per update).
 */
export function webhookRouteOptions(server: FastifyInstance): { logLevel: LevelWithSilent; helmet: false } {
  return { logLevel: inboundLogLevel(server.log), helmet: false };
}
