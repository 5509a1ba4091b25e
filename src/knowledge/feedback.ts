// Learning from gaps: every fallback and every "not helpful" vote is stored (question text,
// its normalised form, channel, language, time; nothing about the person) and listed for officers,
// most frequent first, so the content grows where citizens need it. Personal data typed into
// a question (phone and ID numbers, e-mail, addresses) is masked before it is stored.
import type { Db } from '../db/database.js';
import type { Channel } from '../conversation/messages.js';
import type { Locale } from '../i18n.js';
import { normalizeVietnamese } from './normalize.js';
import { maskPersonalData } from '../security/mask-personal-data.js';

export type FeedbackKind = 'fallback' | 'not_helpful' | 'helpful';
const GAP_KINDS: FeedbackKind[] = ['fallback', 'not_helpful'];

export interface FeedbackRecord {
  kind: FeedbackKind;
  question: string;
  channel: Channel;
  faqId?: string | null;
  /** the citizen's language: the side of an entry the question may later join */
  locale?: Locale;
  at?: Date;
}

/** Longest question stored: enough to read it, not a place to paste documents. */
const MAX_QUESTION_LENGTH = 500;

export async function recordFaqFeedback(db: Db, record: FeedbackRecord): Promise<void> {
  // masked before it is cut, so that no half of a number survives the cut
  const question = maskPersonalData(record.question.trim()).slice(0, MAX_QUESTION_LENGTH);
  await db.faqFeedback.create({
    data: {
      kind: record.kind,
      faqId: record.faqId ?? null,
      question,
      normalized: normalizeVietnamese(question) || question.toLowerCase(),
      channel: record.channel,
      locale: record.locale ?? null,
      ...(record.at ? { createdAt: record.at } : {}),
    },
  });
}

export interface UnansweredQuestion {
  /** the normalised form that groups the same question typed differently */
  normalized: string;
  /** the most recent wording a citizen typed */
  example: string;
  count: number;
  lastAskedAt: Date;
}

/** Fallbacks and "not helpful" votes grouped by normalised text, most frequent first. */
export async function listUnansweredQuestions(
  db: Db,
  options: { limit?: number; since?: Date } = {},
): Promise<UnansweredQuestion[]> {
  const where = { kind: { in: GAP_KINDS }, ...(options.since ? { createdAt: { gte: options.since } } : {}) };
  const groups = await db.faqFeedback.groupBy({
    by: ['normalized'],
    where,
    _count: { _all: true },
    _max: { createdAt: true },
    orderBy: [{ _count: { normalized: 'desc' } }, { _max: { createdAt: 'desc' } }],
    take: options.limit ?? 50,
  });
  if (groups.length === 0) return [];
  const latest = await db.faqFeedback.findMany({
    where: { ...where, normalized: { in: groups.map((group) => group.normalized) } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    distinct: ['normalized'],
    select: { normalized: true, question: true },
  });
  const examples = new Map(latest.map((row) => [row.normalized, row.question]));
  return groups.map((group) => ({
    normalized: group.normalized,
    example: examples.get(group.normalized) ?? group.normalized,
    count: group._count._all,
    lastAskedAt: group._max.createdAt ?? new Date(0),
  }));
}
