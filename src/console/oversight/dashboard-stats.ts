// The dashboard's figures, all within the officer's scope: tickets filed per day by kind and
// by category, open and overdue tickets per locality, and the median time to a first reply.
import type { Db, Prisma } from '../../db/database.js';
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

export async function dashboardStats(db: Db, scopeWhere: Prisma.TicketWhereInput, officerLocality: { code: string | null; level: string | null }, now: Date, timeZone: string) {
  const since = new Date(now.getTime() - STATS_DAYS * 86_400_000);
  const recent = await db.ticket.findMany({ where: { AND: [scopeWhere, { filedAt: { gte: since } }] }, select: { filedAt: true, kind: true, category: true, firstReplyAt: true } });
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
  // Province-wide accounts see districts; a district account sees its communes.
  const groupField = officerLocality.level === 'district' || officerLocality.level === 'commune' ? 'communeCode' : 'districtCode';
  const open = { AND: [scopeWhere, { status: { notIn: [...FINAL_STATUSES] } }] };
  const [openGroups, overdueGroups] = await Promise.all([
    db.ticket.groupBy({ by: [groupField], where: open, _count: { _all: true } }),
    db.ticket.groupBy({ by: [groupField], where: { AND: [open, { dueAt: { lt: now } }] }, _count: { _all: true } }),
  ]);
  const codeOf = (group: { districtCode?: string | null; communeCode?: string | null }) => (groupField === 'communeCode' ? group.communeCode : group.districtCode) ?? '';
  const codes = [...new Set(openGroups.map(codeOf))];
  const names = new Map((await db.locality.findMany({ where: { code: { in: codes } }, select: { code: true, name: true } })).map((l) => [l.code, l.name]));
  const overdueBy = new Map(overdueGroups.map((group) => [codeOf(group), group._count._all]));
  const toSeries = (table: Map<string, Record<string, number>>) => [...table.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => ({ day, counts }));
  return {
    days: STATS_DAYS,
    perDayByKind: toSeries(byKind),
    perDayByCategory: toSeries(byCategory),
    perLocality: openGroups
      .map((group) => ({ code: codeOf(group), name: names.get(codeOf(group)) ?? null, open: group._count._all, overdue: overdueBy.get(codeOf(group)) ?? 0 }))
      .sort((a, b) => b.open - a.open),
    medianHoursToFirstReply: median(replyHours),
    repliedTickets: replyHours.length,
  };
}
