// A CSV file with a header line, each line checked against a zod schema. Every bad line is
// reported at once (with its line number in the file), so a whole file is fixed in one go.
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';

export interface CsvLines<T> {
  /** the good lines, with their line numbers */
  lines: { line: number; data: T }[];
  /** one message per bad line, or the file's syntax error */
  problems: string[];
}

export function readCsvLines<Schema extends z.ZodType>(text: string, schema: Schema): CsvLines<z.output<Schema>> {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true });
  } catch (error) {
    return { lines: [], problems: [error instanceof Error ? error.message : String(error)] };
  }
  const result: CsvLines<z.output<Schema>> = { lines: [], problems: [] };
  records.forEach((record, index) => {
    const line = index + 2;
    const parsed = schema.safeParse(record);
    if (parsed.success) result.lines.push({ line, data: parsed.data });
    else
      result.problems.push(
        `line ${line}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join(', ')}`,
      );
  });
  return result;
}
