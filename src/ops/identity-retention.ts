// Data retention: a reporter's identity is kept only as long as the ticket may need it. Once a
// ticket has been in a final status (resolved, rejected, forwarded, closed) with no event (status
// change, message, note) for RETENTION_IDENTITY_DAYS, its encrypted identity is erased, with one audit entry per ticket.
// The ticket, its events and attachments stay, so statistics and the history remain.
import type { BackgroundService } from '../lib/background-service.js';
import type { AuditAppender } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';
import { FINAL_STATUSES } from '../tickets/types.js';

const DAY_MS = 24 * 60 * 60_000;
const BATCH = 100;

export interface IdentityRetentionOptions {
  db: Db;
  audit: AuditAppender;
  clock: Clock;
  retentionDays: number;
}

/** Erases the identities that are due; returns the codes of the tickets purged. */
export async function purgeExpiredIdentities({
  db,
  audit,
  clock,
  retentionDays,
}: IdentityRetentionOptions): Promise<string[]> {
  const cutoff = new Date(clock.now().getTime() - retentionDays * DAY_MS);
  const purged: string[] = [];
  for (;;) {
    const due = await db.ticket.findMany({
      where: {
        identityEnc: { not: null },
        status: { in: [...FINAL_STATUSES] },
        // the status change that closed it is an event too: no event since the cutoff means
        // closed (and quiet) for the whole period
        events: { none: { createdAt: { gte: cutoff } } },
      },
      select: { id: true, code: true },
      orderBy: { filedAt: 'asc' },
      take: BATCH,
    });
    if (due.length === 0) return purged;
    for (const ticket of due) {
      await db.$transaction(async (tx) => {
        // conditional, so two instances purging at once write one audit entry
        const erased = await tx.ticket.updateMany({
          where: { id: ticket.id, identityEnc: { not: null } },
          data: { identityEnc: null },
        });
        if (erased.count === 1) {
          await audit.append(tx, {
            officerId: null,
            action: 'ticket.identity_purge',
            targetType: 'ticket',
            targetId: ticket.code,
            detail: { retentionDays },
          });
        }
      });
      purged.push(ticket.code); // erased now or by another instance meanwhile: either way it no longer matches
    }
  }
}

/** Runs the purge at start and then once a day. */
export function createIdentityRetentionService(
  options: IdentityRetentionOptions & { logger: Logger },
): BackgroundService {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = purgeExpiredIdentities(options)
      .then((codes) => {
        if (codes.length > 0)
          options.logger.info(
            { tickets: codes.length, retentionDays: options.retentionDays },
            'retention: reporter identities erased',
          );
      })
      .catch((error: unknown) =>
        options.logger.warn({ err: describeError(error) }, 'retention: purge failed; retrying tomorrow'),
      );
  };
  return {
    name: 'identity-retention',
    async start() {
      run();
      timer = setInterval(run, DAY_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
