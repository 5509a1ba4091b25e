// The polling areas of one commune, optionally narrowed by a name or number typed without
// diacritics ("na chuong", "so 2").
import type { Db } from '../db/database.js';
import { foldDiacritics } from '../lib/text.js';

export interface PollingPlace {
  number: string;
  name: string;
  address: string;
  mapUrl: string | null;
  hours: string | null;
}

export async function listPollingPlaces(db: Db, communeCode: string, nameQuery?: string): Promise<PollingPlace[]> {
  const rows = await db.pollingArea.findMany({
    where: { communeCode },
    select: { number: true, name: true, address: true, mapUrl: true, hours: true, nameFolded: true },
  });
  const sorted = rows.sort((a, b) => a.number.localeCompare(b.number, 'vi', { numeric: true }));
  const query =
    nameQuery === undefined
      ? ''
      : foldDiacritics(nameQuery)
          .replace(/[^\p{L}\p{N} ]/gu, ' ')
          .replace(/\s+/g, ' ')
          .trim();
  const matching =
    query === ''
      ? sorted
      : sorted.filter(
          (area) =>
            area.number === query.replace(/^(so|khu vuc|kv) /, '') ||
            area.nameFolded.includes(query) ||
            foldDiacritics(area.address).includes(query),
        );
  return matching.map(({ number, name, address, mapUrl, hours }) => ({ number, name, address, mapUrl, hours }));
}

export async function hasPollingData(db: Db): Promise<boolean> {
  return (await db.pollingArea.count()) > 0;
}
