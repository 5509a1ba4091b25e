// The map the configured election is held on, kept in the database. An empty database gets the
// election file's map. When the election file names a newer map with its former units (the
// 2025 reform: districts gone, communes merged), the database is switched at start, in one
// transaction: today's units written, the former units recorded, citizens set to a merged
// commune moved to the unit it became (or, for a unit split with no main part, asked to choose
// again) and told once when they next write, units no longer on the map removed. Tickets,
// accounts and broadcasts keep the codes they hold; those codes lead to today's units through
// the former units (scope.ts, succession.ts). A loaded database is never changed by a map that
// comes without former units: that would lose the way from old codes to new ones.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { setNoticesForLocality, type PendingNotice } from '../conversation/pending-notices.js';
import type { Database, Db } from '../db/database.js';
import {
  formerLocalityData,
  groupByCode,
  parseFormerUnitsCsv,
  SHARES,
  type FormerUnitRow,
  type Share,
} from './former-units.js';
import { LocalityImportError, parentsFirst, parseLocalitiesCsv, upsertLocality, type LocalityRow } from './import.js';
import { leadsTo } from './succession.js';

/** The LocalityMap row holding the fingerprint of the map files last loaded. */
const MAP_ROW = 1;
/** PostgreSQL advisory lock: instances starting together switch the map once. */
const MAP_LOCK_KEY = 7_263_002;
const LEVELS_CHILDREN_FIRST = ['commune', 'district', 'province'];

export interface LocalityMapFiles {
  file: string;
  formerUnitsFile: string | null;
}

export type MapSyncOutcome =
  | { kind: 'unchanged' }
  | { kind: 'loaded'; units: number; formerUnits: number }
  /** the database holds another map, and the election file brings no former units to switch with */
  | { kind: 'kept' }
  | { kind: 'switched'; units: number; retired: number; moved: number; told: number };

interface MapData {
  units: LocalityRow[];
  formers: FormerUnitRow[];
  fingerprint: string;
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

function readMap(map: LocalityMapFiles): MapData {
  const unitsText = readFileSync(map.file, 'utf8');
  const formersText = map.formerUnitsFile === null ? '' : readFileSync(map.formerUnitsFile, 'utf8');
  const problemsIn = (file: string, error: unknown): never => {
    if (error instanceof LocalityImportError)
      throw new ConfigError(
        'ELECTION_CONFIG',
        `${path.basename(file)} has problems: ${error.problems.slice(0, 5).join('; ')}`,
      );
    throw error;
  };
  let units: LocalityRow[] = [];
  try {
    units = parseLocalitiesCsv(unitsText);
  } catch (error) {
    problemsIn(map.file, error);
  }
  let formers: FormerUnitRow[] = [];
  try {
    formers = map.formerUnitsFile === null ? [] : parseFormerUnitsCsv(formersText, units);
  } catch (error) {
    problemsIn(map.formerUnitsFile ?? map.file, error);
  }
  return {
    units,
    formers,
    fingerprint: createHash('sha256').update(unitsText).update('\u0000').update(formersText).digest('hex'),
  };
}

/** How much of `a` ends in `c` when `a` went into `b` and `b` into `c`: the narrower share. */
function through(first: string, second: Share): Share {
  const rank = (share: string) => Math.max(0, SHARES.indexOf(share as Share));
  return SHARES[Math.max(rank(first), rank(second))] ?? 'part';
}

async function load(tx: Tx, { units, formers }: MapData): Promise<void> {
  for (const row of parentsFirst(units)) await upsertLocality(tx, row);
  if (formers.length > 0) await tx.formerLocality.createMany({ data: formers.map(formerLocalityData) });
}

async function switchMap(
  tx: Tx,
  provider: Database['target']['provider'],
  data: MapData,
  before: { code: string; name: string; level: string }[],
  formersFile: string,
): Promise<MapSyncOutcome> {
  const { units, formers } = data;
  const today = new Map(units.map((unit) => [unit.code, unit]));
  const formersByCode = groupByCode(formers);
  const retired = before.filter((unit) => !today.has(unit.code));
  const unaccounted = retired.filter((unit) => !formersByCode.has(unit.code));
  if (unaccounted.length > 0) {
    const listed = unaccounted
      .slice(0, 10)
      .map((unit) => `${unit.code} ${unit.name}`)
      .join(', ');
    throw new ConfigError(
      'ELECTION_CONFIG',
      `the database holds ${unaccounted.length} localities that ${path.basename(formersFile)} does not name as former units (${listed}${unaccounted.length > 10 ? ', …' : ''}): add a line for each, with the unit it went into`,
    );
  }
  const retiredCodes = retired.map((unit) => unit.code);

  for (const row of parentsFirst(units)) await upsertLocality(tx, row);
  // Former units of an earlier generation that led to a unit retired now lead on to its successors.
  const older = await tx.formerLocality.findMany({ where: { successorCode: { in: retiredCodes } } });
  for (const edge of older) {
    for (const next of formersByCode.get(edge.successorCode) ?? []) {
      const data = { ...edge, successorCode: next.successorCode, share: through(edge.share, next.share) };
      await tx.formerLocality.upsert({
        where: { code_successorCode: { code: edge.code, successorCode: next.successorCode } },
        create: data,
        update: data,
      });
    }
  }
  await tx.formerLocality.deleteMany({ where: { successorCode: { in: retiredCodes } } });
  for (const edge of formers) {
    const data = formerLocalityData(edge);
    await tx.formerLocality.upsert({
      where: { code_successorCode: { code: edge.code, successorCode: edge.successorCode } },
      create: data,
      update: data,
    });
  }

  let moved = 0;
  let told = 0;
  const nameOf = (code: string) => today.get(code)?.name ?? code;
  for (const unit of before) {
    const edges = formersByCode.get(unit.code);
    if (!edges) continue;
    if (today.has(unit.code)) {
      // the code lives on as today's unit: tell its citizens the new name, if it changed
      if (nameOf(unit.code) !== unit.name)
        told += await setNoticesForLocality(tx, provider, unit.code, [
          { key: 'localities:moved', values: { former: unit.name, current: nameOf(unit.code) } },
        ]);
      continue;
    }
    const successors = leadsTo(edges);
    const [only] = successors;
    const notice: PendingNotice =
      successors.length === 1 && only !== undefined
        ? { key: 'localities:moved', values: { former: unit.name, current: nameOf(only) } }
        : { key: 'localities:split', values: { former: unit.name, successors: successors.map(nameOf).join(', ') } };
    told += await setNoticesForLocality(tx, provider, unit.code, [notice]);
    if (successors.length === 1 && only !== undefined)
      moved += (await tx.citizen.updateMany({ where: { localityCode: unit.code }, data: { localityCode: only } }))
        .count;
  }
  for (const level of LEVELS_CHILDREN_FIRST) {
    await tx.locality.deleteMany({
      where: { code: { in: retired.filter((unit) => unit.level === level).map((unit) => unit.code) } },
    });
  }
  return { kind: 'switched', units: units.length, retired: retired.length, moved, told };
}

/** Brings the database onto the configured map (see the header); safe to run at every start. */
export async function syncLocalityMap(
  database: Pick<Database, 'db' | 'target'>,
  map: LocalityMapFiles,
): Promise<MapSyncOutcome> {
  const data = readMap(map);
  const { provider } = database.target;
  return database.db.$transaction(
    async (tx) => {
      if (provider === 'postgresql') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${MAP_LOCK_KEY})`);
      const marker = await tx.localityMap.findUnique({ where: { id: MAP_ROW } });
      if (marker?.fingerprint === data.fingerprint) return { kind: 'unchanged' };
      const before = await tx.locality.findMany({ select: { code: true, name: true, level: true } });
      let outcome: MapSyncOutcome;
      if (before.length === 0) {
        await load(tx, data);
        outcome = { kind: 'loaded', units: data.units.length, formerUnits: data.formers.length };
      } else if (map.formerUnitsFile === null) {
        const same =
          before.length === data.units.length &&
          before.every((unit) => data.units.some((row) => row.code === unit.code));
        return same ? { kind: 'unchanged' } : { kind: 'kept' };
      } else {
        outcome = await switchMap(tx, provider, data, before, map.formerUnitsFile);
      }
      await tx.localityMap.upsert({
        where: { id: MAP_ROW },
        create: { id: MAP_ROW, fingerprint: data.fingerprint },
        update: { fingerprint: data.fingerprint },
      });
      return outcome;
    },
    { maxWait: 30_000, timeout: 300_000 },
  );
}
