// Where the 2025 map of Lạng Sơn comes from: prisma/seed/localities-lang-son-2025-sources.csv
// gives, for each of the 65 units, the public pages that confirm its merged units and its code,
// and whether they do (docs/election-2026-facts.md, section 5). The file must cover the map
// exactly and cite web pages only, never a code repository.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readCsvLines } from '../../src/lib/csv-lines.js';
import { parseLocalitiesCsv } from '../../src/localities/import.js';

const urls = z
  .string()
  .trim()
  .regex(/^(https?:\/\/\S+( https?:\/\/\S+)*)?$/, 'must be URLs separated by spaces');
const row = z.object({
  code: z.string().regex(/^\d{5}$/),
  name: z.string().min(1),
  merger_source_url: urls,
  code_source_url: urls,
  status: z.enum(['confirmed', 'corrected', 'unconfirmed']),
  note: z.string(),
});

const units = parseLocalitiesCsv(readFileSync('prisma/seed/localities-lang-son-2025.csv', 'utf8')).filter(
  (unit) => unit.level === 'commune',
);
const { lines, problems } = readCsvLines(readFileSync('prisma/seed/localities-lang-son-2025-sources.csv', 'utf8'), row);
const sources = lines.map((line) => line.data);

describe('the sources of the 2025 map of Lạng Sơn', () => {
  it('has one well-formed line per unit of the map, under the same code and name', () => {
    expect(problems).toEqual([]);
    expect(sources.map((source) => [source.code, source.name])).toEqual(units.map((unit) => [unit.code, unit.name]));
  });

  it('names a page for every unit it calls confirmed or corrected', () => {
    const unsourced = sources.filter((source) => source.status !== 'unconfirmed' && source.merger_source_url === '');
    expect(unsourced).toEqual([]);
  });

  it('cites public web pages, never a code repository', () => {
    const cited = sources.flatMap((source) =>
      `${source.merger_source_url} ${source.code_source_url}`.split(' ').filter(Boolean),
    );
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((url) => /github|gitlab|bitbucket/i.test(url))).toEqual([]);
  });
});
