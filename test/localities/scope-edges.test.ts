// Locality scopes on a database that has seen a map reform: an account set to a province, a
// district or a commune covers exactly that and what lies below; one set to today's commune also
// covers the former communes merged into it (not a former district that also went into it);
// one still set to a former unit covers that code and the units it became (all of them when it
// was split); a place is in scope only when every unit it leads to is. Real database: the seed
// map of 2021, plus former units written as the 2025 map import writes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import {
  chainInScope,
  localityChain,
  localityScope,
  placeInScope,
  scopeContains,
  scopeFilter,
  scopeWhere,
} from '../../src/localities/scope.js';
import { isApprover, isRole, isWorker, roleNeedsTotp } from '../../src/officers/roles.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';

const providers = await testProviders();

describe.each(providers)('locality scopes on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;
  let province: string;
  let district: string;
  let commune: string;
  let otherCommune: string;
  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
    const db = database.db;
    const someCommune = await db.locality.findFirstOrThrow({
      where: { level: 'commune' },
      include: { parent: true },
      orderBy: { code: 'asc' },
    });
    commune = someCommune.code;
    district = someCommune.parentCode ?? '';
    province = someCommune.parent?.parentCode ?? '';
    otherCommune = (
      await db.locality.findFirstOrThrow({
        where: { level: 'commune', parentCode: { not: district } },
        orderBy: { code: 'asc' },
      })
    ).code;
    const former = (
      code: string,
      successorCode: string,
      level: string,
      share: string,
      position: number,
      parentCode: string | null = null,
    ) => ({ code, successorCode, name: code, type: 'Xã', level, parentCode, nameFolded: code, share, position });
    await db.formerLocality.createMany({
      data: [
        // two former communes merged into `commune`; one former commune became `otherCommune`
        former('F-MERGED-1', commune, 'commune', 'all', 1, district),
        former('F-MERGED-2', commune, 'commune', 'most', 2, district),
        former('F-ELSEWHERE', otherCommune, 'commune', 'all', 3),
        // a former district that also went into `commune`: not a commune merged into it
        former('F-DISTRICT', commune, 'district', 'all', 4),
        // a former commune split between two communes, with no main part
        former('F-SPLIT', commune, 'commune', 'part', 5),
        former('F-SPLIT', otherCommune, 'commune', 'part', 6),
        // a former district merged into today's district
        former('F-OLD-DISTRICT', district, 'district', 'all', 7),
      ],
    });
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it('gives the province, district and commune of a unit, as far as it goes', async () => {
    const db = database.db;
    expect(await localityChain(db, commune)).toEqual({
      provinceCode: province,
      districtCode: district,
      communeCode: commune,
    });
    expect(await localityChain(db, district)).toEqual({
      provinceCode: province,
      districtCode: district,
      communeCode: null,
    });
    expect(await localityChain(db, province)).toEqual({
      provinceCode: province,
      districtCode: null,
      communeCode: null,
    });
    expect(await localityChain(db, 'NO-SUCH-CODE')).toBeNull();
  });

  it('covers everything with no locality, and exactly the unit of a province or district account', async () => {
    const db = database.db;
    expect(await localityScope(db, null)).toBeNull();
    expect(await localityScope(db, province)).toEqual({
      provinceCodes: [province],
      districtCodes: [],
      communeCodes: [],
    });
    expect(await localityScope(db, district)).toEqual({
      provinceCodes: [],
      districtCodes: [district],
      communeCodes: [],
    });
  });

  it('covers the former communes merged into today’s commune (a split one too), not a former district that went into it', async () => {
    const scope = await localityScope(database.db, commune);
    expect(scope?.provinceCodes).toEqual([]);
    expect(scope?.districtCodes).toEqual([]);
    expect([...(scope?.communeCodes ?? [])].sort()).toEqual([commune, 'F-MERGED-1', 'F-MERGED-2', 'F-SPLIT'].sort());
  });

  it('covers a former commune’s code and everything the commune it became covers', async () => {
    const scope = await localityScope(database.db, 'F-MERGED-1');
    expect(scope?.provinceCodes).toEqual([]);
    expect(scope?.districtCodes).toEqual([]);
    expect([...(scope?.communeCodes ?? [])].sort()).toEqual([commune, 'F-MERGED-1', 'F-MERGED-2', 'F-SPLIT'].sort());
  });

  it('covers a former district’s code as a district, and the unit it became', async () => {
    const scope = await localityScope(database.db, 'F-DISTRICT');
    expect(scope?.districtCodes).toEqual(['F-DISTRICT']);
    expect(scope?.communeCodes).toContain(commune);
  });

  it('covers a former district merged into today’s district as that district', async () => {
    expect(await localityScope(database.db, 'F-OLD-DISTRICT')).toEqual({
      provinceCodes: [],
      districtCodes: ['F-OLD-DISTRICT', district],
      communeCodes: [],
    });
  });

  it('covers every successor of a former commune split with no main part', async () => {
    const scope = await localityScope(database.db, 'F-SPLIT');
    expect(scope?.communeCodes).toEqual(expect.arrayContaining(['F-SPLIT', commune, otherCommune, 'F-ELSEWHERE']));
    expect(new Set(scope?.communeCodes).size).toBe(scope?.communeCodes.length);
  });

  it('turns a scope into a ticket filter', async () => {
    expect(scopeWhere(null)).toEqual({});
    expect(scopeWhere({ provinceCodes: [], districtCodes: [], communeCodes: [] })).toEqual({ communeCode: '__none__' });
    expect(scopeWhere({ provinceCodes: ['P'], districtCodes: [], communeCodes: [] })).toEqual({
      provinceCode: { in: ['P'] },
    });
    expect(scopeWhere({ provinceCodes: [], districtCodes: ['D'], communeCodes: [] })).toEqual({
      districtCode: { in: ['D'] },
    });
    expect(scopeWhere({ provinceCodes: [], districtCodes: [], communeCodes: ['C'] })).toEqual({
      communeCode: { in: ['C'] },
    });
    expect(scopeWhere({ provinceCodes: ['P'], districtCodes: ['D'], communeCodes: ['C'] })).toEqual({
      OR: [{ provinceCode: { in: ['P'] } }, { districtCode: { in: ['D'] } }, { communeCode: { in: ['C'] } }],
    });
    expect(await scopeFilter(database.db, null)).toEqual({});
    expect(await scopeFilter(database.db, district)).toEqual({ districtCode: { in: [district] } });
  });

  it('finds a ticket filed under a former commune inside today’s commune’s scope, and not in another', async () => {
    const db = database.db;
    const filedThen = { provinceCode: province, districtCode: district, communeCode: 'F-MERGED-2' };
    expect(await chainInScope(db, filedThen, commune)).toBe(true);
    expect(await chainInScope(db, filedThen, otherCommune)).toBe(false);
    expect(await chainInScope(db, filedThen, null)).toBe(true);
    expect(scopeContains({ provinceCodes: [], districtCodes: [], communeCodes: [] }, filedThen)).toBe(false);
  });

  it('puts a place in scope only when every unit it leads to is', async () => {
    const db = database.db;
    expect(await placeInScope(db, commune, commune)).toBe(true);
    expect(await placeInScope(db, 'F-MERGED-1', commune)).toBe(true);
    expect(await placeInScope(db, commune, district)).toBe(true);
    expect(await placeInScope(db, otherCommune, commune)).toBe(false);
    // split between `commune` and `otherCommune`: not all of it is in `commune`'s scope
    expect(await placeInScope(db, 'F-SPLIT', commune)).toBe(false);
    expect(await placeInScope(db, 'F-SPLIT', null)).toBe(true);
    // a code that leads nowhere is in nobody's scope, not even the whole province's
    expect(await placeInScope(db, 'NO-SUCH-CODE', null)).toBe(false);
  });
});

describe('officer roles', () => {
  it('knows the four roles and nothing else', () => {
    expect(['admin', 'supervisor', 'officer', 'viewer'].every(isRole)).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole('')).toBe(false);
  });

  it('lets admins, supervisors and officers work tickets; only admins and supervisors approve and need a second factor', () => {
    expect(['admin', 'supervisor', 'officer', 'viewer', 'root'].map(isWorker)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(['admin', 'supervisor', 'officer', 'viewer', 'root'].map(isApprover)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect((['admin', 'supervisor', 'officer', 'viewer'] as const).map(roleNeedsTotp)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
