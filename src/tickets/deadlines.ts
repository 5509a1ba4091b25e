// Legal deadlines as data: which rule a ticket falls under, until when it may be filed, and
// when it must be answered. Pure functions over the election configuration; every date is
// computed in the election's time zone, and "overdue"/"due soon" are computed at read time.
import { DateTime } from 'luxon';
import { CANDIDATE_COMPLAINTS_DAYS_BEFORE_ELECTION, type ElectionConfig } from '../config/election.js';
import { FINAL_STATUSES, type TicketCategory, type TicketKind } from './types.js';

export const DEADLINE_RULE_IDS = [
  'voter_list',
  'candidate',
  'results_national_assembly',
  'results_peoples_council',
  'denunciation',
  'complaint',
  'petition',
] as const;
export type DeadlineRuleId = (typeof DEADLINE_RULE_IDS)[number];

type Milestone = keyof ElectionConfig['milestones'];

/**
 * When a ticket may still be considered. "within": up to `days` calendar days after the
 * milestone; "beforeElectionDay": until the start (00:00 local) of the day `days` days before
 * election day.
 */
export type FilingWindow =
  { type: 'within'; milestone: Milestone | Milestone[]; days: number } | { type: 'beforeElectionDay'; days: number };

export interface DeadlineRule {
  id: DeadlineRuleId;
  /** days to answer, counted from filing (taken as the day of acceptance) */
  days: number;
  dayKind: 'calendar' | 'working';
  filingWindow: FilingWindow | null;
  /** where the figure comes from (docs/election-facts.md), or "target" for a service target */
  source: string;
}

export type DeadlineRules = Record<DeadlineRuleId, DeadlineRule>;

/** Defaults from the law. Candidate matters and general complaints have no election-law time limit: the Law on Complaints' 30 days is used. */
export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  voter_list: {
    id: 'voter_list',
    days: 5,
    dayKind: 'calendar',
    filingWindow: { type: 'within', milestone: 'voterListPosted', days: 30 },
    source: 'F-034 (Election Law art. 33)',
  },
  candidate: {
    id: 'candidate',
    days: 30,
    dayKind: 'calendar',
    filingWindow: { type: 'beforeElectionDay', days: CANDIDATE_COMPLAINTS_DAYS_BEFORE_ELECTION },
    source: 'F-075–F-077 (art. 61); F-109 (Law on Complaints art. 28)',
  },
  results_national_assembly: {
    id: 'results_national_assembly',
    days: 30,
    dayKind: 'calendar',
    filingWindow: { type: 'within', milestone: 'resultsAnnouncedNationalAssembly', days: 5 },
    source: 'F-088, F-089 (art. 87)',
  },
  results_peoples_council: {
    id: 'results_peoples_council',
    days: 20,
    dayKind: 'calendar',
    filingWindow: { type: 'within', milestone: 'resultsAnnouncedPeoplesCouncil', days: 5 },
    source: 'F-088, F-089 (art. 87)',
  },
  denunciation: {
    id: 'denunciation',
    days: 30,
    dayKind: 'calendar',
    filingWindow: null,
    source: 'F-099 (Law on Denunciations art. 30; extensions of 30 days once, or twice if especially complex)',
  },
  complaint: {
    id: 'complaint',
    days: 30,
    dayKind: 'calendar',
    filingWindow: null,
    source: 'F-109 (Law on Complaints art. 28)',
  },
  petition: { id: 'petition', days: 15, dayKind: 'working', filingWindow: null, source: 'target' },
};

/**
 * The rule of a new ticket. A results complaint does not say whether it is about the National
 * Assembly or a People's Council: the shorter People's Council time limit is used so the
 * queue never shows it late. Anything about a candidate falls under the 10-day cut-off.
 */
export function ruleFor(
  kind: TicketKind,
  category: TicketCategory,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): DeadlineRule {
  if (category === 'candidate')
    return kind === 'denunciation'
      ? { ...rules.denunciation, filingWindow: rules.candidate.filingWindow }
      : rules.candidate;
  if (kind === 'denunciation') return rules.denunciation;
  if (kind === 'petition') return rules.petition;
  if (category === 'voter_list') return rules.voter_list;
  if (category === 'results')
    return {
      ...rules.results_peoples_council,
      filingWindow: {
        type: 'within',
        milestone: ['resultsAnnouncedPeoplesCouncil', 'resultsAnnouncedNationalAssembly'],
        days: 5,
      },
    };
  return rules.complaint;
}

function localDay(isoDate: string, election: ElectionConfig): DateTime {
  return DateTime.fromISO(isoDate.slice(0, 10), { zone: election.timeZone }).startOf('day');
}

/** The first instant at which a ticket under this rule is filed late, or null when there is no limit (or the milestone is not set yet). */
export function filingClosesAt(rule: DeadlineRule, election: ElectionConfig): Date | null {
  const window = rule.filingWindow;
  if (!window) return null;
  if (window.type === 'beforeElectionDay')
    return localDay(election.electionDay, election).minus({ days: window.days }).toJSDate();
  const milestones = Array.isArray(window.milestone) ? window.milestone : [window.milestone];
  const dates = milestones.map((name) => election.milestones[name]).filter((value): value is string => value !== null);
  if (dates.length === 0) return null;
  // "within N days of" the latest milestone: the whole Nth day after it still counts.
  const latest = dates.map((date) => localDay(date, election)).reduce((a, b) => (a > b ? a : b));
  return latest.plus({ days: window.days + 1 }).toJSDate();
}

/** Whether a ticket filed at `filedAt` falls after the rule's filing window (still recorded, handled as late). */
export function isFiledLate(rule: DeadlineRule, filedAt: Date, election: ElectionConfig): boolean {
  const closes = filingClosesAt(rule, election);
  return closes !== null && filedAt.getTime() >= closes.getTime();
}

function isWorkingDay(day: DateTime, holidays: ReadonlySet<string>): boolean {
  return day.weekday <= 5 && !holidays.has(day.toISODate() ?? '');
}

/** The end (23:59:59.999 local) of the last day to answer: `rule.days` calendar or working days after the filing day. */
export function computeDueDate(rule: DeadlineRule, filedAt: Date, election: ElectionConfig): Date {
  const filingDay = DateTime.fromJSDate(filedAt, { zone: election.timeZone }).startOf('day');
  if (rule.dayKind === 'calendar') return filingDay.plus({ days: rule.days }).endOf('day').toJSDate();
  const holidays = new Set(election.publicHolidays);
  let day = filingDay;
  let counted = 0;
  while (counted < rule.days) {
    day = day.plus({ days: 1 });
    if (isWorkingDay(day, holidays)) counted += 1;
  }
  return day.endOf('day').toJSDate();
}

/** Final statuses are never overdue. */
export function isOverdue(dueAt: Date, status: string, now: Date): boolean {
  return !isFinal(status) && now.getTime() > dueAt.getTime();
}

/** Not yet overdue, and due within `withinHours` (48 by default). */
export function isDueSoon(dueAt: Date, status: string, now: Date, withinHours = 48): boolean {
  const left = dueAt.getTime() - now.getTime();
  return !isFinal(status) && left >= 0 && left <= withinHours * 3_600_000;
}

function isFinal(status: string): boolean {
  return FINAL_STATUSES.some((final) => final === status);
}
