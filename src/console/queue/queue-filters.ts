// The queue's filters, parsed from query parameters and turned into one Prisma `where` that
// always starts from the officer's scope: a filter can narrow the scope, never widen it.
import { z } from 'zod';
import type { Db, Prisma } from '../../db/database.js';
import type { SqlRow } from '../../db/sql.js';
import { DomainError } from '../../lib/errors.js';
import { placeCode } from '../../localities/place-input.js';
import { placeInScope, scopeFilter } from '../../localities/scope.js';
import {
  FINAL_STATUSES,
  TICKET_CATEGORIES,
  TICKET_KINDS,
  TICKET_STATUSES,
  type TicketStatus,
} from '../../tickets/types.js';
import type { ConsoleOfficer } from '../auth/require-officer.js';

/** "Due soon": the deadline falls within this many hours. */
export const DUE_SOON_HOURS = 48;

const flag = z
  .enum(['1', 'true'])
  .transform(() => true)
  .optional();

export const queueFilterSchema = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  kind: z.enum(TICKET_KINDS).optional(),
  category: z.enum(TICKET_CATEGORIES).optional(),
  /** a code, or a name (today's or a former unit's) that leads to one unit */
  locality: z.string().trim().min(2).max(100).optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  overdue: flag,
  dueSoon: flag,
  q: z.string().trim().min(1).max(100).optional(),
});

export type QueueFilters = z.output<typeof queueFilterSchema>;

const OPEN_STATUSES = TICKET_STATUSES.filter((status) => !FINAL_STATUSES.includes(status));

/** LIKE's wildcards and its escape character, when a person types them ("50%", "ma_so"). */
const LIKE_SPECIAL = /[\\%_]/g;
/** Tickets a search with such characters can return on SQLite (the newest first). */
export const SQLITE_LITERAL_SEARCH_LIMIT = 10_000;

/**
 * The text search, literal: what is typed is what is found. Prisma's `contains` is a LIKE that
 * does not escape % and _. PostgreSQL's LIKE escapes with a backslash by default; SQLite's LIKE
 * has no escape character unless the query names one, so there the rare search that holds one
 * of these characters finds its tickets with instr() instead.
 */
async function textSearch(db: Db, q: string, provider: 'sqlite' | 'postgresql'): Promise<Prisma.TicketWhereInput> {
  if (provider === 'postgresql') {
    // SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE.
    const contains = {
      contains: q.replace(LIKE_SPECIAL, (character) => `\\${character}`),
      mode: 'insensitive' as const,
    };
    return { OR: [{ code: contains }, { description: contains }] };
  }
  if (!q.match(LIKE_SPECIAL)) return { OR: [{ code: { contains: q } }, { description: { contains: q } }] };
  const rows = await db.$queryRawUnsafe<SqlRow[]>(
    `SELECT "id" FROM "Ticket" WHERE instr(lower("description"), lower(?1)) > 0 OR instr(lower("code"), lower(?1)) > 0 ORDER BY "filedAt" DESC LIMIT ${SQLITE_LITERAL_SEARCH_LIMIT}`,
    q,
  );
  return { id: { in: rows.map((row) => String(row.id)) } };
}

/** The where clause for the officer's scope only (counts per status use it). */
export async function officerScopeWhere(db: Db, officer: ConsoleOfficer): Promise<Prisma.TicketWhereInput> {
  return scopeFilter(db, officer.localityCode);
}

/**
 * The queue's where clause, without the status, plus the statuses asked for: the page query
 * runs once per status so that each run walks an index that starts (scope, status, dueAt).
 */
export interface QueueSelection {
  where: Prisma.TicketWhereInput;
  statuses: readonly TicketStatus[];
}

/** The selection as one where clause (export, counts). */
export function selectionWhere(selection: QueueSelection): Prisma.TicketWhereInput {
  return { AND: [selection.where, { status: { in: [...selection.statuses] } }] };
}

export async function queueWhere(
  db: Db,
  officer: ConsoleOfficer,
  filters: QueueFilters,
  now: Date,
  provider: 'sqlite' | 'postgresql',
): Promise<QueueSelection> {
  const parts: Prisma.TicketWhereInput[] = [await officerScopeWhere(db, officer)];
  if (filters.locality) {
    const code = await placeCode(db, filters.locality);
    if (!(await placeInScope(db, code, officer.localityCode)))
      throw new DomainError('forbidden', 'This locality is outside your scope.', 'console.locality_out_of_scope');
    parts.push(await scopeFilter(db, code));
  }
  if (filters.kind) parts.push({ kind: filters.kind });
  if (filters.category) parts.push({ category: filters.category });
  if (filters.assignee === 'me') parts.push({ assigneeId: officer.id });
  else if (filters.assignee === 'none') parts.push({ assigneeId: null });
  else if (filters.assignee) parts.push({ assigneeId: filters.assignee });
  // Overdue and due-soon only mean something for tickets still open.
  let statuses: readonly TicketStatus[] = filters.status ? [filters.status] : TICKET_STATUSES;
  if (filters.overdue || filters.dueSoon) {
    statuses = statuses.filter((status) => OPEN_STATUSES.includes(status));
    if (filters.overdue) parts.push({ dueAt: { lt: now } });
    if (filters.dueSoon) parts.push({ dueAt: { gte: now, lt: new Date(now.getTime() + DUE_SOON_HOURS * 3_600_000) } });
  }
  if (filters.q) parts.push(await textSearch(db, filters.q, provider));
  return { where: { AND: parts.filter((part) => Object.keys(part).length > 0) }, statuses };
}
