// The election as it applies now: the election file with an admin's calendar edits from the
// console (Setting "broadcasts.electionCalendar") over it. Reminders, filing windows and the
// cut-off for complaints about candidates (derived from election day) all read it, so moving
// election day in the console moves them together.
import type { ElectionConfig } from '../config/election.js';
import type { Db, Transaction } from '../db/client.js';
import { withCalendarOverride } from './election-calendar.js';
import { readSetting } from './settings-store.js';

export const ELECTION_CALENDAR_KEY = 'broadcasts.electionCalendar';

/** The election config with the admin's calendar edits applied. */
export async function readElectionCalendar(db: Db | Transaction, election: ElectionConfig): Promise<ElectionConfig> {
  return withCalendarOverride(election, await readSetting(db, ELECTION_CALENDAR_KEY));
}
