// The locality tree with the statistics office's codes: province → district → commune, or
// province → commune where districts no longer exist (since 1 July 2025). Loaded from the
// election file's map (prisma/seed/) on first start; an admin can import another province's
// CSV of the same shape: code,name,type,level,parent_code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readCsvLines } from '../lib/csv-lines.js';
import { foldDiacritics } from '../lib/text.js';
import type { Db } from '../db/database.js';

const LEVELS = ['province', 'district', 'commune'] as const;
export type LocalityLevel = (typeof LEVELS)[number];

const row = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{2,5}$/, 'code must be 2 to 5 digits'),
  name: z.string().trim().min(1, 'name is empty'),
  type: z.string().trim().min(1, 'type is empty'),
  level: z.enum(LEVELS),
  parent_code: z.string().trim(),
});

export interface LocalityRow {
  code: string;
  name: string;
  type: string;
  level: LocalityLevel;
  parentCode: string | null;
}

export class LocalityImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`the locality file has ${problems.length} problem(s): ${problems.slice(0, 5).join('; ')}`);
    this.name = 'LocalityImportError';
  }
}

/** The levels a unit's parent may have: a commune sits in a district, or directly in the province. */
const parentLevels: Record<LocalityLevel, readonly LocalityLevel[]> = {
  province: [],
  district: ['province'],
  commune: ['district', 'province'],
};

/** Parses and checks a whole file; reports every bad line at once rather than the first. */
export function parseLocalitiesCsv(text: string): LocalityRow[] {
  const { lines, problems } = readCsvLines(text, row);
  const rows: LocalityRow[] = lines.map(({ data: { code, name, type, level, parent_code } }) => ({
    code,
    name,
    type,
    level,
    parentCode: parent_code === '' ? null : parent_code,
  }));
  const byCode = new Map<string, LocalityRow>();
  for (const locality of rows) {
    if (byCode.has(locality.code)) problems.push(`code ${locality.code} appears twice`);
    byCode.set(locality.code, locality);
  }
  for (const locality of rows) {
    const expected = parentLevels[locality.level];
    if (expected.length === 0) {
      if (locality.parentCode !== null) problems.push(`province ${locality.code} must have no parent_code`);
      continue;
    }
    const parent = locality.parentCode === null ? undefined : byCode.get(locality.parentCode);
    if (!parent)
      problems.push(`${locality.level} ${locality.code} has no parent ${locality.parentCode ?? '(empty)'} in the file`);
    else if (!expected.includes(parent.level))
      problems.push(
        `${locality.level} ${locality.code} has a parent of level ${parent.level}, expected ${expected.join(' or ')}`,
      );
  }
  if (rows.filter((locality) => locality.level === 'province').length !== 1)
    problems.push('the file must contain exactly one province');
  if (problems.length > 0) throw new LocalityImportError(problems);
  return rows;
}

/** The rows in the order they can be written: provinces, then districts, then communes. */
export function parentsFirst(rows: readonly LocalityRow[]): LocalityRow[] {
  return [...rows].sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
}

/** Inserts or updates one row (its parent must be there already). */
export function upsertLocality(client: Pick<Db, 'locality'>, locality: LocalityRow) {
  const data = {
    name: locality.name,
    type: locality.type,
    level: locality.level,
    parentCode: locality.parentCode,
    nameFolded: foldDiacritics(locality.name),
  };
  return client.locality.upsert({
    where: { code: locality.code },
    create: { code: locality.code, ...data },
    update: data,
  });
}

/** Inserts or updates every row, parents first, in one transaction. */
export async function importLocalities(db: Db, rows: LocalityRow[]): Promise<number> {
  const ordered = parentsFirst(rows);
  await db.$transaction(ordered.map((locality) => upsertLocality(db, locality)));
  return ordered.length;
}

/** The seed map (Lạng Sơn, 2021): what an election file without its own `localities` is held on. */
export const SEED_LOCALITIES_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../prisma/seed/localities-lang-son-2021.csv',
);

/** On an empty database, loads the seed province (Lạng Sơn, 2021). */
export async function seedLocalitiesIfEmpty(db: Db): Promise<number> {
  if ((await db.locality.count()) > 0) return 0;
  return importLocalities(db, parseLocalitiesCsv(readFileSync(SEED_LOCALITIES_FILE, 'utf8')));
}
