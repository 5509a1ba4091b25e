// Where a code leads on today's map. A code of today's map is that unit: the 2025 reform gave
// each new unit the code of one of the units merged into it, so a reused code means today's
// unit. A former code (FormerLocality) leads to the successor that took all or most of it or,
// when the unit was split with no main part, to each of its successors.
import type { Db } from '../db/database.js';

interface Edge {
  code: string;
  successorCode: string;
  share: string;
}

/** The successors a former unit leads to, from its rows (in file order). */
export function leadsTo(edges: readonly Pick<Edge, 'successorCode' | 'share'>[]): string[] {
  const main = edges.find((edge) => edge.share !== 'part');
  return main ? [main.successorCode] : edges.map((edge) => edge.successorCode);
}

function groupEdges(edges: readonly Edge[]): Map<string, Edge[]> {
  const groups = new Map<string, Edge[]>();
  for (const edge of edges) groups.set(edge.code, [...(groups.get(edge.code) ?? []), edge]);
  return groups;
}

/** For each code: [itself] when it is on today's map, the units it leads to when former, [] when unknown. */
export async function resolveCodes(db: Db, codes: readonly string[]): Promise<Map<string, string[]>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const current = new Set(
    (await db.locality.findMany({ where: { code: { in: unique } }, select: { code: true } })).map((row) => row.code),
  );
  const formerCodes = unique.filter((code) => !current.has(code));
  const edges = formerCodes.length
    ? await db.formerLocality.findMany({
        where: { code: { in: formerCodes } },
        select: { code: true, successorCode: true, share: true },
        orderBy: { position: 'asc' },
      })
    : [];
  const byCode = groupEdges(edges);
  return new Map(unique.map((code) => [code, current.has(code) ? [code] : leadsTo(byCode.get(code) ?? [])]));
}

/** Codes of earlier maps, other than `unitCodes` themselves, that lead to one of `unitCodes`. */
export async function formerCodesLeadingTo(
  db: Db,
  unitCodes: readonly string[],
  level?: 'district' | 'commune',
): Promise<string[]> {
  if (unitCodes.length === 0) return [];
  const rows = await db.formerLocality.findMany({
    where: { successorCode: { in: [...unitCodes] }, ...(level ? { level } : {}) },
    select: { code: true },
  });
  const wanted = new Set(unitCodes);
  const candidates = [...new Set(rows.map((row) => row.code))].filter((code) => !wanted.has(code));
  const resolved = await resolveCodes(db, candidates);
  return candidates.filter((code) => (resolved.get(code) ?? []).some((successor) => wanted.has(successor)));
}
