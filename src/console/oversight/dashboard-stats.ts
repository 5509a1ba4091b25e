// The dashboard's figures, all within the officer's scope: tickets filed per day by kind and
// by category, open and overdue tickets per locality, and the median time to a first reply.
// Per locality means per district for a province-wide account on a map with districts, per
// commune otherwise; tickets filed under a former commune count for the unit it became.
import type { Db, Prisma } from '../../db/database.js';
import { localityNames } from '../../localities/place-names.js';
import { resolveCodes } from '../../localities/succession.js';
import { FINAL_STATUSES } from '../../tickets/types.js';

export const STATS_DAYS = 30;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function increment(table: Map<string, Record<string, number>>, day: string, key: string): void {
  const row = table.get(day) ?? {};
  row[key] = (row[key] ?? 0) + 1;
  table.set(day, row);
}

export async function dashboardStats(
  db: Db,
  scopeWhere: Prisma.TicketWhereInput,
  officerLocality: { code: string | null; level: string | null },
  now: Date,
  timeZone: string,
) {
  const since = new Date(now.getTime() - STATS_DAYS * 86_400_000);
  const recent = await db.ticket.findMany({
    where: { AND: [scopeWhere, { filedAt: { gte: since } }] },
    select: { filedAt: true, kind: true, category: true, firstReplyAt: true },
  });
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const byKind = new Map<string, Record<string, number>>();
  const byCategory = new Map<string, Record<string, number>>();
  const replyHours: number[] = [];
  for (const ticket of recent) {
    const day = dayOf.format(ticket.filedAt);
    increment(byKind, day, ticket.kind);
    increment(byCategory, day, ticket.category);
    if (ticket.firstReplyAt) replyHours.push((ticket.firstReplyAt.getTime() - ticket.filedAt.getTime()) / 3_600_000);
  }
  // Province-wide accounts see districts where the map has them; others see communes.
  const byDistrict =
    officerLocality.level !== 'district' &&
    officerLocality.level !== 'commune' &&
    (await db.locality.count({ where: { level: 'district' } })) > 0;
  const open = { AND: [scopeWhere, { status: { notIn: [...FINAL_STATUSES] } }] };
  const by: ('districtCode' | 'communeCode')[] = byDistrict ? ['districtCode'] : ['districtCode', 'communeCode'];
  const [openGroups, overdueGroups] = await Promise.all([
    db.ticket.groupBy({ by, where: open, _count: { _all: true } }),
    db.ticket.groupBy({ by, where: { AND: [open, { dueAt: { lt: now } }] }, _count: { _all: true } }),
  ]);
  // a ticket filed in a whole district (before 2025) counts under that district
  const filedUnder = (group: { districtCode: string | null; communeCode?: string | null }) =>
    (byDistrict ? group.districtCode : (group.communeCode ?? group.districtCode)) ?? '';
  const leads = await resolveCodes(db, [...openGroups, ...overdueGroups].map(filedUnder));
  const codeOf = (group: { districtCode: string | null; communeCode?: string | null }) => {
    const filed = filedUnder(group);
    const units = leads.get(filed) ?? [];
    return units.length === 1 && units[0] !== undefined ? units[0] : filed;
  };
  const total = (groups: typeof openGroups) => {
    const counts = new Map<string, number>();
    for (const group of groups) counts.set(codeOf(group), (counts.get(codeOf(group)) ?? 0) + group._count._all);
    return counts;
  };
  const openBy = total(openGroups);
  const overdueBy = total(overdueGroups);
  const names = await localityNames(db, [...openBy.keys()]);
  const toSeries = (table: Map<string, Record<string, number>>) =>
    [...table.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => ({ day, counts }));
  return {
    days: STATS_DAYS,
    perDayByKind: toSeries(byKind),
    perDayByCategory: toSeries(byCategory),
    perLocality: [...openBy]
      .map(([code, count]) => ({ code, name: names.get(code) ?? null, open: count, overdue: overdueBy.get(code) ?? 0 }))
      .sort((a, b) => b.open - a.open),
    medianHoursToFirstReply: median(replyHours),
    repliedTickets: replyHours.length,
  };
}
