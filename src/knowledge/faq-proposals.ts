// Growing the knowledge base from what citizens asked. A supervisor or an admin proposes either
// to attach a question to an existing entry (a new variant, on the side of the question's
// language) or a new entry (question, answer and legal basis in Vietnamese and English); an
// admin who did not write it approves or rejects it; an edit by its author sends it back for
// approval, and an approval names the revision the admin read. Every step is in the audit log;
// an approval bumps the approved-changes counter in the same transaction, so every instance
// rebuilds its knowledge base (src/knowledge/live-knowledge-base.ts).
import { z } from 'zod';
import type { AuditAppender } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { LOCALES, type Locale } from '../i18n.js';
import type { Clock } from '../lib/clock.js';
import { DomainError } from '../lib/errors.js';
import { foldDiacritics } from '../lib/text.js';
import { FAQ_APPROVER_ROLES, FAQ_PROPOSER_ROLES } from '../officers/roles.js';
import type { Actor } from '../tickets/types.js';
import { bumpFaqContentVersion, changeOf } from './approved-faq-changes.js';
import { entrySideSchema, FAQ_ID_PATTERN, wordingKey, type EntrySide } from './faq-changes.js';
import type { LiveKnowledgeBase } from './live-knowledge-base.js';

export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export type ProposalActor = Pick<Actor, 'officerId' | 'role'>;

const faqIdSchema = z.string().trim().min(1).max(80).regex(FAQ_ID_PATTERN, 'an entry id is made of a-z, 0-9 and "-"');
// an id of digits only would be reordered to the top of the locale files by JSON.parse
const newIdSchema = faqIdSchema.refine((id) => !/^\d+$/.test(id), 'an entry id needs at least one letter');
const sourceSchema = z.string().trim().min(1).max(500).nullable().default(null);

const variantBody = z.object({
  kind: z.literal('variant'),
  faqId: faqIdSchema,
  locale: z.enum(LOCALES),
  text: z.string().trim().min(1).max(500),
  /** the unanswered question's group (its normalised form) */
  sourceNormalized: sourceSchema,
});
const entryBody = z.object({
  kind: z.literal('entry'),
  /** absent: derived from the English question */
  id: newIdSchema.optional(),
  vi: entrySideSchema,
  en: entrySideSchema,
  related: z
    .array(faqIdSchema)
    .max(6)
    .default([])
    .transform((ids) => [...new Set(ids)]),
  sourceNormalized: sourceSchema,
});
export const proposalBodySchema = z.discriminatedUnion('kind', [variantBody, entryBody]);
export type ProposalBody = z.output<typeof proposalBodySchema>;

export const reviewBodySchema = z.object({
  /** the revision the admin read: an edit made since makes the decision a conflict */
  revision: z.number().int().positive(),
  note: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((note) => note || null),
});
export type ReviewBody = z.output<typeof reviewBodySchema>;

/** What is checked before a proposal is stored or approved. */
type ProposedChange =
  | { kind: 'variant'; faqId: string; locale: Locale; text: string }
  | { kind: 'entry'; id?: string; vi: EntrySide; en: EntrySide; related: string[] };

export interface ProposalView {
  id: string;
  kind: 'variant' | 'entry';
  status: ProposalStatus;
  /** the entry a variant joins, or the new entry's id */
  faqId: string;
  variant: { locale: Locale; text: string } | null;
  entry: { vi: EntrySide; en: EntrySide; related: string[] } | null;
  sourceNormalized: string | null;
  revision: number;
  createdById: string | null;
  reviewedById: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type ProposalRow = Awaited<ReturnType<Db['faqProposal']['findUniqueOrThrow']>>;

function toView(row: ProposalRow): ProposalView {
  const change = changeOf(row);
  return {
    id: row.id,
    kind: change.kind,
    status: PROPOSAL_STATUSES.find((status) => status === row.status) ?? 'pending',
    faqId: row.faqId,
    variant: change.kind === 'variant' ? { locale: change.locale, text: change.text } : null,
    entry: change.kind === 'entry' ? { vi: change.vi, en: change.en, related: change.related } : null,
    sourceNormalized: row.sourceNormalized,
    revision: row.revision,
    createdById: row.createdById,
    reviewedById: row.reviewedById,
    reviewedAt: row.reviewedAt,
    reviewNote: row.reviewNote,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What a proposal stores: its entry id, side and content. */
function storedFields(body: ProposalBody, faqId: string) {
  return body.kind === 'variant'
    ? { kind: body.kind, faqId, locale: body.locale, content: JSON.stringify({ text: body.text }) }
    : {
        kind: body.kind,
        faqId,
        locale: null,
        content: JSON.stringify({ vi: body.vi, en: body.en, related: body.related }),
      };
}

/** An id from the English question: "Is voting compulsory?" → "is-voting-compulsory". */
export function deriveEntryId(question: string, taken: ReadonlySet<string>): string {
  const words = foldDiacritics(question)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 8);
  const joined = words.join('-').slice(0, 60).replace(/-+$/, '') || 'entry';
  const base = /^\d+$/.test(joined) ? `entry-${joined}` : joined;
  for (let suffix = 1; ; suffix += 1) {
    const id = suffix === 1 ? base : `${base}-${suffix}`;
    if (!taken.has(id)) return id;
  }
}

export interface FaqProposalDeps {
  db: Db;
  audit: AuditAppender;
  clock: Clock;
  /** the entries proposals are checked against; refreshed before an approval */
  knowledge: Pick<LiveKnowledgeBase, 'entries' | 'refresh'>;
}

export type FaqProposalService = ReturnType<typeof createFaqProposalService>;

export function createFaqProposalService({ db, audit: chain, clock, knowledge }: FaqProposalDeps) {
  function requireRole(actor: ProposalActor, roles: readonly Actor['role'][], action: string): void {
    if (!roles.includes(actor.role))
      throw new DomainError(
        'forbidden',
        `a ${actor.role} may not ${action} a knowledge-base proposal`,
        'faq.forbidden',
      );
  }

  async function loadRow(id: string): Promise<ProposalRow> {
    const row = await db.faqProposal.findUnique({ where: { id } });
    if (!row) throw new DomainError('not_found', 'No such proposal.', 'faq.proposal_not_found');
    return row;
  }

  /** The entry whose question or variant on the `locale` side reads like `text`, if any. */
  function entryWithWording(locale: Locale, text: string): string | undefined {
    const key = wordingKey(text);
    for (const entry of knowledge.entries.values()) {
      const side = entry.text[locale];
      if ([side.question, ...side.variants].some((wording) => wordingKey(wording) === key)) return entry.id;
    }
    return undefined;
  }

  async function checkVariant(
    body: Extract<ProposedChange, { kind: 'variant' }>,
    options: { exceptId?: string; pendingToo: boolean },
  ): Promise<void> {
    if (!knowledge.entries.has(body.faqId))
      throw new DomainError('invalid', `There is no entry "${body.faqId}".`, 'faq.unknown_entry');
    const holder = entryWithWording(body.locale, body.text);
    if (holder !== undefined)
      throw new DomainError(
        'conflict',
        `This question is already asked that way in entry "${holder}".`,
        'faq.variant_exists',
      );
    if (!options.pendingToo) return;
    const pending = await db.faqProposal.findMany({
      where: {
        kind: 'variant',
        status: 'pending',
        locale: body.locale,
        ...(options.exceptId ? { id: { not: options.exceptId } } : {}),
      },
    });
    const key = wordingKey(body.text);
    const twin = pending.find((row) => {
      const change = changeOf(row);
      return change.kind === 'variant' && wordingKey(change.text) === key;
    });
    if (twin)
      throw new DomainError(
        'conflict',
        `This question already awaits approval for entry "${twin.faqId}".`,
        'faq.variant_pending',
      );
  }

  /** Ids that a new entry may not take: every entry, and every other proposed entry. */
  async function takenIds(exceptId?: string): Promise<Set<string>> {
    const proposed = await db.faqProposal.findMany({
      where: { kind: 'entry', ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { faqId: true },
    });
    return new Set([...knowledge.entries.keys(), ...proposed.map((row) => row.faqId)]);
  }

  function checkRelated(related: readonly string[], ownId: string): void {
    const unknown = related.filter((id) => id === ownId || !knowledge.entries.has(id));
    if (unknown.length > 0)
      throw new DomainError(
        'invalid',
        `Related entries must be existing entries: ${unknown.join(', ')}.`,
        'faq.unknown_related',
      );
  }

  /** Checks `body` and returns the entry id it stores. */
  async function checkedFaqId(
    body: ProposedChange,
    options: { exceptId?: string; currentId?: string; pendingToo: boolean },
  ): Promise<string> {
    if (body.kind === 'variant') {
      await checkVariant(body, options);
      return body.faqId;
    }
    const taken = await takenIds(options.exceptId);
    const wanted = body.id ?? options.currentId;
    if (wanted !== undefined && taken.has(wanted))
      throw new DomainError('conflict', `The entry id "${wanted}" is taken.`, 'faq.id_taken');
    const id = wanted ?? deriveEntryId(body.en.question, taken);
    checkRelated(body.related, id);
    return id;
  }

  function requireUnchanged(row: ProposalRow, revision: number): void {
    if (row.status !== 'pending')
      throw new DomainError('conflict', `This proposal is ${row.status} already.`, 'faq.not_pending');
    if (row.revision !== revision)
      throw new DomainError('conflict', 'The proposal was edited meanwhile; read it again.', 'faq.changed');
  }

  const audit = (
    actor: ProposalActor,
    action: string,
    row: { id: string; kind: string; faqId: string; locale: string | null },
    detail: Record<string, unknown>,
  ) => ({
    officerId: actor.officerId,
    action,
    targetType: 'faq_proposal',
    targetId: row.id,
    detail: { kind: row.kind, faqId: row.faqId, ...(row.locale ? { locale: row.locale } : {}), ...detail },
  });

  return {
    async get(id: string): Promise<ProposalView> {
      return toView(await loadRow(id));
    },

    /** Proposals in `status`, latest first; without one, every pending proposal, then the latest decided ones. */
    async list(options: { status?: ProposalStatus; decided?: number } = {}): Promise<ProposalView[]> {
      const latest = (where: { status: string | { not: string } }, take?: number) =>
        db.faqProposal.findMany({ where, orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }], ...(take ? { take } : {}) });
      const decided = options.decided ?? 50;
      const rows = options.status
        ? await latest({ status: options.status }, decided)
        : [...(await latest({ status: 'pending' })), ...(await latest({ status: { not: 'pending' } }, decided))];
      return rows.map(toView);
    },

    async propose(actor: ProposalActor, body: ProposalBody): Promise<ProposalView> {
      requireRole(actor, FAQ_PROPOSER_ROLES, 'write');
      const faqId = await checkedFaqId(body, { pendingToo: true });
      const row = await db.$transaction(async (tx) => {
        const created = await tx.faqProposal.create({
          data: { ...storedFields(body, faqId), sourceNormalized: body.sourceNormalized, createdById: actor.officerId },
        });
        await chain.append(tx, audit(actor, 'faq.propose', created, { revision: created.revision }));
        return created;
      });
      return toView(row);
    },

    /** The author's edit of a pending or rejected proposal: it waits for approval again. */
    async edit(actor: ProposalActor, id: string, body: ProposalBody): Promise<ProposalView> {
      requireRole(actor, FAQ_PROPOSER_ROLES, 'edit');
      const row = await loadRow(id);
      if (row.createdById !== actor.officerId)
        throw new DomainError('forbidden', 'Only the author may edit a proposal.', 'faq.not_author');
      if (row.status === 'approved')
        throw new DomainError('conflict', 'An approved proposal can no longer be edited.', 'faq.not_pending');
      if (body.kind !== row.kind)
        throw new DomainError('invalid', 'A proposal keeps its kind; write a new one instead.', 'faq.kind_changed');
      const faqId = await checkedFaqId(body, { exceptId: id, currentId: row.faqId, pendingToo: true });
      const updated = await db.$transaction(async (tx) => {
        const { count } = await tx.faqProposal.updateMany({
          where: { id, status: row.status, revision: row.revision },
          data: {
            ...storedFields(body, faqId),
            sourceNormalized: body.sourceNormalized ?? row.sourceNormalized,
            status: 'pending',
            revision: row.revision + 1,
            reviewedById: null,
            reviewedAt: null,
            reviewNote: null,
          },
        });
        if (count === 0)
          throw new DomainError('conflict', 'The proposal changed meanwhile; read it again.', 'faq.changed');
        const saved = await tx.faqProposal.findUniqueOrThrow({ where: { id } });
        await chain.append(tx, audit(actor, 'faq.edit', saved, { revision: saved.revision, from: row.status }));
        return saved;
      });
      return toView(updated);
    },

    /** An admin other than the author; the change reaches every instance's knowledge base. */
    async approve(actor: ProposalActor, id: string, review: ReviewBody): Promise<ProposalView> {
      requireRole(actor, FAQ_APPROVER_ROLES, 'approve');
      const row = await loadRow(id);
      if (row.createdById === actor.officerId)
        throw new DomainError(
          'forbidden',
          'A proposal must be approved by someone other than its author.',
          'faq.self_approval',
        );
      requireUnchanged(row, review.revision);
      // checked against the latest approved content: another approval may have taken the id
      // or the wording since it was proposed
      await knowledge.refresh();
      const change = changeOf(row);
      await checkedFaqId(change.kind === 'variant' ? change : { ...change, id: change.faqId }, {
        exceptId: id,
        pendingToo: false,
      });
      const approved = await db.$transaction(async (tx) => {
        const { count } = await tx.faqProposal.updateMany({
          where: { id, status: 'pending', revision: review.revision },
          data: { status: 'approved', reviewedById: actor.officerId, reviewedAt: clock.now(), reviewNote: review.note },
        });
        if (count === 0)
          throw new DomainError('conflict', 'The proposal changed meanwhile; read it again.', 'faq.changed');
        const version = await bumpFaqContentVersion(tx);
        await chain.append(tx, audit(actor, 'faq.approve', row, { revision: review.revision, version }));
        return tx.faqProposal.findUniqueOrThrow({ where: { id } });
      });
      // takes effect here at once; should this rebuild fail, the refresh service retries and logs
      await knowledge.refresh().catch(() => false);
      return toView(approved);
    },

    /** Sends it back to its author, with an optional note saying why. */
    async reject(actor: ProposalActor, id: string, review: ReviewBody): Promise<ProposalView> {
      requireRole(actor, FAQ_APPROVER_ROLES, 'reject');
      const row = await loadRow(id);
      requireUnchanged(row, review.revision);
      const rejected = await db.$transaction(async (tx) => {
        const { count } = await tx.faqProposal.updateMany({
          where: { id, status: 'pending', revision: review.revision },
          data: { status: 'rejected', reviewedById: actor.officerId, reviewedAt: clock.now(), reviewNote: review.note },
        });
        if (count === 0)
          throw new DomainError('conflict', 'The proposal changed meanwhile; read it again.', 'faq.changed');
        await chain.append(tx, audit(actor, 'faq.reject', row, { revision: review.revision }));
        return tx.faqProposal.findUniqueOrThrow({ where: { id } });
      });
      return toView(rejected);
    },
  };
}
