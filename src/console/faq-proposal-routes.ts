// The knowledge base's gaps in the console API: the questions the bot could not answer (was
// unsure of, or answered unhelpfully); proposals to attach one to an entry or to add an entry
// (supervisors and admins), approved or rejected by an admin; and the locale files with the
// approved changes merged in, to download. The FaqProposalService checks roles and states again.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LOCALES, localesDir } from '../i18n.js';
import { DomainError } from '../lib/errors.js';
import { readApprovedFaqChanges } from '../knowledge/approved-faq-changes.js';
import { listUnansweredQuestions } from '../knowledge/feedback.js';
import { mergeIntoFaqFiles, readFaqFiles } from '../knowledge/faq-export.js';
import {
  createFaqProposalService,
  PROPOSAL_STATUSES,
  proposalBodySchema,
  reviewBodySchema,
  type ProposalView,
} from '../knowledge/faq-proposals.js';
import type { LiveKnowledgeBase } from '../knowledge/live-knowledge-base.js';
import { FAQ_APPROVER_ROLES, FAQ_PROPOSER_ROLES } from '../officers/roles.js';
import { actorOf, officerOf, type RequireOfficer } from './auth/require-officer.js';
import type { ConsoleContext } from './console-context.js';
import { parseBody, parseParams, parseQuery } from './parse.js';

const idParams = z.object({ id: z.uuid() });
const localeParams = z.object({ locale: z.enum(LOCALES) });
const listQuery = z.object({ status: z.enum(PROPOSAL_STATUSES).optional() });

/** How many question groups the to-do list shows. */
const UNANSWERED_SHOWN = 100;

export function registerFaqProposalRoutes(
  server: FastifyInstance,
  context: ConsoleContext,
  requireOfficer: RequireOfficer,
  knowledge: LiveKnowledgeBase,
): void {
  const { db, clock } = context;
  const proposers = { preHandler: requireOfficer({ roles: FAQ_PROPOSER_ROLES }) };
  const approvers = { preHandler: requireOfficer({ roles: FAQ_APPROVER_ROLES }) };

  // Groups an approved proposal answered are done; a pending one is shown on its group.
  server.get('/api/console/unanswered', proposers, async () => {
    const proposals = await db.faqProposal.findMany({
      where: { status: { in: ['pending', 'approved'] }, sourceNormalized: { not: null } },
      select: { id: true, status: true, sourceNormalized: true },
    });
    const handled = proposals.flatMap((row) =>
      row.status === 'approved' && row.sourceNormalized ? [row.sourceNormalized] : [],
    );
    const pending = new Map(
      proposals.flatMap((row) =>
        row.status === 'pending' && row.sourceNormalized ? [[row.sourceNormalized, row.id] as const] : [],
      ),
    );
    const questions = await listUnansweredQuestions(db, { limit: UNANSWERED_SHOWN, handled });
    return {
      questions: questions.map((question) => ({
        ...question,
        pendingProposalId: pending.get(question.normalized) ?? null,
      })),
    };
  });

  // The locale file as `npm run faq:export` would write it, for a developer to commit.
  server.get('/api/console/faq/export/:locale', proposers, async (request, reply) => {
    const { locale } = parseParams(localeParams, request.params);
    const changes = await readApprovedFaqChanges(db);
    const files = mergeIntoFaqFiles(await readFaqFiles(localesDir), changes);
    await context.audit.append(db, {
      officerId: officerOf(request).id,
      action: 'faq.export',
      targetType: 'faq',
      targetId: locale,
      detail: { changes: changes.length },
    });
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="faq.${locale}.json"`)
      .send(files[locale]);
  });

  // Proposals are checked against the live knowledge base.
  const proposals = createFaqProposalService({ db, audit: context.audit, clock, knowledge });

  /** The views with their author's and reviewer's names. */
  async function withNames(views: ProposalView[]) {
    const ids = [
      ...new Set(
        views.flatMap((view) => [view.createdById, view.reviewedById].filter((id): id is string => id !== null)),
      ),
    ];
    const officers = await db.officer.findMany({
      where: { id: { in: ids } },
      select: { id: true, username: true, displayName: true },
    });
    const names = new Map(officers.map((officer) => [officer.id, officer.displayName ?? officer.username]));
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
    return views.map((view) => ({ ...view, author: nameOf(view.createdById), reviewer: nameOf(view.reviewedById) }));
  }

  const proposalId = (params: unknown) => {
    const parsed = idParams.safeParse(params);
    if (!parsed.success) throw new DomainError('not_found', 'No such proposal.', 'faq.proposal_not_found');
    return parsed.data.id;
  };

  /** Every entry's question in both languages, for the picker and to show what a proposal touches. */
  server.get('/api/console/faq/entries', proposers, async () => ({
    entries: [...knowledge.entries.values()].map((entry) => ({
      id: entry.id,
      question: { vi: entry.text.vi.question, en: entry.text.en.question },
    })),
    version: knowledge.version,
  }));

  server.get('/api/console/faq/proposals', proposers, async (request) => {
    const { status } = parseQuery(listQuery, request.query);
    return { proposals: await withNames(await proposals.list({ status })) };
  });

  server.post('/api/console/faq/proposals', proposers, async (request) => {
    const body = parseBody(proposalBodySchema, request.body);
    const [named] = await withNames([await proposals.propose(actorOf(officerOf(request)), body)]);
    return named;
  });

  server.put('/api/console/faq/proposals/:id', proposers, async (request) => {
    const id = proposalId(request.params);
    const body = parseBody(proposalBodySchema, request.body);
    const [named] = await withNames([await proposals.edit(actorOf(officerOf(request)), id, body)]);
    return named;
  });

  for (const action of ['approve', 'reject'] as const) {
    server.post(`/api/console/faq/proposals/:id/${action}`, approvers, async (request) => {
      const id = proposalId(request.params);
      const review = parseBody(reviewBodySchema, request.body);
      const [named] = await withNames([await proposals[action](actorOf(officerOf(request)), id, review)]);
      return named;
    });
  }
}
