// Locality scopes: an account, a ticket or a broadcast audience covers a locality and
// everything below it. Tickets carry their province, district and commune codes, so a scope
// is a single indexed equality.
import type { Db } from '../db/database.js';

export interface LocalityChain {
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
}

/** A scope as a Prisma `where` fragment on tickets: {} for the whole province set. */
export type ScopeFilter = { provinceCode: string } | { districtCode: string } | { communeCode: string } | Record<string, never>;

/** The province, district and commune codes of a locality (for storing on a ticket). */
export async function localityChain(db: Db, code: string): Promise<LocalityChain | null> {
  const locality = await db.locality.findUnique({ where: { code }, include: { parent: { include: { parent: true } } } });
  if (!locality) return null;
  if (locality.level === 'province') return { provinceCode: locality.code, districtCode: null, communeCode: null };
  if (locality.level === 'district') return { provinceCode: locality.parentCode ?? '', districtCode: locality.code, communeCode: null };
  return { provinceCode: locality.parent?.parentCode ?? '', districtCode: locality.parentCode, communeCode: locality.code };
}

/** The ticket filter for an account scoped to `localityCode` (null: everything). */
export async function scopeFilter(db: Db, localityCode: string | null): Promise<ScopeFilter> {
  if (localityCode === null) return {};
  const locality = await db.locality.findUnique({ where: { code: localityCode }, select: { level: true } });
  // An account pointing at a locality that no longer exists sees nothing rather than everything.
  if (!locality) return { communeCode: '__none__' };
  if (locality.level === 'province') return { provinceCode: localityCode };
  if (locality.level === 'district') return { districtCode: localityCode };
  return { communeCode: localityCode };
}

/** Whether a ticket with this chain lies inside the scope `localityCode` (null: everything). */
export function chainInScope(chain: LocalityChain, localityCode: string | null): boolean {
  if (localityCode === null) return true;
  return chain.provinceCode === localityCode || chain.districtCode === localityCode || chain.communeCode === localityCode;
}
