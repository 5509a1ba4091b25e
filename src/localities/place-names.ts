// How a unit of today's map is described to a citizen, and how any code (today's or a former
// unit's) is named to an officer: "Xã Lộc Bình (gồm thị trấn Lộc Bình và các xã Khánh Xuân,
// Đồng Bục, Hữu Khánh cũ)", "Xã Khánh Xuân → Xã Lộc Bình". The wording lives in
// locales/*/localities.json; unit names are the official ones, as the law writes them.
import type { Db } from '../db/database.js';
import { foldDiacritics } from '../lib/text.js';
import { resolveCodes } from './succession.js';

export type Texts = (key: string, values?: Record<string, unknown>) => string;

/** A former commune as the description lists it. */
export interface FormerUnit {
  name: string;
  type: string;
  share: string;
}

const TYPE_KEYS: Record<string, string> = { xa: 'xa', phuong: 'phuong', 'thi tran': 'thiTran' };

/** The former communes each of `codes` took in, in the law's order. */
export async function formerUnitsOf(db: Db, codes: readonly string[]): Promise<Map<string, FormerUnit[]>> {
  const rows = codes.length
    ? await db.formerLocality.findMany({
        where: { successorCode: { in: [...codes] }, level: 'commune' },
        select: { successorCode: true, name: true, type: true, share: true },
        orderBy: { position: 'asc' },
      })
    : [];
  const byUnit = new Map<string, FormerUnit[]>();
  for (const row of rows) byUnit.set(row.successorCode, [...(byUnit.get(row.successorCode) ?? []), row]);
  return byUnit;
}

function typeWord(t: Texts, type: string, count: number): string {
  const key = TYPE_KEYS[foldDiacritics(type)];
  return key ? t(`localities:type.${key}.${count === 1 ? 'one' : 'other'}`) : type.toLowerCase();
}

/** "thị trấn Lộc Bình", "các xã Khánh Xuân, Đồng Bục, Hữu Khánh": one group per type, in order of first appearance. */
function groups(t: Texts, units: readonly FormerUnit[]): string[] {
  const byType = new Map<string, string[]>();
  for (const unit of units) {
    const bare = unit.name.slice(
      unit.name.toLowerCase().startsWith(`${unit.type.toLowerCase()} `) ? unit.type.length + 1 : 0,
    );
    byType.set(unit.type, [...(byType.get(unit.type) ?? []), bare]);
  }
  return [...byType].map(([type, names]) =>
    t(`localities:group.${names.length === 1 ? 'one' : 'other'}`, {
      type: typeWord(t, type, names.length),
      names: names.join(', '),
    }),
  );
}

/** Today's unit with the former communes it took in; its bare name when it took in none. */
export function describeUnit(t: Texts, name: string, formers: readonly FormerUnit[]): string {
  if (formers.length === 0) return name;
  const whole = groups(
    t,
    formers.filter((unit) => unit.share === 'all'),
  );
  const most = groups(
    t,
    formers.filter((unit) => unit.share === 'most'),
  ).map((unit) => t('localities:mostOf', { unit }));
  const partial = groups(
    t,
    formers.filter((unit) => unit.share === 'part'),
  ).map((unit) => t('localities:partOf', { unit }));
  const parts = [...whole, ...most, ...partial];
  const last = parts.pop() ?? '';
  const joined = parts.length ? `${parts.join(', ')}${t('localities:and')}${last}` : last;
  return t('localities:formedFrom', { name, parts: joined });
}

/** Names for officers, for codes of today's map and of earlier ones ("Xã Khánh Xuân → Xã Lộc Bình"). */
export async function localityNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const leads = await resolveCodes(db, unique);
  const todayCodes = [...new Set([...leads.values()].flat())];
  const [today, former] = await Promise.all([
    db.locality.findMany({ where: { code: { in: todayCodes } }, select: { code: true, name: true } }),
    db.formerLocality.findMany({
      where: { code: { in: unique.filter((code) => !todayCodes.includes(code)) } },
      select: { code: true, name: true },
      orderBy: { position: 'asc' },
    }),
  ]);
  const todayName = new Map(today.map((unit) => [unit.code, unit.name]));
  const formerName = new Map(former.map((unit) => [unit.code, unit.name]));
  const names = new Map<string, string>();
  for (const code of unique) {
    const successors = (leads.get(code) ?? []).map((successor) => todayName.get(successor) ?? successor);
    const own = formerName.get(code);
    if (own !== undefined) names.set(code, `${own} → ${successors.join(', ')}`);
    else if (successors[0] !== undefined) names.set(code, successors[0]);
  }
  return names;
}

/** The names of every code of today's map and of the former units (a whole export's worth). */
export async function allLocalityNames(db: Db): Promise<Map<string, string>> {
  const [today, former] = await Promise.all([
    db.locality.findMany({ select: { code: true } }),
    db.formerLocality.findMany({ select: { code: true } }),
  ]);
  return localityNames(
    db,
    [...today, ...former].map((row) => row.code),
  );
}
