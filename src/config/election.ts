// The election a deployment serves: dates, hours, province, contacts and holidays. Answers,
// deadlines and reminders read it, so another election is a new JSON file, not new code.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { describeError } from '../lib/errors.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const isoLocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'expected YYYY-MM-DD or YYYY-MM-DDTHH:MM');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const localized = z.object({ vi: z.string().min(1), en: z.string().min(1) });

export const electionSchema = z.object({
  id: z.string().min(1),
  name: localized,
  shortName: localized,
  /** which text of the election law applies: the 2015 law, or the law as amended in 2025 */
  lawVersion: z.enum(['2015', '2025']),
  electionDay: isoDate,
  pollingHours: z.object({ open: clock, close: clock, earliestOpen: clock, latestClose: clock }),
  timeZone: z.string().refine(isValidTimeZone, 'unknown IANA time zone'),
  province: z.object({ code: z.string().min(1), name: z.string().min(1) }),
  committee: localized,
  /** the committee's public phone line; null until the committee publishes one */
  hotline: z.string().min(1).nullable(),
  ballotsPerVoter: z.number().int().positive(),
  milestones: z.object({
    voterListPosted: isoDate,
    candidateListsPosted: isoDate,
    candidateComplaintsCutoff: isoDate,
    campaignEnds: isoLocalDateTime,
    resultsAnnouncedNationalAssembly: isoDate.nullable(),
    resultsAnnouncedPeoplesCouncil: isoDate.nullable(),
  }),
  publicHolidays: z.array(isoDate),
});

export type ElectionConfig = z.infer<typeof electionSchema>;

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function loadElectionConfig(path: string): ElectionConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('ELECTION_CONFIG', `cannot read ${path} as JSON (${describeError(error)}); point ELECTION_CONFIG at a file like config/elections/lang-son-2021.json`);
  }
  const parsed = electionSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new ConfigError('ELECTION_CONFIG', `${path} is not a valid election file: ${issues}`);
  }
  return parsed.data;
}
