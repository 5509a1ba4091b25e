// The 2025 map of Lạng Sơn as shipped in prisma/seed/: the 65 communes and wards of Nghị quyết
// 1672/NQ-UBTVQH15 with their codes, and, for each, the units of the 2021 map merged into it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFormerUnitsCsv } from '../../src/localities/former-units.js';
import { parseLocalitiesCsv } from '../../src/localities/import.js';

const units = parseLocalitiesCsv(readFileSync('prisma/seed/localities-lang-son-2025.csv', 'utf8'));
const formers = parseFormerUnitsCsv(readFileSync('prisma/seed/localities-lang-son-2025-former.csv', 'utf8'), units);
const units2021 = parseLocalitiesCsv(readFileSync('prisma/seed/localities-lang-son-2021.csv', 'utf8'));
/** Names the 2021 file spells otherwise than the law (see docs/election-2026-facts.md). */
const CORRECTED = new Map([
  ['06178', 'Xã Hoàng Văn Thụ'],
  ['06337', 'Xã Đồng Ý'],
  ['06616', 'Thị trấn Nông trường Thái Bình'],
]);

describe('the 2025 map of Lạng Sơn', () => {
  it('has the province and 65 commune-level units (61 communes, 4 wards), with no district level', () => {
    expect(units.filter((unit) => unit.level === 'province').map((unit) => unit.code)).toEqual(['20']);
    const communes = units.filter((unit) => unit.level === 'commune');
    expect(communes).toHaveLength(65);
    expect(communes.filter((unit) => unit.type === 'Xã')).toHaveLength(61);
    expect(communes.filter((unit) => unit.type === 'Phường').map((unit) => unit.name)).toEqual([
      'Phường Đông Kinh',
      'Phường Lương Văn Tri',
      'Phường Tam Thanh',
      'Phường Kỳ Lừa',
    ]);
    expect(units.some((unit) => unit.level === 'district')).toBe(false);
    expect(communes.every((unit) => unit.parentCode === '20' && /^\d{5}$/.test(unit.code))).toBe(true);
  });

  it('names every unit of the 2021 map as a former unit, by its 2021 code and name', () => {
    const named = new Map(formers.map((edge) => [edge.code, edge]));
    const missing = units2021.filter((unit) => unit.level !== 'province' && !named.has(unit.code));
    expect(missing).toEqual([]);
    for (const unit of units2021.filter((row) => row.level !== 'province')) {
      const edge = named.get(unit.code);
      expect(edge?.name, unit.code).toBe(CORRECTED.get(unit.code) ?? unit.name);
      expect(edge?.level, unit.code).toBe(unit.level);
      expect(edge?.parentCode, unit.code).toBe(unit.parentCode);
    }
  });

  it('gives each new unit the code of one of the units merged into it', () => {
    for (const unit of units.filter((row) => row.level === 'commune')) {
      const merged = formers.filter((edge) => edge.successorCode === unit.code && edge.level === 'commune');
      expect(merged.length, unit.name).toBeGreaterThanOrEqual(2);
      expect(
        merged.map((edge) => edge.code),
        unit.name,
      ).toContain(unit.code);
    }
  });

  it('lists the units merged into Xã Lộc Bình in the resolution’s order', () => {
    const merged = formers.filter((edge) => edge.successorCode === '06529' && edge.level === 'commune');
    expect(merged.map((edge) => [edge.name, edge.share])).toEqual([
      ['Thị trấn Lộc Bình', 'all'],
      ['Xã Khánh Xuân', 'all'],
      ['Xã Đồng Bục', 'all'],
      ['Xã Hữu Khánh', 'all'],
    ]);
  });

  it('marks the split communes: Đại Đồng mostly to Thất Khê, Bính Xá and Kiên Mộc in parts', () => {
    const shares = (code: string) =>
      formers.filter((edge) => edge.code === code).map((edge) => [edge.successorCode, edge.share]);
    expect(shares('06040')).toEqual(
      expect.arrayContaining([
        ['06040', 'most'],
        ['06004', 'part'],
      ]),
    );
    expect(shares('06622').sort()).toEqual([
      ['06613', 'part'],
      ['06625', 'part'],
    ]);
    expect(shares('06625').sort()).toEqual([
      ['06625', 'part'],
      ['06637', 'part'],
    ]);
  });
});
