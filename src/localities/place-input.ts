// A place an officer types in the console (a queue filter, a broadcast audience): a code is
// taken as it is; a name, today's or a former one, must lead to exactly one unit of today's map.
import type { Db } from '../db/database.js';
import { DomainError } from '../lib/errors.js';
import { searchLocalities } from './search.js';

const CODE = /^\d{2,5}$/;
const SHOWN = 5;

export async function placeCode(db: Db, typed: string): Promise<string> {
  const input = typed.trim();
  if (CODE.test(input)) return input;
  const matches = await searchLocalities(db, input, { limit: SHOWN + 1 });
  const [only] = matches;
  if (only && matches.length === 1) return only.code;
  if (!only)
    throw new DomainError(
      'invalid',
      `No place is called "${input.slice(0, 60)}". Type its name as written, or its code.`,
      'locality.unknown',
    );
  const names = matches.slice(0, SHOWN).map((match) => `${match.name} (${match.code})`);
  throw new DomainError(
    'invalid',
    `"${input.slice(0, 60)}" could be ${names.join(', ')}${matches.length > SHOWN ? ', …' : ''}. Type more of the name, or the code.`,
    'locality.ambiguous',
  );
}
