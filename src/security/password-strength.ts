// Officer passwords must resist guessing, not only be long: "aaaaaaaaaa" and "password123" are
// ten characters too. zxcvbn-ts (Dropbox's zxcvbn, maintained in TypeScript) estimates how many
// guesses a password takes against common passwords, names, words, keyboard walks, repeats,
// sequences and dates; we also give it the words of this service and the user's own name.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's score 3: "safely unguessable: moderate protection from an offline slow-hash scenario" (≥ 10^8 guesses). */
const MIN_SCORE = 3;
/** Words an attacker of this service tries first (Vietnamese "password", "election", the province…). */
const SERVICE_WORDS = [
  'cutri',
  'cu tri',
  'matkhau',
  'mat khau',
  'baucu',
  'bau cu',
  'langson',
  'lang son',
  'quantri',
  'admin',
  'canbo',
  'uybanbaucu',
  'hoidongbaucu',
  'vietnam',
];

let zxcvbn: ZxcvbnFactory | null = null;

export type PasswordProblem = 'too_short' | 'too_weak';

/** Why `password` is refused, or null when it is strong enough. `userInputs`: the user name and other words of the account. */
export function passwordProblem(password: string, userInputs: readonly string[] = []): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, cutri: SERVICE_WORDS },
    graphs: common.adjacencyGraphs,
  });
  return zxcvbn.check(password, [...userInputs]).score < MIN_SCORE ? 'too_weak' : null;
}
