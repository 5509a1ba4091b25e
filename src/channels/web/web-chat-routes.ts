// The web chat API of product.md: POST /api/chat/messages (a message in, replies out) and
// GET /api/chat/messages (messages pushed later: the session's outbox rows, its mailbox), plus
// the widget's static files. Session ids are issued by the server (web-chat-session.ts): a first
// message comes without one, and an id the server did not issue gets 401 {"error":"session"}, so
// the widget starts over. GET reads the id from the X-Chat-Session header, never from the query
// string (which ends up in logs).
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import type { Clock } from '../../lib/clock.js';
import type { Translator } from '../../i18n.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import { DomainError } from '../../lib/errors.js';
import { inboundString } from '../clean-text.js';
import { inboundLogLevel } from '../inbound-route-options.js';
import { DEFAULT_TICKET_LIMITS } from '../../tickets/limits.js';
import type { OutboxStore } from '../../outbox/outbox-store.js';
import cors from '@fastify/cors';
import type { WebChatSessionIds } from './web-chat-session.js';

/** As long as the longest text the intake accepts (a complaint's description). */
export const MAX_WEB_TEXT_LENGTH = DEFAULT_TICKET_LIMITS.messageMaxChars;

const postBody = z
  .object({
    sessionId: z.string().max(200).optional(),
    text: inboundString
      .pipe(
        z
          .string()
          .trim()
          .min(1, 'text must not be empty')
          .max(MAX_WEB_TEXT_LENGTH, `text must be at most ${MAX_WEB_TEXT_LENGTH} characters`),
      )
      .optional(),
    choice: inboundString.pipe(z.string().min(1).max(200)).optional(),
    locale: z.enum(['vi', 'en']).optional(),
  })
  .refine((body) => body.text !== undefined || body.choice !== undefined, { message: 'send text or choice' });
const getQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });
export const SESSION_HEADER = 'x-chat-session';
/** messages one GET answers at most; the widget asks again after the last one */
const MAILBOX_PAGE = 50;

function badRequest(error: z.ZodError) {
  return { error: 'invalid', message: error.issues.map((issue) => issue.message).join('; ') };
}

const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const STATIC_FILES = [
  { route: '/chat', file: 'chat.html', type: 'text/html; charset=utf-8' },
  { route: '/chat/widget.js', file: 'widget.js', type: 'text/javascript; charset=utf-8' },
  { route: '/chat/widget.css', file: 'widget.css', type: 'text/css; charset=utf-8' },
];

export interface WebChatDependencies {
  engine: ConversationEngine;
  /** the web chat's messages pushed later (officer replies, status changes, broadcasts) */
  mailbox: Pick<OutboxStore, 'mailbox'>;
  clock: Clock;
  i18n: Translator;
  /** requests per minute from one address to /api/chat/* (0: no limit) */
  requestsPerMinute: number;
  /** origins whose pages may embed the widget, or '*' */
  allowedOrigins: '*' | readonly string[];
  sessionIds: WebChatSessionIds;
}

function unknownSession(reply: FastifyReply) {
  return reply.status(401).send({
    error: 'session',
    message:
      'This chat session was not started here (or has ended): start a new one by sending a message without sessionId.',
  });
}

export function registerWebChatRoutes(server: FastifyInstance, deps: WebChatDependencies): void {
  // The API lives in its own plugin scope under /api/chat, so its per-address limit and its CORS
  // answers (preflights included) cover /api/chat/* only, never the console's API.
  // Per citizen, the engine's flood control applies on top.
  void server.register(
    async (scope) => {
      // The widget runs on the province's portal, another origin: the API answers CORS requests
      // from the configured origins. It holds no cookies or credentials (the session id travels in
      // the request), so "*" is the safe default.
      await scope.register(cors, {
        origin: deps.allowedOrigins === '*' ? '*' : [...deps.allowedOrigins],
        methods: ['GET', 'POST'],
        allowedHeaders: ['content-type', SESSION_HEADER],
        maxAge: 600,
      });
      if (deps.requestsPerMinute > 0) await registerChatRateLimit(scope, deps.requestsPerMinute, deps.i18n);
      registerChatApi(scope, deps);
    },
    { prefix: '/api/chat' },
  );

  for (const { route, file, type } of STATIC_FILES) {
    const content = readFileSync(path.join(publicDir, file));
    server.get(route, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=300').send(content),
    );
  }
}

async function registerChatRateLimit(scope: FastifyInstance, max: number, i18n: Translator): Promise<void> {
  const message = `${i18n.t('vi', 'chat:web.rateLimited')} / ${i18n.t('en', 'chat:web.rateLimited')}`;
  await scope.register(rateLimit, {
    max,
    timeWindow: '1 minute',
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: () => new DomainError('rate_limited', message, 'chat.rate_limited'),
  });
}

function registerChatApi(server: FastifyInstance, deps: WebChatDependencies): void {
  server.post('/messages', { logLevel: inboundLogLevel(server.log) }, async (request, reply) => {
    const parsed = postBody.safeParse(request.body);
    if (!parsed.success) return reply.status(400).send(badRequest(parsed.error));
    const body = parsed.data;
    if (body.sessionId !== undefined && !deps.sessionIds.isIssued(body.sessionId)) return unknownSession(reply);
    const session = body.sessionId ?? deps.sessionIds.issue();
    const replies = await deps.engine.handleInbound({
      channel: 'web',
      platformUserId: session,
      chatId: session,
      ...(body.text !== undefined ? { text: body.text } : {}),
      ...(body.choice !== undefined ? { choice: body.choice } : {}),
      attachments: [],
      platformMessageId: randomUUID(),
      sentAt: deps.clock.now(),
      ...(body.locale ? { localeHint: body.locale } : {}),
      sourceAddress: request.ip,
    });
    return { sessionId: session, replies };
  });

  server.get('/messages', async (request, reply) => {
    const session = request.headers[SESSION_HEADER];
    if (typeof session !== 'string' || !deps.sessionIds.isIssued(session)) return unknownSession(reply);
    const parsed = getQuery.safeParse(request.query);
    if (!parsed.success) return reply.status(400).send(badRequest(parsed.error));
    const { after } = parsed.data;
    return { messages: await deps.mailbox.mailbox(session, after, MAILBOX_PAGE) };
  });

  // the widget's own labels, from locales/*/chat.json like every other text
  server.get('/texts', async (request) => {
    const locale = z.object({ locale: z.enum(['vi', 'en']).default('vi') }).safeParse(request.query);
    const lang = locale.success ? locale.data.locale : 'vi';
    const t = (key: string) => deps.i18n.t(lang, `chat:web.${key}`);
    return {
      title: t('title'),
      placeholder: t('placeholder'),
      send: t('send'),
      offline: t('offline'),
      unavailable: t('unavailable'),
      invalid: deps.i18n.t(lang, 'chat:web.invalid', { max: MAX_WEB_TEXT_LENGTH }),
      helpful: deps.i18n.t(lang, 'chat:feedback.question'),
      maxLength: MAX_WEB_TEXT_LENGTH,
    };
  });
}
