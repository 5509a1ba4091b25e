// Learning from gaps: every fallback, every question asked back (the bot was unsure) and every
// "not helpful" vote is stored (question text, its normalised form, channel, language, time;
// nothing about the person) and listed for officers, most frequent first, so the content grows
// where citizens need it. Personal data typed into a question (phone and ID numbers, e-mail,
// addresses) is masked before it is stored.
import type { Db } from '../db/database.js';
import type { Channel } from '../conversation/messages.js';
import { isLocale, type Locale } from '../i18n.js';
import { normalizeVietnamese } from './normalize.js';
import { maskPersonalData } from '../security/mask-personal-data.js';

/** What a question told about the knowledge base: a gap (no answer, unsure, unhelpful) or a helpful answer. */
const GAP_KINDS = ['fallback', 'asked_back', 'not_helpful'] as const;
type GapKind = (typeof GAP_KINDS)[number];
export type FeedbackKind = GapKind | 'helpful';

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
  /** of the latest wording: no answer, asked back, or an answer that did not help */
  kind: GapKind;
  /** the closest entry offered when asked back, or the answer that did not help */
  faqId: string | null;
  /** the language the citizen chose; null for questions stored before it was recorded */
  locale: Locale | null;
}

/**
 * The knowledge base's to-do list: fallbacks, ask-backs and "not helpful" votes grouped by
 * normalised text, most frequent first. `handled`: groups an approved proposal already answers.
 */
export async function listUnansweredQuestions(
  db: Db,
  options: { limit: number; handled?: readonly string[] },
): Promise<UnansweredQuestion[]> {
  const handled = options.handled ?? [];
  const where = {
    kind: { in: [...GAP_KINDS] },
    ...(handled.length > 0 ? { normalized: { notIn: [...handled] } } : {}),
  };
  const groups = await db.faqFeedback.groupBy({
    by: ['normalized'],
    where,
    _count: { _all: true },
    // the latest row of each group is its example: the wording, kind and entry shown
    _max: { createdAt: true, id: true },
    orderBy: [{ _count: { normalized: 'desc' } }, { _max: { createdAt: 'desc' } }, { normalized: 'asc' }],
    take: options.limit,
  });
  if (groups.length === 0) return [];
  const latest = await db.faqFeedback.findMany({
    where: { id: { in: groups.flatMap((group) => (group._max.id === null ? [] : [group._max.id])) } },
    select: { id: true, question: true, kind: true, faqId: true, locale: true },
  });
  const byId = new Map(latest.map((row) => [row.id, row]));
  return groups.map((group) => {
    const example = group._max.id === null ? undefined : byId.get(group._max.id);
    return {
      normalized: group.normalized,
      example: example?.question ?? group.normalized,
      count: group._count._all,
      lastAskedAt: group._max.createdAt ?? new Date(0),
      kind: GAP_KINDS.find((kind) => kind === example?.kind) ?? 'fallback',
      faqId: example?.faqId ?? null,
      locale: example?.locale && isLocale(example.locale) ? example.locale : null,
    };
  });
}
