// Persistence of citizens, conversation state and processed updates. The only module of the
// engine that talks to the database, so the dialogue logic stays plain.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { placeholders, type SqlValue } from '../db/sql.js';
import { Batcher } from '../lib/batcher.js';
import { isLocale, type Locale } from '../i18n.js';
import type { CitizenView } from './flow.js';
import type { InboundMessage } from './messages.js';

export const ENGINE_STATES = ['new', 'consent', 'language', 'idle', 'question', 'flow'] as const;
export type EngineState = (typeof ENGINE_STATES)[number];

const optionSchema = z.object({ id: z.string(), label: z.string() });
const dataSchema = z.object({
  /** the options of the last reply: valid choices, and what "2" means on a numbered menu */
  lastOptions: z.array(optionSchema).default([]),
  flowId: z.string().optional(),
  flowData: z.record(z.string(), z.unknown()).default({}),
  /** the flow to start once the citizen has agreed (a deep link before consent) */
  pendingFlow: z.object({ id: z.string(), argument: z.string().optional() }).optional(),
});
export type ConversationData = z.infer<typeof dataSchema>;

export interface ConversationSnapshot {
  state: EngineState;
  data: ConversationData;
  version: number;
}

export interface StoredCitizen extends CitizenView {
  consentAt: Date | null;
  blocked: boolean;
}

/** Raw rows: SQLite may give booleans as 0/1 and dates as text, PostgreSQL gives the real types. */
const rawBoolean = z.union([z.boolean(), z.number()]).transform(Boolean);
const rawDate = z.union([z.date(), z.string(), z.number()]).transform((value) => (value instanceof Date ? value : new Date(value)));
const citizenRow = z.object({
  id: z.string(),
  chatId: z.string(),
  displayName: z.string().nullable(),
  locale: z.string(),
  localityCode: z.string().nullable(),
  subscribed: rawBoolean,
  consentAt: rawDate.nullable(),
  blocked: rawBoolean,
});
const rawInteger = z.union([z.number(), z.bigint()]).transform(Number);
const conversationRow = z.object({ state: z.string(), data: z.string(), version: rawInteger });
const citizenWithConversationRow = citizenRow.extend({
  channel: z.string(),
  platformUserId: z.string(),
  lastSeenAt: rawDate.nullable(),
  state: z.string().nullable(),
  data: z.string().nullable(),
  version: rawInteger.nullable(),
});
const LAST_SEEN_PRECISION_MS = 60_000;
type ConversationRow = z.infer<typeof citizenWithConversationRow>;
// built once: zod compiles a schema on its first use, which costs more than parsing a row
const conversationRows = z.array(citizenWithConversationRow);
const conversationOnlyRows = z.array(conversationRow);
const claimedRows = z.array(z.object({ channel: z.string(), updateKey: z.string() }));
const savedRows = z.array(z.object({ citizenId: z.string() }));

interface PendingSave {
  citizenId: string;
  loadedVersion: number;
  state: EngineState;
  /** the conversation data as JSON text */
  data: string;
}

function storedCitizen(row: z.infer<typeof citizenRow>, message: InboundMessage): StoredCitizen {
  const { id, chatId, displayName, localityCode, subscribed, consentAt, blocked } = row;
  return { id, channel: message.channel, chatId, displayName, locale: isLocale(row.locale) ? row.locale : 'vi', localityCode, subscribed, consentAt, blocked };
}

function parseData(text: string): ConversationData {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = {};
  }
  const parsed = dataSchema.safeParse(json);
  return parsed.success ? parsed.data : dataSchema.parse({});
}

function parseState(state: string): EngineState {
  return ENGINE_STATES.find((known) => known === state) ?? 'idle';
}

/** The Prisma client and the plain SQL path of one database. */
export type StoreDatabase = Pick<Database, 'db' | 'sql'>;

export class ConversationStore {
  private readonly db: Database['db'];
  private readonly sql: Database['sql'];
  // Plain SQL on the hot path, portable between SQLite and PostgreSQL and without Prisma's
  // per-query work. The three statements of every message (claim, read, save) are batched:
  // under load the messages of many citizens share one statement each (bench/webhook).
  private readonly claims = new Batcher<{ channel: string; key: string; now: Date }, boolean>((items) => this.claimAll(items));
  private readonly reads = new Batcher<{ channel: string; platformUserId: string }, ConversationRow | undefined>((items) => this.readAll(items));
  private readonly saves = new Batcher<PendingSave, boolean>((items) => this.saveAll(items));

  constructor(database: StoreDatabase) {
    this.db = database.db;
    this.sql = database.sql;
  }

  /** Records an update as handled; false when it was handled before (a redelivery). */
  claimUpdate(message: InboundMessage, now: Date): Promise<boolean> {
    return this.claims.add({ channel: message.channel, key: message.platformMessageId, now });
  }

  private async claimAll(items: { channel: string; key: string; now: Date }[]): Promise<boolean[]> {
    const values: SqlValue[] = [];
    const rows = items.map(({ channel, key, now }) => `(${placeholders(values.push(channel, key, now) - 2, 3)})`);
    const inserted = claimedRows.parse(await this.sql.query(`INSERT INTO "ProcessedUpdate" ("channel", "updateKey", "createdAt") VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING RETURNING "channel", "updateKey"`, values));
    const claimed = new Set(inserted.map((row) => `${row.channel}\u0000${row.updateKey}`));
    // the same update twice in one group: the first one has it
    return items.map(({ channel, key }) => claimed.delete(`${channel}\u0000${key}`));
  }

  /** Lets a redelivery of an update whose handling failed be handled again. */
  async releaseUpdate(message: InboundMessage): Promise<void> {
    await this.db.processedUpdate.deleteMany({ where: { channel: message.channel, updateKey: message.platformMessageId } });
  }

  /** Forgets handled update ids older than `before` (platforms redeliver for a day at most). */
  async pruneProcessedUpdates(before: Date): Promise<number> {
    const result = await this.db.processedUpdate.deleteMany({ where: { createdAt: { lt: before } } });
    return result.count;
  }

  /**
   * The citizen (created on a first message) and their conversation if it exists, in one read.
   * The citizen row is written only when something changed: new chat id or name, a block lifted,
   * or lastSeenAt older than a minute (it is kept to the minute, not rewritten on every message).
   */
  async openConversation(message: InboundMessage, now: Date): Promise<{ citizen: StoredCitizen; conversation: ConversationSnapshot | null }> {
    const row = await this.reads.add({ channel: message.channel, platformUserId: message.platformUserId });
    if (!row) return { citizen: await this.upsertCitizen(message, now), conversation: null };
    const stale =
      row.chatId !== message.chatId ||
      (message.displayName !== undefined && message.displayName !== row.displayName) ||
      row.blocked ||
      row.lastSeenAt === null ||
      now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_PRECISION_MS;
    const citizen = stale ? await this.upsertCitizen(message, now) : storedCitizen(row, message);
    const conversation = row.state !== null && row.data !== null && row.version !== null ? { state: parseState(row.state), data: parseData(row.data), version: row.version } : null;
    return { citizen, conversation };
  }

  private async readAll(items: { channel: string; platformUserId: string }[]): Promise<(ConversationRow | undefined)[]> {
    const values: SqlValue[] = [];
    const matches = items.map(({ channel, platformUserId }) => {
      const at = values.push(channel, platformUserId) - 1;
      return `(c."channel" = $${at} AND c."platformUserId" = $${at + 1})`;
    });
    const rows = conversationRows.parse(
      await this.sql.query(
        `SELECT c."id", c."channel", c."platformUserId", c."chatId", c."displayName", c."locale", c."localityCode", c."subscribed", c."consentAt", c."blocked", c."lastSeenAt",
                v."state", v."data", v."version"
         FROM "Citizen" c LEFT JOIN "Conversation" v ON v."citizenId" = c."id"
         WHERE ${matches.join(' OR ')}`,
        values,
      ),
    );
    const found = new Map(rows.map((row) => [`${row.channel}\u0000${row.platformUserId}`, row]));
    return items.map(({ channel, platformUserId }) => found.get(`${channel}\u0000${platformUserId}`));
  }

  /** Creates the citizen, or marks them seen (and no longer blocking the bot). */
  private async upsertCitizen(message: InboundMessage, now: Date): Promise<StoredCitizen> {
    const rows = await this.sql.query(
      `INSERT INTO "Citizen" ("id", "channel", "platformUserId", "chatId", "displayName", "locale", "lastSeenAt", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)
       ON CONFLICT ("channel", "platformUserId") DO UPDATE SET
         "chatId" = excluded."chatId", "lastSeenAt" = excluded."lastSeenAt", "updatedAt" = excluded."updatedAt",
         "displayName" = COALESCE(excluded."displayName", "Citizen"."displayName"), "blocked" = false, "blockedAt" = NULL
       RETURNING "id", "chatId", "displayName", "locale", "localityCode", "subscribed", "consentAt", "blocked"`,
      [randomUUID(), message.channel, message.platformUserId, message.chatId, message.displayName ?? null, message.localeHint ?? 'vi', now],
    );
    return storedCitizen(citizenRow.parse(rows[0]), message);
  }

  async loadConversation(citizenId: string): Promise<ConversationSnapshot> {
    // a read in the usual case; the row is created once, on the first message
    const rows = conversationOnlyRows.parse(await this.sql.query(`SELECT "state", "data", "version" FROM "Conversation" WHERE "citizenId" = $1`, [citizenId]));
    const row = rows[0];
    if (row) return { state: parseState(row.state), data: parseData(row.data), version: row.version };
    // ON CONFLICT: another instance may create it at the same moment; either row starts the same
    await this.sql.execute(
      `INSERT INTO "Conversation" ("citizenId", "state", "data", "version", "updatedAt") VALUES ($1, 'new', '{}', 0, $2) ON CONFLICT DO NOTHING`,
      [citizenId, new Date()],
    );
    return this.loadConversation(citizenId);
  }

  /** Saves the new state if nobody else changed it since it was loaded; false on a conflict. */
  saveConversation(citizenId: string, loadedVersion: number, state: EngineState, data: ConversationData): Promise<boolean> {
    return this.saves.add({ citizenId, loadedVersion, state, data: JSON.stringify(data) });
  }

  private async saveAll(items: PendingSave[]): Promise<boolean[]> {
    // A citizen's messages are handled one at a time, so a group holds a citizen once; should
    // one come twice, the later save is answered as a conflict and decided again.
    const first = items.filter((item, index) => items.findIndex((other) => other.citizenId === item.citizenId) === index);
    const values: SqlValue[] = [new Date()];
    // typed in every row: PostgreSQL would otherwise read the parameters of VALUES as text
    const rows = first.map(({ citizenId, loadedVersion, state, data }) => {
      const at = values.push(citizenId, loadedVersion, state, data) - 3;
      return `(CAST($${at} AS TEXT), CAST($${at + 1} AS INTEGER), CAST($${at + 2} AS TEXT), CAST($${at + 3} AS TEXT))`;
    });
    // VALUES names its columns column1, column2, … on both databases
    const saved = savedRows.parse(
      await this.sql.query(
        `UPDATE "Conversation" SET "state" = v.column3, "data" = v.column4, "version" = v.column2 + 1, "updatedAt" = $1
         FROM (VALUES ${rows.join(', ')}) AS v
         WHERE "Conversation"."citizenId" = v.column1 AND "Conversation"."version" = v.column2
         RETURNING "Conversation"."citizenId"`,
        values,
      ),
    );
    const done = new Set(saved.map((row) => row.citizenId));
    return items.map((item) => first.includes(item) && done.has(item.citizenId));
  }

  async updateCitizen(citizenId: string, changes: { locale?: Locale; localityCode?: string; consentAt?: Date }): Promise<void> {
    await this.db.citizen.update({ where: { id: citizenId }, data: changes });
  }

  async setSubscribed(citizenId: string, subscribed: boolean, now: Date): Promise<void> {
    await this.db.citizen.update({
      where: { id: citizenId },
      data: subscribed ? { subscribed: true, subscribedAt: now, unsubscribedAt: null } : { subscribed: false, unsubscribedAt: now },
    });
  }
}
