// Deadlines at their edges, in the election's time zone (UTC+7): a results complaint is late
// five whole days after the later of the two announcements, whichever comes last and whether
// one or both are known yet; a complaint about a candidate is late from 00:00 ten days before
// election day; a ticket is overdue only after the last millisecond of its due day, and "due
// soon" includes both ends of its 48 hours.
import { describe, expect, it } from 'vitest';
import type { ElectionConfig } from '../../src/config/election.js';
import { filingClosesAt, isDueSoon, isFiledLate, isOverdue, ruleFor } from '../../src/tickets/deadlines.js';
import { election } from './support.js';

function local(wallClock: string): Date {
  return new Date(`${wallClock}+07:00`);
}

function withMilestones(milestones: Partial<ElectionConfig['milestones']>): ElectionConfig {
  return { ...election, milestones: { ...election.milestones, ...milestones } };
}

const results = ruleFor('complaint', 'results');

describe('the filing window of a results complaint', () => {
  it('closes at the start of the 6th day after the later announcement, even when the People’s Council comes last', () => {
    // People's Council on 12 June, National Assembly on 10 June: the later one counts
    const late = withMilestones({
      resultsAnnouncedPeoplesCouncil: '2021-06-12',
      resultsAnnouncedNationalAssembly: '2021-06-10',
    });
    expect(filingClosesAt(results, late)).toEqual(local('2021-06-18T00:00:00.000'));
    expect(isFiledLate(results, local('2021-06-17T23:59:59.999'), late)).toBe(false);
    expect(isFiledLate(results, local('2021-06-18T00:00:00.000'), late)).toBe(true);
  });

  it('counts from the one announcement made when the other is not known yet', () => {
    const onlyNationalAssembly = withMilestones({ resultsAnnouncedPeoplesCouncil: null });
    expect(filingClosesAt(results, onlyNationalAssembly)).toEqual(local('2021-06-16T00:00:00.000'));
    const onlyPeoplesCouncil = withMilestones({ resultsAnnouncedNationalAssembly: null });
    expect(filingClosesAt(results, onlyPeoplesCouncil)).toEqual(local('2021-06-08T00:00:00.000'));
    expect(isFiledLate(results, local('2021-06-07T12:00'), onlyPeoplesCouncil)).toBe(false);
    expect(isFiledLate(results, local('2021-06-08T00:00'), onlyPeoplesCouncil)).toBe(true);
  });

  it('is never late before any result is announced', () => {
    const none = withMilestones({ resultsAnnouncedPeoplesCouncil: null, resultsAnnouncedNationalAssembly: null });
    expect(filingClosesAt(results, none)).toBeNull();
    expect(isFiledLate(results, local('2030-01-01T00:00'), none)).toBe(false);
  });

  it('closes complaints about candidates at 00:00 local ten days before election day, to the millisecond', () => {
    const candidate = ruleFor('complaint', 'candidate');
    expect(filingClosesAt(candidate, election)).toEqual(local('2021-05-13T00:00:00.000'));
    expect(isFiledLate(candidate, local('2021-05-12T23:59:59.999'), election)).toBe(false);
    expect(isFiledLate(candidate, local('2021-05-13T00:00:00.000'), election)).toBe(true);
  });
});

describe('overdue and due soon at their edges', () => {
  const dueAt = local('2021-06-23T23:59:59.999');

  it('is not overdue at the last millisecond of the due day, and is one millisecond later', () => {
    expect(isOverdue(dueAt, 'received', dueAt)).toBe(false);
    expect(isOverdue(dueAt, 'received', new Date(dueAt.getTime() + 1))).toBe(true);
    expect(isOverdue(dueAt, 'resolved', new Date(dueAt.getTime() + 1))).toBe(false);
  });

  it('is due soon from exactly 48 hours before, up to and including the last millisecond', () => {
    const window = 48 * 3_600_000;
    expect(isDueSoon(dueAt, 'received', new Date(dueAt.getTime() - window - 1))).toBe(false);
    expect(isDueSoon(dueAt, 'received', new Date(dueAt.getTime() - window))).toBe(true);
    expect(isDueSoon(dueAt, 'received', dueAt)).toBe(true);
    expect(isDueSoon(dueAt, 'received', new Date(dueAt.getTime() + 1))).toBe(false);
    expect(isDueSoon(dueAt, 'in_progress', new Date(dueAt.getTime() - 3_600_000), 1)).toBe(true);
    expect(isDueSoon(dueAt, 'in_progress', new Date(dueAt.getTime() - 3_600_001), 1)).toBe(false);
  });
});
