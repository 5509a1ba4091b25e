// Polling areas (khu vực bỏ phiếu) from a CSV an admin uploads or imports from the command
// line: commune_code,number,name,address[,map_url][,hours]. Every bad line is reported at once;
// nothing is written unless the whole file is good.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { DomainError } from '../lib/errors.js';
import { foldDiacritics } from '../lib/text.js';

const row = z.object({
  commune_code: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'must be the 5-digit commune code'),
  number: z.string().trim().min(1, 'is empty').max(20, 'is too long'),
  name: z.string().trim().min(1, 'is empty').max(200, 'is too long'),
  address: z.string().trim().min(1, 'is empty').max(300, 'is too long'),
  map_url: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || /^https?:\/\//.test(value), 'must start with http:// or https://'),
  hours: z
    .string()
    .trim()
    .max(60, 'is too long')
    .optional()
    .transform((value) => (value ? value : null)),
});

export interface PollingAreaRow {
  /** line in the file, for error messages */
  line: number;
  communeCode: string;
  number: string;
  name: string;
  address: string;
  mapUrl: string | null;
  hours: string | null;
}

/** A bad file: an "invalid" domain error, so the console's upload answers 400 with the lines. */
export class PollingAreaImportError extends DomainError {
  override name = 'PollingAreaImportError';
  constructor(readonly problems: string[]) {
    super(
      'invalid',
      `the polling-area file has ${problems.length} problem(s): ${problems.slice(0, 5).join('; ')}`,
      'polling.invalid_file',
    );
  }
}

export function parsePollingAreasCsv(text: string): PollingAreaRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true, relax_column_count: true });
  } catch (error) {
    throw new PollingAreaImportError([error instanceof Error ? error.message : String(error)]);
  }
  if (records.length === 0)
    throw new PollingAreaImportError([
      'the file has no rows (expected a header: commune_code,number,name,address,map_url,hours)',
    ]);
  const problems: string[] = [];
  const rows: PollingAreaRow[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    const line = index + 2;
    const parsed = row.safeParse(record);
    if (!parsed.success) {
      problems.push(
        `line ${line}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join(', ')}`,
      );
      return;
    }
    const key = `${parsed.data.commune_code}/${parsed.data.number}`;
    if (seen.has(key))
      problems.push(
        `line ${line}: polling area ${parsed.data.number} of commune ${parsed.data.commune_code} appears twice`,
      );
    seen.add(key);
    const { commune_code, number, name, address, map_url, hours } = parsed.data;
    rows.push({ line, communeCode: commune_code, number, name, address, mapUrl: map_url, hours });
  });
  if (problems.length > 0) throw new PollingAreaImportError(problems);
  return rows;
}

/**
 * Inserts or updates every row (keyed by commune and number) in one transaction, after
 * checking each commune code exists. Returns the number of rows written.
 */
export async function importPollingAreas(db: Db, rows: readonly PollingAreaRow[]): Promise<number> {
  const codes = [...new Set(rows.map((area) => area.communeCode))];
  const known = new Set(
    (await db.locality.findMany({ where: { code: { in: codes }, level: 'commune' }, select: { code: true } })).map(
      (locality) => locality.code,
    ),
  );
  const unknown = rows
    .filter((area) => !known.has(area.communeCode))
    .map((area) => `line ${area.line}: commune_code ${area.communeCode} is not a known commune`);
  if (unknown.length > 0) throw new PollingAreaImportError(unknown);
  await db.$transaction(
    rows.map((area) => {
      const data = {
        name: area.name,
        address: area.address,
        nameFolded: foldDiacritics(area.name),
        mapUrl: area.mapUrl,
        hours: area.hours,
      };
      return db.pollingArea.upsert({
        where: { communeCode_number: { communeCode: area.communeCode, number: area.number } },
        create: { communeCode: area.communeCode, number: area.number, ...data },
        update: data,
      });
    }),
  );
  return rows.length;
}
