// One page of the queue, sorted by due date, with keyset pagination: the cursor is the last
// row's (dueAt, id), so page 500 costs what page 1 costs (no OFFSET scan).
import { z } from 'zod';
import type { Db, Prisma } from '../../db/database.js';
import { DomainError } from '../../lib/errors.js';
import { FINAL_STATUSES, TICKET_STATUSES } from '../../tickets/types.js';
import { DUE_SOON_HOURS, type QueueSelection } from './queue-filters.js';
import { localityNames } from '../../localities/place-names.js';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

const cursorSchema = z.object({ dueAt: z.iso.datetime(), id: z.string().min(1).max(64) });

export function encodeCursor(row: { dueAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ dueAt: row.dueAt.toISOString(), id: row.id })).toString('base64url');
}

function decodeCursor(cursor: string): { dueAt: Date; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success)
    throw new DomainError(
      'invalid',
      'The page cursor is not valid; start again from the first page.',
      'console.bad_cursor',
    );
  return { dueAt: new Date(parsed.data.dueAt), id: parsed.data.id };
}

export interface QueueRow {
  code: string;
  kind: string;
  category: string;
  status: string;
  localityCode: string;
  localityName: string | null;
  filedAt: string;
  dueAt: string;
  overdue: boolean;
  dueSoon: boolean;
  assignee: { id: string; name: string } | null;
  /** the first words of the citizen's text: render as text */
  excerpt: string;
}

const EXCERPT_LENGTH = 140;

export function deadlineFlags(status: string, dueAt: Date, now: Date): { overdue: boolean; dueSoon: boolean } {
  const open = !FINAL_STATUSES.some((final) => final === status);
  const left = dueAt.getTime() - now.getTime();
  return { overdue: open && left < 0, dueSoon: open && left >= 0 && left < DUE_SOON_HOURS * 3_600_000 };
}

function byDueDate(a: { dueAt: Date; id: string }, b: { dueAt: Date; id: string }): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Every index on tickets starts (scope, status, dueAt) — there is none on dueAt alone — so a
 * page over several statuses is read as one short index walk per status (at most limit + 1
 * rows each) and merged here, instead of sorting every ticket in scope.
 */
export async function queuePage(
  db: Db,
  selection: QueueSelection,
  options: { limit: number; cursor: string | undefined; now: Date },
): Promise<{ tickets: QueueRow[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  // "dueAt >= X" first, so the database can start the index walk at X (an OR alone hides the bound).
  const keyset: Prisma.TicketWhereInput[] = after
    ? [{ dueAt: { gte: after.dueAt } }, { OR: [{ dueAt: { gt: after.dueAt } }, { id: { gt: after.id } }] }]
    : [];
  const perStatus = await Promise.all(
    selection.statuses.map((status) =>
      db.ticket.findMany({
        where: { AND: [selection.where, { status }, ...keyset] },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: options.limit + 1,
        select: {
          id: true,
          code: true,
          kind: true,
          category: true,
          status: true,
          localityCode: true,
          filedAt: true,
          dueAt: true,
          description: true,
          assignee: { select: { id: true, username: true, displayName: true } },
        },
      }),
    ),
  );
  const rows = perStatus
    .flat()
    .sort(byDueDate)
    .slice(0, options.limit + 1);
  const page = rows.slice(0, options.limit);
  const names = await localityNames(
    db,
    page.map((row) => row.localityCode),
  );
  const last = page.at(-1);
  return {
    tickets: page.map((row) => ({
      code: row.code,
      kind: row.kind,
      category: row.category,
      status: row.status,
      localityCode: row.localityCode,
      localityName: names.get(row.localityCode) ?? null,
      filedAt: row.filedAt.toISOString(),
      dueAt: row.dueAt.toISOString(),
      ...deadlineFlags(row.status, row.dueAt, options.now),
      assignee: row.assignee ? { id: row.assignee.id, name: row.assignee.displayName ?? row.assignee.username } : null,
      excerpt:
        row.description.length > EXCERPT_LENGTH ? `${row.description.slice(0, EXCERPT_LENGTH)}…` : row.description,
    })),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null,
  };
}

/** Tickets per status within the officer's scope (every status present, zeros included). */
export async function countsPerStatus(db: Db, scopeWhere: Prisma.TicketWhereInput): Promise<Record<string, number>> {
  const groups = await db.ticket.groupBy({ by: ['status'], where: scopeWhere, _count: { _all: true } });
  const found = new Map(groups.map((group) => [group.status, group._count._all]));
  return Object.fromEntries(TICKET_STATUSES.map((status) => [status, found.get(status) ?? 0]));
}
