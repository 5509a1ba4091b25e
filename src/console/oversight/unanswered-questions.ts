// Questions the bot could not answer (no match) or whose answer did not help, grouped by
// their normalised form, most frequent first: the knowledge base's to-do list. Groups already
// answered by an approved proposal are left out (`handled`).
import type { Db } from '../../db/database.js';

/** Enough recent rows to find an example wording for each group without reading them all. */
const EXAMPLE_ROWS = 5000;

export async function unansweredQuestions(db: Db, limit: number, handled: readonly string[] = []) {
  const groups = await db.faqFeedback.groupBy({
    by: ['normalized'],
    where: {
      kind: { in: ['fallback', 'not_helpful'] },
      ...(handled.length > 0 ? { normalized: { notIn: [...handled] } } : {}),
    },
    _count: { _all: true },
    _max: { createdAt: true },
    orderBy: [{ _count: { normalized: 'desc' } }, { normalized: 'asc' }],
    take: limit,
  });
  const examples = groups.length
    ? await db.faqFeedback.findMany({
        where: {
          normalized: { in: groups.map((group) => group.normalized) },
          kind: { in: ['fallback', 'not_helpful'] },
        },
        orderBy: { id: 'desc' },
        take: EXAMPLE_ROWS,
        select: { normalized: true, question: true, kind: true, faqId: true, locale: true },
      })
    : [];
  const exampleOf = new Map<string, { question: string; kind: string; faqId: string | null; locale: string | null }>();
  for (const example of examples) if (!exampleOf.has(example.normalized)) exampleOf.set(example.normalized, example);
  return groups.map((group) => {
    const example = exampleOf.get(group.normalized);
    return {
      normalized: group.normalized,
      count: group._count._all,
      lastAskedAt: group._max.createdAt?.toISOString() ?? null,
      example: example?.question ?? group.normalized,
      /** of the latest wording: no answer (fallback) or an answer that did not help (not_helpful, with its entry) */
      kind: example?.kind ?? 'fallback',
      faqId: example?.faqId ?? null,
      /** the language the citizen chose; null for questions stored before it was recorded */
      locale: example?.locale ?? null,
    };
  });
}
