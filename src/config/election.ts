// The election a deployment serves: dates, hours, province, contacts and holidays. Answers,
// deadlines and reminders read it, so another election is a new JSON file, not new code.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { describeError } from '../lib/errors.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const isoLocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'expected YYYY-MM-DD or YYYY-MM-DDTHH:MM');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const localized = z.object({ vi: z.string().min(1), en: z.string().min(1) });
const count = z.number().int().positive().nullable();
const unitsAndSeats = z.object({ units: count, seats: count });

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
  /** electoral units and seats in the province; null until the election bodies publish them */
  electoralUnits: z
    .object({ nationalAssembly: unitsAndSeats, provincialCouncil: unitsAndSeats })
    .default({ nationalAssembly: { units: null, seats: null }, provincialCouncil: { units: null, seats: null } }),
  milestones: z.object({
    voterListPosted: isoDate,
    candidateListsPosted: isoDate,
    campaignEnds: isoLocalDateTime,
    resultsAnnouncedNationalAssembly: isoDate.nullable(),
    resultsAnnouncedPeoplesCouncil: isoDate.nullable(),
    /** last moment to file candidacy papers; null when not known */
    candidacyFilesDue: isoLocalDateTime.nullable().default(null),
  }),
  publicHolidays: z.array(isoDate),
  /**
   * The map this election is held on, as CSV files relative to the election file (see
   * prisma/seed/). Absent: the seed map, loaded once into an empty database.
   */
  localities: z
    .object({
      /** today's units: code,name,type,level,parent_code */
      file: z.string().min(1),
      /** units of an earlier map merged into today's: code,former_code,former_name,former_type,former_level,former_parent_code,share */
      formerUnitsFile: z.string().min(1).nullable().default(null),
    })
    .optional(),
});

export type ElectionConfig = z.infer<typeof electionSchema>;

/**
 * Complaints, denunciations and petitions about candidates are no longer considered in the 10
 * days before election day (Law on the election of deputies, art. 61(2)): from the start of
 * election day − 10 days, local time (2021: election day 23 May → 13 May). Derived, never
 * configured, so that moving election day moves it.
 */
export const CANDIDATE_COMPLAINTS_DAYS_BEFORE_ELECTION = 10;

/** The day (YYYY-MM-DD, local) from which complaints about candidates are no longer considered. */
export function candidateComplaintsCutoff(election: Pick<ElectionConfig, 'electionDay'>): string {
  const [year, month, day] = election.electionDay.split('-').map(Number);
  const cutoff = new Date(
    Date.UTC(year ?? 0, (month ?? 1) - 1, (day ?? 1) - CANDIDATE_COMPLAINTS_DAYS_BEFORE_ELECTION),
  );
  return cutoff.toISOString().slice(0, 10);
}

/**
 * Election files written before the cut-off was derived set `milestones.candidateComplaintsCutoff`.
 * The same date as the law's is redundant and ignored; another date stops the start: the
 * committee published one date, and the bot must not quietly tell citizens a different one.
 */
function checkObsoleteCutoff(file: string, raw: unknown, election: ElectionConfig): void {
  const milestones = typeof raw === 'object' && raw !== null ? (raw as { milestones?: unknown }).milestones : undefined;
  if (typeof milestones !== 'object' || milestones === null || !('candidateComplaintsCutoff' in milestones)) return;
  const configured = (milestones as { candidateComplaintsCutoff?: unknown }).candidateComplaintsCutoff;
  const derived = candidateComplaintsCutoff(election);
  if (configured === derived) return;
  throw new ConfigError(
    'ELECTION_CONFIG',
    `${file} sets milestones.candidateComplaintsCutoff to ${JSON.stringify(configured)}, but complaints about candidates stop being considered ${CANDIDATE_COMPLAINTS_DAYS_BEFORE_ELECTION} days before election day (${election.electionDay}), on ${derived} (Election Law art. 61(2)); the date is now derived from electionDay: remove milestones.candidateComplaintsCutoff from the file (and check electionDay if ${derived} is not the date the committee published)`,
  );
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function loadElectionConfig(file: string): ElectionConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      'ELECTION_CONFIG',
      `cannot read ${file} as JSON (${describeError(error)}); point ELECTION_CONFIG at a file like config/elections/lang-son-2021.json`,
    );
  }
  const parsed = electionSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new ConfigError('ELECTION_CONFIG', `${file} is not a valid election file: ${issues}`);
  }
  checkObsoleteCutoff(file, raw, parsed.data);
  return { ...parsed.data, localities: resolveLocalityFiles(file, parsed.data.localities) };
}

/** The map's files as absolute paths, each checked to exist, so a typo stops the start with its name. */
function resolveLocalityFiles(
  electionFile: string,
  localities: ElectionConfig['localities'],
): ElectionConfig['localities'] {
  if (!localities) return undefined;
  const resolve = (relative: string) => {
    const absolute = path.resolve(path.dirname(electionFile), relative);
    if (!existsSync(absolute))
      throw new ConfigError(
        'ELECTION_CONFIG',
        `${electionFile} names the localities file ${relative}, which does not exist (paths are relative to the election file)`,
      );
    return absolute;
  };
  return {
    file: resolve(localities.file),
    formerUnitsFile: localities.formerUnitsFile === null ? null : resolve(localities.formerUnitsFile),
  };
}
