// The officer console: its JSON API under /api/console and its static UI under /console/.
// Everything lives in one encapsulated Fastify plugin, so its rate limiter and static files
// do not leak into the other features' routes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { DomainError } from '../lib/errors.js';
import { LOCALES } from '../i18n.js';
import { z } from 'zod';
import type { TicketService } from '../tickets/types.js';
import type { LiveKnowledgeBase } from '../knowledge/live-knowledge-base.js';
import { registerAuthRoutes } from './auth/auth-routes.js';
import { createOfficerGate } from './auth/require-officer.js';
import { registerTicketRoutes } from './ticket-routes.js';
import { registerOversightRoutes } from './oversight/oversight-routes.js';
import { registerAttachmentRoutes } from './attachment-routes.js';
import type { AttachmentFetcher } from '../attachments/fetcher.js';
import type { ConsoleContext } from './console-context.js';
import { registerBroadcastRoutes } from './broadcast-routes.js';
import { registerFaqProposalRoutes } from './faq-proposal-routes.js';

const localeParams = z.object({ locale: z.enum(LOCALES) });
const here = path.dirname(fileURLToPath(import.meta.url));
const PUBLIC_DIR = path.join(here, 'public');
const CHART_JS = path.resolve(here, '../../node_modules/chart.js/dist/chart.umd.js');

export interface ConsoleDependencies extends ConsoleContext {
  /** the ticket service the console's actions go through */
  tickets: TicketService;
  /** fetches attachments from their platform */
  attachments: AttachmentFetcher;
  /** the knowledge base the bot answers from, rebuilt when a proposal is approved */
  knowledge: LiveKnowledgeBase;
  /** sign-in attempts per address per minute (default 30) */
  loginAttemptsPerMinute?: number;
}

export async function registerConsole(server: FastifyInstance, dependencies: ConsoleDependencies): Promise<void> {
  const context: ConsoleContext = dependencies;
  await server.register(async (scope) => {
    scope.decorateRequest('officer', null);
    scope.decorateRequest('consoleSession', null);
    // Answers hold citizens' complaints: no browser or proxy may keep a copy.
    scope.addHook('onSend', async (request, reply) => {
      if (request.url.startsWith('/api/console/')) void reply.header('cache-control', 'no-store');
    });
    const requireOfficer = createOfficerGate(context.db, context.clock);
    await registerAuthRoutes(scope, context, requireOfficer, dependencies.loginAttemptsPerMinute);
    registerTicketRoutes(scope, context, requireOfficer, dependencies.tickets);
    registerOversightRoutes(scope, context, requireOfficer);
    registerAttachmentRoutes(scope, context, requireOfficer, dependencies.attachments);
    registerBroadcastRoutes(scope, context, requireOfficer);
    registerFaqProposalRoutes(scope, context, requireOfficer, dependencies.knowledge);

    // The UI's texts, so the browser never holds a string of its own, and the election's time
    // zone, so times read the same on an officer's laptop wherever its clock is set.
    scope.get('/api/console/i18n/:locale', async (request) => {
      const params = localeParams.safeParse(request.params);
      if (!params.success) throw new DomainError('not_found', 'Unknown language.', 'console.unknown_locale');
      return { texts: context.i18n.raw(params.data.locale, 'console:ui'), timeZone: context.election.timeZone };
    });

    await scope.register(fastifyStatic, {
      root: PUBLIC_DIR,
      prefix: '/console/',
      decorateReply: false,
      index: ['index.html'],
    });
    scope.get('/console', async (_request, reply) => reply.redirect('/console/'));
    let chartJs: Promise<Buffer> | null = null;
    scope.get('/console/vendor/chart.umd.js', async (_request, reply) => {
      chartJs ??= readFile(CHART_JS);
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(await chartJs);
    });
  });
}
