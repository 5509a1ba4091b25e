// Who a broadcast reaches: subscribed, not blocked citizens, optionally only those in a
// locality subtree and/or on one channel. Citizens still set to a former commune (one split
// between several new units) are reached through the units it became.
import type { Db, Prisma } from '../db/database.js';
// Only the SQL template helpers (sql, join, empty), identical for both providers' clients.
import { Prisma as PrismaSql } from '../db/generated/postgresql/client.js';
import type { Channel } from '../conversation/messages.js';
import { DomainError } from '../lib/errors.js';
import { formerCodesLeadingTo, resolveCodes } from '../localities/succession.js';

export interface Audience {
  /** a province, district or commune code: its whole subtree; null: everyone */
  localityCode: string | null;
  channel: Channel | null;
}

/**
 * The code itself (or, for a former unit, the units it became) and every locality below,
 * walking the tree one level at a time, with the former communes that lead into them.
 */
export async function localitySubtree(db: Db, code: string): Promise<string[]> {
  const roots = (await resolveCodes(db, [code])).get(code) ?? [];
  if (roots.length === 0) throw new DomainError('invalid', `unknown locality ${code}`, 'broadcast.unknown_locality');
  const codes = new Set([code, ...roots]);
  let frontier = roots;
  while (frontier.length > 0) {
    const children = await db.locality.findMany({ where: { parentCode: { in: frontier } }, select: { code: true } });
    frontier = children.map((child) => child.code);
    for (const child of frontier) codes.add(child);
  }
  for (const former of await formerCodesLeadingTo(db, [...codes], 'commune')) codes.add(former);
  return [...codes];
}

export async function audienceFilter(db: Db, audience: Audience): Promise<Prisma.CitizenWhereInput> {
  return {
    subscribed: true,
    blocked: false,
    ...(audience.channel ? { channel: audience.channel } : {}),
    ...(audience.localityCode ? { localityCode: { in: await localitySubtree(db, audience.localityCode) } } : {}),
  };
}

/** The same audience as a SQL condition on "Citizen" c, for an INSERT … SELECT. */
export async function audienceSql(db: Db, audience: Audience): Promise<Prisma.Sql> {
  const channel = audience.channel ? PrismaSql.sql` AND c."channel" = ${audience.channel}` : PrismaSql.empty;
  const locality = audience.localityCode
    ? PrismaSql.sql` AND c."localityCode" IN (${PrismaSql.join(await localitySubtree(db, audience.localityCode))})`
    : PrismaSql.empty;
  return PrismaSql.sql`c."subscribed" = true AND c."blocked" = false${channel}${locality}`;
}
