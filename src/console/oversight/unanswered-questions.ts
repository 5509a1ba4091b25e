// Questions the bot could not answer (no match) or whose answer did not help, grouped by
// their normalised form, most frequent first: the knowledge base's to-do list.
import type { Db } from '../../db/database.js';

/** Enough recent rows to find an example wording for each group without reading them all. */
const EXAMPLE_ROWS = 5000;

export async function unansweredQuestions(db: Db, limit: number) {
  const groups = await db.faqFeedback.groupBy({
    by: ['normalized'],
    where: { kind: { in: ['fallback', 'not_helpful'] } },
    _count: { _all: true },
    _max: { createdAt: true },
    orderBy: [{ _count: { normalized: 'desc' } }, { normalized: 'asc' }],
    take: limit,
  });
  const examples = groups.length
    ? await db.faqFeedback.findMany({ where: { normalized: { in: groups.map((group) => group.normalized) }, kind: { in: ['fallback', 'not_helpful'] } }, orderBy: { id: 'desc' }, take: EXAMPLE_ROWS, select: { normalized: true, question: true, kind: true } })
    : [];
  const exampleOf = new Map<string, { question: string; kind: string }>();
  for (const example of examples) if (!exampleOf.has(example.normalized)) exampleOf.set(example.normalized, example);
  return groups.map((group) => ({
    normalized: group.normalized,
    count: group._count._all,
    lastAskedAt: group._max.createdAt?.toISOString() ?? null,
    example: exampleOf.get(group.normalized)?.question ?? group.normalized,
  }));
}
