// Notices kept for a citizen's next message: things that changed while they were away (their
// commune was merged into a new one). They wait in the conversation's data, keyed by text key
// and values, and are told once, in the language the citizen uses when they next write.
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Sql } from '../db/sql.js';

export const pendingNoticeSchema = z.object({ key: z.string().min(1), values: z.record(z.string(), z.string()) });
export type PendingNotice = z.infer<typeof pendingNoticeSchema>;

/**
 * Sets the notices of every citizen whose locality is `localityCode` (one statement, inside the
 * caller's transaction); bumps each conversation's version so an engine holding an older copy
 * decides again on the new one. Returns the number of conversations changed.
 */
export async function setNoticesForLocality(
  tx: Pick<Db, '$executeRawUnsafe'>,
  provider: Sql['provider'],
  localityCode: string,
  notices: readonly PendingNotice[],
): Promise<number> {
  const json = JSON.stringify(notices);
  const citizens = `SELECT "id" FROM "Citizen" WHERE "localityCode" = `;
  if (provider === 'postgresql') {
    return tx.$executeRawUnsafe(
      `UPDATE "Conversation" SET "data" = jsonb_set("data"::jsonb, '{notices}', CAST($1 AS jsonb))::text, "version" = "version" + 1, "updatedAt" = $3 WHERE "citizenId" IN (${citizens}$2)`,
      json,
      localityCode,
      new Date(),
    );
  }
  return tx.$executeRawUnsafe(
    `UPDATE "Conversation" SET "data" = json_set("data", '$.notices', json(?1)), "version" = "version" + 1, "updatedAt" = ?3 WHERE "citizenId" IN (${citizens}?2)`,
    json,
    localityCode,
    new Date(),
  );
}
