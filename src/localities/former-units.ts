// The units of an earlier map and where each went: one CSV line per (former unit, today's unit)
// pair, in the order the law lists them: code,former_code,former_name,former_type,former_level,
// former_parent_code,share. `code` is today's unit; `share` says how much of the former unit it
// took: all, most (the main part of a split unit) or part. Every line is checked at once, and
// every `code` must be a unit of the map the file goes with.
import { z } from 'zod';
import { readCsvLines } from '../lib/csv-lines.js';
import { foldDiacritics } from '../lib/text.js';
import { LocalityImportError, type LocalityRow } from './import.js';

export const SHARES = ['all', 'most', 'part'] as const;
export type Share = (typeof SHARES)[number];

const code = z
  .string()
  .trim()
  .regex(/^\d{2,5}$/, 'must be 2 to 5 digits');
const row = z.object({
  code,
  former_code: code,
  former_name: z.string().trim().min(1, 'is empty'),
  former_type: z.string().trim().min(1, 'is empty'),
  former_level: z.enum(['district', 'commune']),
  former_parent_code: z.union([code, z.literal('')]),
  share: z.enum(SHARES),
});

export interface FormerUnitRow {
  successorCode: string;
  code: string;
  name: string;
  type: string;
  level: 'district' | 'commune';
  parentCode: string | null;
  share: Share;
  /** the line's place in the file */
  position: number;
}

export function parseFormerUnitsCsv(text: string, units: readonly LocalityRow[]): FormerUnitRow[] {
  const { lines, problems } = readCsvLines(text, row);
  const today = new Set(units.map((unit) => unit.code));
  const rows: FormerUnitRow[] = [];
  const seen = new Set<string>();
  for (const { line, data } of lines) {
    if (!today.has(data.code)) problems.push(`line ${line}: code ${data.code} is not a unit of the map`);
    const pair = `${data.former_code}>${data.code}`;
    if (seen.has(pair)) problems.push(`line ${line}: ${data.former_code} → ${data.code} appears twice`);
    seen.add(pair);
    rows.push({
      successorCode: data.code,
      code: data.former_code,
      name: data.former_name,
      type: data.former_type,
      level: data.former_level,
      parentCode: data.former_parent_code || null,
      share: data.share,
      position: line,
    });
  }
  for (const [formerCode, edges] of groupByCode(rows)) {
    if (new Set(edges.map((edge) => edge.name)).size > 1)
      problems.push(`former unit ${formerCode} has more than one name`);
    if (edges.filter((edge) => edge.share !== 'part').length > 1)
      problems.push(`former unit ${formerCode} has more than one successor with share "all" or "most"`);
  }
  if (problems.length > 0) throw new LocalityImportError(problems);
  return rows;
}

export function groupByCode(rows: readonly FormerUnitRow[]): Map<string, FormerUnitRow[]> {
  const groups = new Map<string, FormerUnitRow[]>();
  for (const edge of rows) groups.set(edge.code, [...(groups.get(edge.code) ?? []), edge]);
  return groups;
}

/** The row as stored (FormerLocality). */
export function formerLocalityData(edge: FormerUnitRow) {
  return {
    code: edge.code,
    successorCode: edge.successorCode,
    name: edge.name,
    type: edge.type,
    level: edge.level,
    parentCode: edge.parentCode,
    nameFolded: foldDiacritics(edge.name),
    share: edge.share,
    position: edge.position,
  };
}
