// Finding a locality by what a citizen or officer types: "van quan", "Văn Quan", "tt na sam",
// or the name of a unit that no longer exists ("Khánh Xuân", merged into Xã Lộc Bình in 2025),
// which leads to today's unit it went into.
import type { Db } from '../db/database.js';
import { hasDiacritics } from '../knowledge/normalize.js';
import { foldDiacritics } from '../lib/text.js';
import type { LocalityLevel } from './import.js';
import { leadsTo } from './succession.js';

export interface LocalityMatch {
  code: string;
  name: string;
  level: string;
  /** the district it lies in, where the map has districts */
  parentName: string | null;
  /** set when the name typed was a former unit's: that unit's name ("Xã Khánh Xuân") */
  formerName: string | null;
}

/** Common abbreviations of administrative unit types, folded. */
const TYPE_ABBREVIATIONS: Record<string, string> = {
  tt: 'thi tran',
  tp: 'thanh pho',
  h: 'huyen',
  p: 'phuong',
  x: 'xa',
};
const TYPE_PREFIX = /^(tinh|thanh pho|huyen|thi xa|thi tran|phuong|xa) /;

function queryWords(query: string): string[] {
  return query
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .split(' ')
    .filter(Boolean);
}

function foldQuery(words: readonly string[]): string {
  // own keys only: "constructor" typed by a citizen must not reach Object.prototype
  return words
    .map((word) => foldDiacritics(word))
    .map((word) => (Object.hasOwn(TYPE_ABBREVIATIONS, word) ? TYPE_ABBREVIATIONS[word] : word))
    .join(' ');
}

/**
 * How well a name answers the query, best first: the whole name, typed with its diacritics;
 * the whole name without them (so "Tân Thanh" prefers Tân Thanh to Tân Thành); its start; any part.
 */
function rank(name: string, folded: string, accented: string | null): number {
  const nameFolded = foldDiacritics(name);
  const bare = nameFolded.replace(TYPE_PREFIX, '');
  if (bare === folded || nameFolded === folded) {
    const nameAccented = name.normalize('NFC').toLowerCase();
    return accented !== null && (nameAccented === accented || nameAccented.endsWith(` ${accented}`)) ? 0 : 1;
  }
  if (bare.startsWith(folded) || nameFolded.startsWith(folded)) return 2;
  return 3;
}

interface Found {
  code: string;
  rank: number;
  formerName: string | null;
}

/**
 * Today's units whose name, or the name of a former unit merged into them, contains the folded
 * query; best first, units found by their own name before those found by a former name;
 * optionally of one level or under one parent.
 */
export async function searchLocalities(
  db: Db,
  query: string,
  options: { level?: LocalityLevel; parentCode?: string; limit?: number } = {},
): Promise<LocalityMatch[]> {
  const words = queryWords(query);
  const folded = foldQuery(words);
  if (folded.length < 2) return [];
  const accented = words.some(hasDiacritics) ? words.join(' ') : null;
  const unitFilter = {
    ...(options.level ? { level: options.level } : {}),
    ...(options.parentCode ? { parentCode: options.parentCode } : {}),
  };
  const [direct, formerRows] = await Promise.all([
    db.locality.findMany({
      where: { nameFolded: { contains: folded }, ...unitFilter },
      select: { code: true, name: true },
      take: 50,
    }),
    // a former district spans many of today's communes: its name is no answer to "where?"
    db.formerLocality.findMany({
      where: { nameFolded: { contains: folded }, level: 'commune' },
      select: { code: true, name: true },
      take: 100,
    }),
  ]);
  const found = new Map<string, Found>();
  const keep = (candidate: Found) => {
    const known = found.get(candidate.code);
    const better =
      !known ||
      candidate.rank < known.rank ||
      (candidate.rank === known.rank && known.formerName !== null && candidate.formerName === null);
    if (better) found.set(candidate.code, candidate);
  };
  for (const unit of direct) keep({ code: unit.code, rank: rank(unit.name, folded, accented), formerName: null });
  if (formerRows.length > 0) {
    const formers = new Map(formerRows.map((row) => [row.code, row]));
    const edges = await db.formerLocality.findMany({
      where: { code: { in: [...formers.keys()] } },
      select: { code: true, successorCode: true, share: true },
      orderBy: { position: 'asc' },
    });
    for (const former of formers.values()) {
      const successors = leadsTo(edges.filter((edge) => edge.code === former.code));
      for (const code of successors) keep({ code, rank: rank(former.name, folded, accented), formerName: former.name });
    }
  }
  const units = await db.locality.findMany({
    where: { code: { in: [...found.keys()] }, ...unitFilter },
    include: { parent: { select: { name: true, level: true } } },
  });
  return units
    .map((unit) => ({ unit, hit: found.get(unit.code) ?? { code: unit.code, rank: 3, formerName: null } }))
    .sort(
      (a, b) =>
        a.hit.rank - b.hit.rank ||
        Number(a.hit.formerName !== null) - Number(b.hit.formerName !== null) ||
        a.unit.name.localeCompare(b.unit.name, 'vi'),
    )
    .slice(0, options.limit ?? 8)
    .map(({ unit, hit }) => ({
      code: unit.code,
      name: unit.name,
      level: unit.level,
      parentName: unit.parent?.level === 'district' ? unit.parent.name : null,
      formerName: hit.formerName,
    }));
}
