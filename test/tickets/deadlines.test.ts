// Legal deadlines, table-driven, in the election's time zone (Asia/Ho_Chi_Minh, UTC+7).
import { describe, expect, it } from 'vitest';
import {
  computeDueDate,
  DEFAULT_DEADLINE_RULES,
  isDueSoon,
  isFiledLate,
  isOverdue,
  ruleFor,
  type DeadlineRule,
} from '../../src/tickets/deadlines.js';
import { election } from './support.js';

/** An instant given as Lạng Sơn wall-clock time. */
function local(wallClock: string): Date {
  return new Date(`${wallClock}+07:00`);
}

const rules = DEFAULT_DEADLINE_RULES;

describe('due dates', () => {
  it.each([
    ['voter list: 5 calendar days (F-034)', rules.voter_list, '2021-04-20T10:00', '2021-04-25T23:59:59.999'],
    ['candidate matter: 30 calendar days', rules.candidate, '2021-05-10T09:00', '2021-06-09T23:59:59.999'],
    [
      'National Assembly results: 30 days (F-089)',
      rules.results_national_assembly,
      '2021-06-11T09:00',
      '2021-07-11T23:59:59.999',
    ],
    [
      "People's Council results: 20 days (F-089)",
      rules.results_peoples_council,
      '2021-06-03T09:00',
      '2021-06-23T23:59:59.999',
    ],
    [
      'denunciation: 30 days from acceptance (F-099)',
      rules.denunciation,
      '2021-05-10T09:00',
      '2021-06-09T23:59:59.999',
    ],
    ['general complaint: 30 days (F-109)', rules.complaint, '2021-05-10T09:00', '2021-06-09T23:59:59.999'],
    [
      'petition: 15 working days across 30/4, 1/5, a weekend and 3/5',
      rules.petition,
      '2021-04-29T15:00',
      '2021-05-24T23:59:59.999',
    ],
  ])('%s', (_name, rule, filed, due) => {
    expect(computeDueDate(rule, local(filed), election)).toEqual(local(due));
  });

  const twoDays = (dayKind: DeadlineRule['dayKind']): DeadlineRule => ({
    id: 'petition',
    days: 2,
    dayKind,
    filingWindow: null,
    source: 'test',
  });
  it.each([
    ['calendar days run through a weekend', twoDays('calendar'), '2021-05-07T10:00', '2021-05-09T23:59:59.999'],
    ['working days skip the weekend', twoDays('working'), '2021-05-07T10:00', '2021-05-11T23:59:59.999'],
    ['calendar days run through public holidays', twoDays('calendar'), '2021-04-29T10:00', '2021-05-01T23:59:59.999'],
    [
      'working days skip 30/4, 1/5, the weekend and 3/5',
      twoDays('working'),
      '2021-04-29T10:00',
      '2021-05-05T23:59:59.999',
    ],
  ])('%s', (_name, rule, filed, due) => {
    expect(computeDueDate(rule, local(filed), election)).toEqual(local(due));
  });

  it('counts from the local filing day: 01:00 in Lạng Sơn is still the previous day in UTC', () => {
    const filed = local('2021-05-10T01:00');
    expect(filed.toISOString()).toBe('2021-05-09T18:00:00.000Z');
    expect(computeDueDate(rules.voter_list, filed, election)).toEqual(local('2021-05-15T23:59:59.999'));
  });
});

describe('filing windows', () => {
  it.each([
    [
      'a candidate complaint the last minute before the cut-off',
      'complaint',
      'candidate',
      '2021-05-12T23:59:59',
      false,
    ],
    [
      'a candidate complaint at midnight starting 13/5 (election day − 10)',
      'complaint',
      'candidate',
      '2021-05-13T00:00:00',
      true,
    ],
    ['a denunciation about a candidate after the cut-off', 'denunciation', 'candidate', '2021-05-20T10:00:00', true],
    ['a petition about a candidate after the cut-off', 'petition', 'candidate', '2021-05-13T08:00:00', true],
    [
      'a voter-list complaint on the 30th day after posting (13/4 → 13/5)',
      'complaint',
      'voter_list',
      '2021-05-13T23:59:00',
      false,
    ],
    ['a voter-list complaint after the 30-day window', 'complaint', 'voter_list', '2021-05-14T00:00:00', true],
    ['a results complaint 5 days after the last announcement', 'complaint', 'results', '2021-06-15T20:00:00', false],
    ['a results complaint on the 6th day', 'complaint', 'results', '2021-06-16T08:00:00', true],
    ['a vote-buying denunciation on election day', 'denunciation', 'campaigning', '2021-05-23T10:00:00', false],
  ] as const)('%s: late = %s', (_name, kind, category, filed, late) => {
    expect(isFiledLate(ruleFor(kind, category), local(filed), election)).toBe(late);
  });

  it.each([
    ['complaint', 'voter_list', 'voter_list', 5],
    ['complaint', 'candidate', 'candidate', 30],
    ['complaint', 'results', 'results_peoples_council', 20],
    ['complaint', 'polling', 'complaint', 30],
    ['denunciation', 'campaigning', 'denunciation', 30],
    ['denunciation', 'candidate', 'denunciation', 30],
    ['petition', 'other', 'petition', 15],
  ] as const)('a %s about %s follows rule %s (%i days)', (kind, category, ruleId, days) => {
    const rule = ruleFor(kind, category);
    expect(rule.id).toBe(ruleId);
    expect(rule.days).toBe(days);
  });
});

describe('overdue and due soon, computed at read time', () => {
  const due = local('2021-05-15T23:59:59.999');
  it.each([
    ['two days before', '2021-05-13T12:00', 'in_progress', false, false],
    ['a day before', '2021-05-15T08:00', 'received', false, true],
    ['a minute after', '2021-05-16T00:01', 'received', true, false],
    ['after, but resolved', '2021-05-20T00:00', 'resolved', false, false],
  ])('%s (%s, %s)', (_name, now, status, overdue, soon) => {
    expect(isOverdue(due, status, local(now))).toBe(overdue);
    expect(isDueSoon(due, status, local(now))).toBe(soon);
  });
});
