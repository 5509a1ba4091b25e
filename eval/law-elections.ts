// The elections the real questions are asked of: a question under the 2015 law of the 2021
// election, one under the 2025 law of a 2026 election (the answers differ, the phrasings are
// the same). The evaluation and the ranker's training read the entries from here alike.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadElectionConfig } from '../src/config/election.js';
import { createTranslator } from '../src/i18n.js';
import { loadFaqEntries, type FaqEntry } from '../src/knowledge/content.js';

export const ELECTION_FILES = {
  '2015': 'config/elections/lang-son-2021.json',
  '2025': 'config/elections/lang-son-2026.json',
} as const;

function entriesOf(file: string): FaqEntry[] {
  const election = loadElectionConfig(path.resolve(file));
  return loadFaqEntries(createTranslator(election), election);
}

/** The entries of each law's election (the 2015 law's when no 2025-law election is configured). */
export function entriesByLaw(): Record<'2015' | '2025', FaqEntry[]> {
  const entries2015 = entriesOf(ELECTION_FILES['2015']);
  return {
    '2015': entries2015,
    '2025': existsSync(ELECTION_FILES['2025']) ? entriesOf(ELECTION_FILES['2025']) : entries2015,
  };
}
