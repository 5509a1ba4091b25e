// Finding a locality by what a citizen or officer types: "van quan", "Văn Quan", "tt na sam".
import type { Db } from '../db/database.js';
import { foldDiacritics } from '../lib/text.js';
import type { LocalityLevel } from './import.js';

export interface LocalityMatch {
  code: string;
  name: string;
  level: string;
  parentName: string | null;
}

/** Common abbreviations of administrative unit types, folded. */
const TYPE_ABBREVIATIONS: Record<string, string> = { tt: 'thi tran', tp: 'thanh pho', h: 'huyen', p: 'phuong', x: 'xa' };

function foldQuery(query: string): string {
  const words = foldDiacritics(query).replace(/[^\p{L}\p{N} ]/gu, ' ').split(' ').filter(Boolean);
  return words.map((word) => TYPE_ABBREVIATIONS[word] ?? word).join(' ');
}

/**
 * Localities whose folded name contains the folded query, best first (exact name, then
 * prefix, then substring), optionally of one level or under one parent.
 */
export async function searchLocalities(db: Db, query: string, options: { level?: LocalityLevel; parentCode?: string; limit?: number } = {}): Promise<LocalityMatch[]> {
  const folded = foldQuery(query);
  if (folded.length < 2) return [];
  const rows = await db.locality.findMany({
    where: {
      nameFolded: { contains: folded },
      ...(options.level ? { level: options.level } : {}),
      ...(options.parentCode ? { parentCode: options.parentCode } : {}),
    },
    include: { parent: { select: { name: true } } },
    take: 50,
  });
  const rank = (nameFolded: string) => {
    const bare = nameFolded.replace(/^(tinh|thanh pho|huyen|thi xa|thi tran|phuong|xa) /, '');
    if (bare === folded || nameFolded === folded) return 0;
    if (bare.startsWith(folded) || nameFolded.startsWith(folded)) return 1;
    return 2;
  };
  return rows
    .sort((a, b) => rank(a.nameFolded) - rank(b.nameFolded) || a.name.localeCompare(b.name, 'vi'))
    .slice(0, options.limit ?? 8)
    .map((row) => ({ code: row.code, name: row.name, level: row.level, parentName: row.parent?.name ?? null }));
}
