// The queue as CSV for Excel: UTF-8 with a byte-order mark (or Excel guesses the code page and
// mangles Vietnamese), the queue's filters applied, read in keyset batches so a large export
// never holds every ticket in memory at once. Every cell is kept from running as a formula, and
// the tickets whose identity goes into the file are reported before their rows are written.
import { stringify } from 'csv-stringify';
import type { Db, Prisma } from '../../db/database.js';
import { decryptIdentity } from '../../tickets/identity-crypto.js';
import { deadlineFlags } from '../queue/queue-page.js';
import { allLocalityNames } from '../../localities/place-names.js';
import { spreadsheetSafe } from './spreadsheet-cell.js';

const BATCH = 1000;

export const EXPORT_COLUMNS = [
  'code',
  'kind',
  'category',
  'status',
  'locality',
  'filedAt',
  'dueAt',
  'overdue',
  'assignee',
  'description',
] as const;
export const IDENTITY_COLUMNS = ['reporterName', 'reporterAddress', 'reporterPhone'] as const;

export interface ExportOptions {
  withIdentity: boolean;
  encryptionKey: Buffer;
  now: Date;
  /** told the tickets of a batch whose identity is about to be written (to record each one first) */
  onIdentities?: (tickets: { id: string; code: string }[]) => Promise<void>;
}

export async function* exportQueueCsv(
  db: Db,
  where: Prisma.TicketWhereInput,
  options: ExportOptions,
): AsyncGenerator<string> {
  const csv = stringify({
    header: true,
    columns: options.withIdentity ? [...EXPORT_COLUMNS, ...IDENTITY_COLUMNS] : [...EXPORT_COLUMNS],
    cast: { string: spreadsheetSafe },
  });
  const chunks: string[] = [];
  csv.on('data', (chunk: Buffer | string) => chunks.push(chunk.toString()));
  const drain = () => chunks.splice(0).join('');
  yield '\uFEFF';
  const localities = await allLocalityNames(db);
  let after: { dueAt: Date; id: string } | null = null;
  for (;;) {
    const rows: Array<{
      id: string;
      code: string;
      kind: string;
      category: string;
      status: string;
      localityCode: string;
      filedAt: Date;
      dueAt: Date;
      description: string;
      identityEnc: string | null;
      assignee: { username: string; displayName: string | null } | null;
    }> = await db.ticket.findMany({
      where: after
        ? {
            AND: [
              where,
              { dueAt: { gte: after.dueAt } },
              { OR: [{ dueAt: { gt: after.dueAt } }, { id: { gt: after.id } }] },
            ],
          }
        : where,
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: BATCH,
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
        identityEnc: options.withIdentity,
        assignee: { select: { username: true, displayName: true } },
      },
    });
    const revealed = options.withIdentity
      ? rows.filter((row) => row.identityEnc !== null).map((row) => ({ id: row.id, code: row.code }))
      : [];
    if (revealed.length > 0) await options.onIdentities?.(revealed);
    for (const row of rows) {
      const record: Record<string, string> = {
        code: row.code,
        kind: row.kind,
        category: row.category,
        status: row.status,
        locality: localities.get(row.localityCode) ?? row.localityCode,
        filedAt: row.filedAt.toISOString(),
        dueAt: row.dueAt.toISOString(),
        overdue: deadlineFlags(row.status, row.dueAt, options.now).overdue ? 'yes' : 'no',
        assignee: row.assignee ? (row.assignee.displayName ?? row.assignee.username) : '',
        description: row.description,
      };
      if (options.withIdentity && row.identityEnc) {
        const identity = decryptIdentity(options.encryptionKey, row.identityEnc, row.id);
        Object.assign(record, {
          reporterName: identity.fullName,
          reporterAddress: identity.address,
          reporterPhone: identity.phone,
        });
      }
      csv.write(record);
    }
    const last = rows.at(-1);
    if (rows.length < BATCH || !last) break;
    after = { dueAt: last.dueAt, id: last.id };
    await new Promise((resolve) => setImmediate(resolve));
    yield drain();
  }
  csv.end();
  await new Promise((resolve) => csv.once('end', resolve).resume());
  yield drain();
}
