// What the chat flows show for the places a citizen's words matched: one option per unit of
// today's map, described with the former communes it took in when it was found by a former
// name, and, when a former name led to one unit, the notice "Xã Khánh Xuân nay thuộc Xã Lộc
// Bình (gồm …)." so the citizen learns the new name.
import type { Reply } from '../conversation/messages.js';
import type { Db } from '../db/database.js';
import { describeUnit, formerUnitsOf, type Texts } from './place-names.js';
import type { LocalityMatch } from './search.js';

export interface PlaceOption {
  code: string;
  label: string;
}

export async function placeOptions(db: Db, t: Texts, matches: readonly LocalityMatch[]): Promise<PlaceOption[]> {
  const formers = await formerUnitsOf(
    db,
    matches.filter((match) => match.formerName !== null).map((match) => match.code),
  );
  return matches.map((match) => ({
    code: match.code,
    label:
      match.formerName !== null
        ? describeUnit(t, match.name, formers.get(match.code) ?? [])
        : match.parentName
          ? `${match.name} (${match.parentName})`
          : match.name,
  }));
}

/** The notice "Xã Khánh Xuân nay thuộc Xã Lộc Bình (gồm …)." for a unit found by a former name; none otherwise. */
export async function renamedNotices(db: Db, t: Texts, match: LocalityMatch): Promise<Reply[]> {
  if (match.formerName === null) return [];
  const formers = await formerUnitsOf(db, [match.code]);
  return [
    {
      kind: 'notice',
      text: t('localities:nowPartOf', {
        former: match.formerName,
        current: describeUnit(t, match.name, formers.get(match.code) ?? []),
      }),
    },
  ];
}
