// Locality scopes: an account, a ticket filter or a broadcast audience covers a locality and
// everything below it. Tickets carry their province, district and commune codes as they were
// when filed, so a scope is a short list of codes per column, each an indexed lookup. When the
// map changed (2025: no more districts, communes merged), a scope on today's commune also
// takes in the codes of the former communes merged into it, and a scope still set to a former
// unit covers the units it became; a ticket keeps the codes it was filed under.
import type { Db, Prisma } from '../db/database.js';
import { formerCodesLeadingTo, leadsTo, resolveCodes } from './succession.js';

export interface LocalityChain {
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
}

/** The codes a scope covers, per ticket column. */
export interface LocalityScope {
  provinceCodes: string[];
  districtCodes: string[];
  communeCodes: string[];
}

const NOTHING: LocalityScope = { provinceCodes: [], districtCodes: [], communeCodes: [] };

/** The province, district and commune codes of a unit of today's map (for storing on a ticket). */
export async function localityChain(db: Db, code: string): Promise<LocalityChain | null> {
  const locality = await db.locality.findUnique({
    where: { code },
    include: { parent: { include: { parent: true } } },
  });
  if (!locality) return null;
  const line = [locality, locality.parent, locality.parent?.parent];
  const at = (level: string) => line.find((unit) => unit?.level === level)?.code ?? null;
  return { provinceCode: at('province') ?? '', districtCode: at('district'), communeCode: at('commune') };
}

async function unitScope(db: Db, code: string, level: string): Promise<LocalityScope> {
  if (level === 'province') return { ...NOTHING, provinceCodes: [code] };
  if (level === 'district') return { ...NOTHING, districtCodes: [code] };
  return { ...NOTHING, communeCodes: [code, ...(await formerCodesLeadingTo(db, [code], 'commune'))] };
}

function merge(scopes: readonly LocalityScope[]): LocalityScope {
  const union = (pick: (scope: LocalityScope) => string[]) => [...new Set(scopes.flatMap(pick))];
  return {
    provinceCodes: union((scope) => scope.provinceCodes),
    districtCodes: union((scope) => scope.districtCodes),
    communeCodes: union((scope) => scope.communeCodes),
  };
}

/** What an account (or filter) set to `localityCode` covers; null: everything. */
export async function localityScope(db: Db, localityCode: string | null): Promise<LocalityScope | null> {
  if (localityCode === null) return null;
  const unit = await db.locality.findUnique({ where: { code: localityCode }, select: { level: true } });
  if (unit) return unitScope(db, localityCode, unit.level);
  const edges = await db.formerLocality.findMany({ where: { code: localityCode }, orderBy: { position: 'asc' } });
  // A code nobody knows covers nothing rather than everything.
  const [first] = edges;
  if (!first) return NOTHING;
  const literal =
    first.level === 'district'
      ? { ...NOTHING, districtCodes: [localityCode] }
      : { ...NOTHING, communeCodes: [localityCode] };
  const successors = await db.locality.findMany({
    where: { code: { in: leadsTo(edges) } },
    select: { code: true, level: true },
  });
  return merge([
    literal,
    ...(await Promise.all(successors.map((successor) => unitScope(db, successor.code, successor.level)))),
  ]);
}

/** A scope as a Prisma `where` on tickets: {} for everything. */
export function scopeWhere(scope: LocalityScope | null): Prisma.TicketWhereInput {
  if (scope === null) return {};
  const parts: Prisma.TicketWhereInput[] = [];
  if (scope.provinceCodes.length) parts.push({ provinceCode: { in: scope.provinceCodes } });
  if (scope.districtCodes.length) parts.push({ districtCode: { in: scope.districtCodes } });
  if (scope.communeCodes.length) parts.push({ communeCode: { in: scope.communeCodes } });
  if (parts.length === 0) return { communeCode: '__none__' };
  return parts.length === 1 ? (parts[0] ?? {}) : { OR: parts };
}

/** Whether a ticket with this chain lies inside the scope (null: everything). */
export function scopeContains(scope: LocalityScope | null, chain: LocalityChain): boolean {
  if (scope === null) return true;
  return (
    scope.provinceCodes.includes(chain.provinceCode) ||
    (chain.districtCode !== null && scope.districtCodes.includes(chain.districtCode)) ||
    (chain.communeCode !== null && scope.communeCodes.includes(chain.communeCode))
  );
}

/** The ticket filter for an account scoped to `localityCode` (null: everything). */
export async function scopeFilter(db: Db, localityCode: string | null): Promise<Prisma.TicketWhereInput> {
  return scopeWhere(await localityScope(db, localityCode));
}

/** Whether a ticket with this chain lies inside the scope of `localityCode` (null: everything). */
export async function chainInScope(db: Db, chain: LocalityChain, localityCode: string | null): Promise<boolean> {
  return scopeContains(await localityScope(db, localityCode), chain);
}

/** Whether the units `code` leads to (itself, or a former unit's successors) all lie in the scope of `localityCode`. */
export async function placeInScope(db: Db, code: string, localityCode: string | null): Promise<boolean> {
  const scope = await localityScope(db, localityCode);
  const chains = await Promise.all(
    (await resolveCodes(db, [code])).get(code)?.map((unit) => localityChain(db, unit)) ?? [],
  );
  return chains.length > 0 && chains.every((chain) => chain !== null && scopeContains(scope, chain));
}
