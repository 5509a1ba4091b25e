// GET /metrics in the Prometheus text format. With METRICS_TOKEN set, a scraper must send
// "Authorization: Bearer <token>"; the comparison takes the same time whatever the guess.
import type { FastifyInstance } from 'fastify';
import { describeError } from '../lib/errors.js';
import { safeEqual } from '../security/crypto.js';
import type { Metrics } from './metrics.js';

function bearerMatches(header: string | undefined, token: string): boolean {
  return safeEqual(/^Bearer (.+)$/.exec(header ?? '')?.[1], token);
}

export function registerMetricsRoute(server: FastifyInstance, metrics: Metrics, token: string | null): void {
  server.get('/metrics', async (request, reply) => {
    if (token !== null && !bearerMatches(request.headers.authorization, token)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthenticated', message: 'send the metrics token as "Authorization: Bearer <token>"' });
    }
    try {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    } catch (error) {
      // the database gauges could not be read: say so instead of half a scrape
      request.log.warn({ err: describeError(error) }, 'metrics: scrape failed');
      return reply
        .status(503)
        .send({ error: 'unavailable', message: 'metrics are unavailable while the database is unreachable' });
    }
  });
}
