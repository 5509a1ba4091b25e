// An admin's edits to the election calendar (the Setting "broadcasts.electionCalendar"): the
// dates and hours the reminders are counted from, over the election file's.
import type { z } from 'zod';
import { electionSchema, type ElectionConfig } from '../config/election.js';

export const calendarOverrideSchema = electionSchema
  .pick({ electionDay: true, pollingHours: true, timeZone: true, milestones: true })
  .partial();
export type CalendarOverride = z.infer<typeof calendarOverrideSchema>;

export function withCalendarOverride(election: ElectionConfig, override: CalendarOverride | null): ElectionConfig {
  return override ? { ...election, ...override } : election;
}
