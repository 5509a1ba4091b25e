// kill -9 while a complaint is being confirmed, at several moments around the confirmation:
// after a restart there is no ticket or one whole ticket (with its "received" event, PIN and
// locality), never half of one, and confirming again leaves exactly one. On every provider.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { spawnApp, type ChildApp } from './child-app.js';
import { newChatSession, postChat, say, walkPetitionToSummary } from './web-chat-client.js';

const providers = await testProviders();
/**
 * When the process is killed after "confirm" is sent: a number of ms (before, around and after
 * the write), or the moment the ticket's row becomes visible (committed, reply not yet sent).
 */
const KILL_POINTS: (number | 'ticket-visible')[] = [0, 10, 30, 80, 'ticket-visible', 'ticket-visible'];

describe.each(providers)('SIGKILL during a complaint confirmation on %s', (provider) => {
  let database: TestDatabase;
  let dataDir: string;
  let app: ChildApp | null = null;
  let env: Record<string, string>;
  let reader: Database;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-crash-'));
    env = {
      DATABASE_URL: database.target.url,
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    };
    reader = openDatabase(database.target);
  });
  afterAll(async () => {
    await app?.stop();
    await reader.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves zero or one whole ticket, and exactly one after confirming again', { timeout: 300_000 }, async () => {
    const outcomes: string[] = [];
    for (const point of KILL_POINTS) {
      app ??= await spawnApp(env);
      const session = newChatSession();
      await walkPetitionToSummary(app.url, session);
      const citizen = await reader.db.citizen.findFirstOrThrow({
        where: { channel: 'web', platformUserId: session.id ?? '' },
      });
      const pending = postChat(app.url, session, { choice: 'confirm' }).catch(() => null);
      if (point === 'ticket-visible') {
        while ((await reader.db.ticket.count({ where: { citizenId: citizen.id } })) === 0)
          await new Promise((resolve) => setImmediate(resolve));
      } else {
        await new Promise((resolve) => setTimeout(resolve, point));
      }
      await app.kill();
      const answered = (await pending) !== null;
      app = await spawnApp(env);

      const afterCrash = await reader.db.ticket.findMany({
        where: { citizenId: citizen.id },
        include: { events: true },
      });
      expect(afterCrash.length).toBeLessThanOrEqual(1);
      outcomes.push(
        `${point === 'ticket-visible' ? point : `${point} ms`}: ${afterCrash.length} ticket${answered ? ', answered' : ''}`,
      );

      // confirming again (or seeing that it was filed) ends with exactly one ticket
      const again = (await say(app.url, session, { choice: 'confirm' })).map((reply) => reply.text).join('\n');
      const tickets = await reader.db.ticket.findMany({ where: { citizenId: citizen.id }, include: { events: true } });
      expect(tickets).toHaveLength(1);
      if (afterCrash.length === 0) expect(again).toContain(tickets[0]?.code);
    }
    // nowhere a half ticket: each one has its "received" event, its PIN and a locality
    const all = await reader.db.ticket.findMany({ include: { events: true } });
    expect(all).toHaveLength(KILL_POINTS.length);
    for (const ticket of all) {
      expect(ticket.events.some((event) => event.type === 'status_change' && event.toStatus === 'received')).toBe(true);
      expect(ticket.pinHash).not.toBeNull();
      expect(ticket.localityCode).toBe('05974');
    }
    expect(new Set(all.map((ticket) => ticket.code)).size).toBe(all.length);
    process.stdout.write(`[crash] ${provider}: ${outcomes.join('; ')}\n`);
  });
});
