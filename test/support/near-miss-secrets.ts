// Secrets that differ from the real one in one character at either end but have its length: a
// check that compared lengths alone (or stopped early) would let them through.
import { expect } from 'vitest';
import type { Db } from '../../src/db/database.js';

export function nearMissesOf(secret: string): string[] {
  return [
    `${secret.startsWith('X') ? 'Y' : 'X'}${secret.slice(1)}`,
    `${secret.slice(0, -1)}${secret.endsWith('4') ? '5' : '4'}`,
  ];
}

/**
 * Posts a webhook update with each near miss of `secret`: every one gets 401 and leaves no trace
 * (an accepted update is stored before the webhook answers, so a refused one must store nothing).
 */
export async function expectNearMissesRefused(
  secret: string,
  postWith: (secret: string) => Promise<Response>,
  db: Db,
): Promise<void> {
  for (const nearMiss of nearMissesOf(secret)) {
    expect(nearMiss).toHaveLength(secret.length);
    expect(nearMiss).not.toBe(secret);
    const refused = await postWith(nearMiss);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'unauthenticated' });
  }
  expect(await db.citizen.count()).toBe(0);
  expect(await db.processedUpdate.count()).toBe(0);
  expect(await db.outboundMessage.count()).toBe(0);
}
