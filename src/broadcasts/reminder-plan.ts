// The default reminders, counted from the election calendar (election-facts.md §14), created as
// drafts an admin edits and approves. Each has a reminderKey, so generating again adds only
// what is missing. The calendar may be overridden by an admin (Setting "broadcasts.electionCalendar").
import { DateTime } from 'luxon';
import { ZodError } from 'zod';
import type { Db } from '../db/database.js';
import type { ElectionConfig } from '../config/election.js';
import { electionVariables, type Locale, type Translator } from '../i18n.js';
import type { AuditAppender } from '../audit/audit-log.js';
import { DomainError } from '../lib/errors.js';
import { isApprover } from '../officers/roles.js';
import type { BroadcastActor } from './broadcast-service.js';
import type { CalendarOverride } from '../settings/election-calendar.js';
import { ELECTION_CALENDAR_KEY, readElectionCalendar } from '../settings/effective-election.js';
import { writeSetting } from '../settings/settings-store.js';

export { readElectionCalendar };

export async function saveElectionCalendar(
  db: Db,
  audit: AuditAppender,
  actor: BroadcastActor,
  override: unknown,
): Promise<void> {
  if (actor.role !== 'admin')
    throw new DomainError('forbidden', 'only an admin may edit the election calendar', 'calendar.forbidden');
  let saved: CalendarOverride;
  try {
    saved = await writeSetting(db, ELECTION_CALENDAR_KEY, override);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    throw new DomainError(
      'invalid',
      error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      'calendar.invalid',
    );
  }
  await audit.append(db, {
    officerId: actor.officerId,
    action: 'calendar.edit',
    targetType: 'setting',
    targetId: ELECTION_CALENDAR_KEY,
    detail: saved,
  });
}

export const REMINDER_KEYS = [
  'voterListPosted',
  'correctionLastDays',
  'candidateListsPosted',
  'dayBefore',
  'electionMorning',
  'thankYou',
] as const;
export type ReminderKey = (typeof REMINDER_KEYS)[number];

export interface PlannedReminder {
  key: ReminderKey;
  scheduledAt: Date;
  staleAt: Date;
}

/** Complaints about the voter list: within 30 days of its posting (Điều 33). */
const VOTER_LIST_COMPLAINT_DAYS = 30;

function localTime(date: string, time: string, zone: string): DateTime {
  return DateTime.fromISO(`${date.slice(0, 10)}T${time}`, { zone });
}

/** When each reminder goes out and when it is no longer worth sending. */
export function planReminders(election: ElectionConfig): PlannedReminder[] {
  const zone = election.timeZone;
  const m = election.milestones;
  const day = localTime(election.electionDay, '00:00', zone);
  const posted = localTime(m.voterListPosted, '08:00', zone);
  const closing = localTime(election.electionDay, election.pollingHours.close, zone);
  const plan: [ReminderKey, DateTime, DateTime][] = [
    ['voterListPosted', posted, posted.plus({ days: 3 })],
    [
      'correctionLastDays',
      posted.plus({ days: VOTER_LIST_COMPLAINT_DAYS - 3 }),
      posted.startOf('day').plus({ days: VOTER_LIST_COMPLAINT_DAYS + 1 }),
    ],
    [
      'candidateListsPosted',
      localTime(m.candidateListsPosted, '08:00', zone),
      localTime(m.candidateListsPosted, '08:00', zone).plus({ days: 3 }),
    ],
    [
      'dayBefore',
      day.minus({ days: 1 }).set({ hour: 9 }),
      localTime(election.electionDay, election.pollingHours.open, zone),
    ],
    ['electionMorning', day.set({ hour: 6 }), day.set({ hour: 12 })],
    ['thankYou', closing.plus({ minutes: 30 }), day.plus({ days: 1 }).set({ hour: 12 })],
  ];
  return plan.map(([key, at, stale]) => ({ key, scheduledAt: at.toJSDate(), staleAt: stale.toJSDate() }));
}

function formatDay(at: DateTime, locale: Locale): string {
  return locale === 'vi' ? at.toFormat('dd/MM/yyyy') : at.setLocale('en-GB').toFormat('d MMMM yyyy');
}

export interface ReminderPlanDeps {
  db: Db;
  audit: AuditAppender;
  i18n: Translator;
  election: ElectionConfig;
}

/** Creates the missing reminder drafts; returns the keys created now and those already there. */
export async function generateReminderPlan(
  { db, audit, i18n, election }: ReminderPlanDeps,
  actor: BroadcastActor,
): Promise<{ created: ReminderKey[]; existing: ReminderKey[] }> {
  if (!isApprover(actor.role))
    throw new DomainError(
      'forbidden',
      'only an admin or supervisor may generate the reminder plan',
      'broadcast.forbidden',
    );
  const calendar = await readElectionCalendar(db, election);
  const correctionDeadline = localTime(calendar.milestones.voterListPosted, '00:00', calendar.timeZone).plus({
    days: VOTER_LIST_COMPLAINT_DAYS,
  });
  const text = (locale: Locale, key: string) =>
    i18n.t(locale, `broadcasts:reminder.${key}`, {
      ...electionVariables(calendar, locale),
      correctionDeadline: formatDay(correctionDeadline, locale),
    });
  const created: ReminderKey[] = [];
  const existing: ReminderKey[] = [];
  for (const reminder of planReminders(calendar)) {
    if (await db.broadcast.findUnique({ where: { reminderKey: reminder.key }, select: { id: true } })) {
      existing.push(reminder.key);
      continue;
    }
    const row = await db.broadcast.create({
      data: {
        reminderKey: reminder.key,
        title: text('vi', `${reminder.key}.title`),
        textVi: text('vi', `${reminder.key}.text`),
        textEn: text('en', `${reminder.key}.text`),
        scheduledAt: reminder.scheduledAt,
        staleAt: reminder.staleAt,
        status: 'draft',
        createdById: actor.officerId,
      },
    });
    await audit.append(db, {
      officerId: actor.officerId,
      action: 'broadcast.generate_reminder',
      targetType: 'broadcast',
      targetId: row.id,
      detail: { reminderKey: reminder.key },
    });
    created.push(reminder.key);
  }
  return { created, existing };
}
