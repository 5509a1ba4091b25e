// Persistence of citizens, conversation state and processed updates. The only module of the
// engine that talks to the database, so the dialogue logic stays plain. A conversation's new
// state and the replies it produced (as outbox rows) commit together: one statement on
// PostgreSQL, one transaction on SQLite, so a crash can lose neither without the other.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { placeholders, type SqlValue } from '../db/sql.js';
import { Batcher } from '../lib/batcher.js';
import { isLocale, type Locale } from '../i18n.js';
import type { OutboxStore } from '../outbox/outbox-store.js';
import type { OutgoingMessage, StoredMessage } from '../outbox/outgoing.js';
import { pendingNoticeSchema } from './pending-notices.js';
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
  /** knowledge-base entries answered lately and not voted on yet: the only votes accepted */
  answered: z.array(z.string()).default([]),
  /** told before the reply to the citizen's next message (pending-notices.ts) */
  notices: z.array(pendingNoticeSchema).optional(),
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
const rawDate = z
  .union([z.date(), z.string(), z.number()])
  .transform((value) => (value instanceof Date ? value : new Date(value)));
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
// the citizen's columns are null when the citizen is new: checked row by row
const claimedConversationRows = z.array(
  z.looseObject({ n: rawInteger, claimed: rawBoolean, id: z.string().nullable() }),
);
const conversationOnlyRows = z.array(conversationRow);
const claimedRows = z.array(z.object({ channel: z.string(), updateKey: z.string() }));
const savedRows = z.array(z.object({ citizenId: z.string(), id: rawInteger.nullable().default(null) }));

type EncodedRows = ReturnType<OutboxStore['encode']>[];

interface PendingOpen {
  channel: string;
  /** the platform's update id */
  key: string;
  platformUserId: string;
  now: Date;
}

interface OpenedRow {
  claimed: boolean;
  row: ConversationRow | undefined;
}

/** A claimed update, with what was read of its citizen's conversation. */
export interface ClaimedUpdate {
  row: ConversationRow | undefined;
}

export interface OpenedConversation {
  citizen: StoredCitizen;
  conversation: ConversationSnapshot | null;
}

interface PendingSave {
  citizenId: string;
  loadedVersion: number;
  state: EngineState;
  /** the conversation data as JSON text */
  data: string;
  /** the replies to store with it (for the channels the outbox sends on) */
  outgoing: readonly OutgoingMessage[];
}

/** A save's result: false on a conflict (nothing written); the replies as stored rows. */
export interface SaveResult {
  saved: boolean;
  stored: StoredMessage[];
}

function storedCitizen(row: z.infer<typeof citizenRow>, message: InboundMessage): StoredCitizen {
  const { id, chatId, displayName, localityCode, subscribed, consentAt, blocked } = row;
  return {
    id,
    channel: message.channel,
    chatId,
    displayName,
    locale: isLocale(row.locale) ? row.locale : 'vi',
    localityCode,
    subscribed,
    consentAt,
    blocked,
  };
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
  // Plain SQL on the hot path, without Prisma's per-query work. Every message costs two
  // statements on PostgreSQL (claim the update and read the conversation in one, then save it),
  // three on SQLite; under load the messages of many citizens share each (bench/webhook).
  private readonly opens = new Batcher<PendingOpen, OpenedRow>((items) =>
    this.sql.provider === 'postgresql' ? this.claimAndReadAll(items) : this.claimThenReadAll(items),
  );
  private readonly saves = new Batcher<PendingSave, SaveResult>((items) => this.saveAll(items));

  constructor(
    database: StoreDatabase,
    /** where the replies of a save are written; without it replies are not stored (the web chat answers inline) */
    private readonly outbox: OutboxStore | null = null,
  ) {
    this.db = database.db;
    this.sql = database.sql;
  }

  /**
   * Records the update as handled, reading the citizen's conversation on the way; null when the
   * update was handled before (a redelivery). Then openConversation gives the conversation.
   */
  async claimUpdate(message: InboundMessage, now: Date): Promise<ClaimedUpdate | null> {
    const { claimed, row } = await this.opens.add({
      channel: message.channel,
      key: message.platformMessageId,
      platformUserId: message.platformUserId,
      now,
    });
    return claimed ? { row } : null;
  }

  /** PostgreSQL: one statement claims every update of the group and reads their conversations. */
  private async claimAndReadAll(items: PendingOpen[]): Promise<OpenedRow[]> {
    const values: SqlValue[] = [items[0]?.now ?? new Date()];
    const input = items.map(({ channel, key, platformUserId }, index) => {
      const at = values.push(channel, key, platformUserId, index) - 3;
      return `(CAST($${at} AS TEXT), CAST($${at + 1} AS TEXT), CAST($${at + 2} AS TEXT), CAST($${at + 3} AS INTEGER))`;
    });
    const rows = claimedConversationRows.parse(
      await this.sql.query(
        `WITH input ("channel", "updateKey", "platformUserId", "n") AS (VALUES ${input.join(', ')}),
         claimed AS (
           INSERT INTO "ProcessedUpdate" ("channel", "updateKey", "createdAt") SELECT "channel", "updateKey", $1 FROM input
           ON CONFLICT DO NOTHING RETURNING "channel", "updateKey")
         SELECT i."n", k."updateKey" IS NOT NULL AS "claimed", c."id", c."channel", c."platformUserId", c."chatId", c."displayName", c."locale",
                c."localityCode", c."subscribed", c."consentAt", c."blocked", c."lastSeenAt", v."state", v."data", v."version"
         FROM input i
         LEFT JOIN claimed k ON k."channel" = i."channel" AND k."updateKey" = i."updateKey"
         LEFT JOIN "Citizen" c ON c."channel" = i."channel" AND c."platformUserId" = i."platformUserId"
         LEFT JOIN "Conversation" v ON v."citizenId" = c."id"`,
        values,
      ),
    );
    const byIndex = new Map(rows.map((row) => [row.n, row]));
    const taken = new Set<string>();
    return items.map(({ channel, key }, index) => {
      const found = byIndex.get(index);
      const row = found?.id ? citizenWithConversationRow.parse(found) : undefined;
      // the same update twice in one group: the first one has it
      const claimed = found?.claimed === true && !taken.has(`${channel}\u0000${key}`);
      taken.add(`${channel}\u0000${key}`);
      return { claimed, row };
    });
  }

  /** SQLite: claims the group's updates, then reads the conversations of those claimed. */
  private async claimThenReadAll(items: PendingOpen[]): Promise<OpenedRow[]> {
    const claimed = await this.claimAll(items);
    const rows = await this.readAll(items.filter((_, index) => claimed[index]));
    let next = 0;
    return items.map((_, index) =>
      claimed[index] ? { claimed: true, row: rows[next++] } : { claimed: false, row: undefined },
    );
  }

  private async claimAll(items: PendingOpen[]): Promise<boolean[]> {
    const values: SqlValue[] = [];
    const rows = items.map(({ channel, key, now }) => `(${placeholders(values.push(channel, key, now) - 2, 3)})`);
    const inserted = claimedRows.parse(
      await this.sql.query(
        `INSERT INTO "ProcessedUpdate" ("channel", "updateKey", "createdAt") VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING RETURNING "channel", "updateKey"`,
        values,
      ),
    );
    const claimed = new Set(inserted.map((row) => `${row.channel}\u0000${row.updateKey}`));
    // the same update twice in one group: the first one has it
    return items.map(({ channel, key }) => claimed.delete(`${channel}\u0000${key}`));
  }

  /** Lets a redelivery of an update whose handling failed be handled again. */
  async releaseUpdate(message: InboundMessage): Promise<void> {
    await this.db.processedUpdate.deleteMany({
      where: { channel: message.channel, updateKey: message.platformMessageId },
    });
  }

  /** Forgets handled update ids older than `before` (platforms redeliver for a day at most). */
  async pruneProcessedUpdates(before: Date): Promise<number> {
    const result = await this.db.processedUpdate.deleteMany({ where: { createdAt: { lt: before } } });
    return result.count;
  }

  /**
   * The citizen (created on a first message) and their conversation if it exists, from the row
   * read with the claim. The citizen row is written only when something changed: new chat id or
   * name, a block lifted, or lastSeenAt older than a minute (kept to the minute, not rewritten on
   * every message).
   */
  async openConversation(message: InboundMessage, { row }: ClaimedUpdate, now: Date): Promise<OpenedConversation> {
    if (!row) return { citizen: await this.upsertCitizen(message, now), conversation: null };
    const stale =
      row.chatId !== message.chatId ||
      (message.displayName !== undefined && message.displayName !== row.displayName) ||
      row.blocked ||
      row.lastSeenAt === null ||
      now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_PRECISION_MS;
    const citizen = stale ? await this.upsertCitizen(message, now) : storedCitizen(row, message);
    const conversation =
      row.state !== null && row.data !== null && row.version !== null
        ? { state: parseState(row.state), data: parseData(row.data), version: row.version }
        : null;
    return { citizen, conversation };
  }

  private async readAll(
    items: { channel: string; platformUserId: string }[],
  ): Promise<(ConversationRow | undefined)[]> {
    if (items.length === 0) return [];
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
      [
        randomUUID(),
        message.channel,
        message.platformUserId,
        message.chatId,
        message.displayName ?? null,
        message.localeHint ?? 'vi',
        now,
      ],
    );
    return storedCitizen(citizenRow.parse(rows[0]), message);
  }

  async loadConversation(citizenId: string): Promise<ConversationSnapshot> {
    // a read in the usual case; the row is created once, on the first message
    const rows = conversationOnlyRows.parse(
      await this.sql.query(`SELECT "state", "data", "version" FROM "Conversation" WHERE "citizenId" = $1`, [citizenId]),
    );
    const row = rows[0];
    if (row) return { state: parseState(row.state), data: parseData(row.data), version: row.version };
    // ON CONFLICT: another instance may create it at the same moment; either row starts the same
    await this.sql.execute(
      `INSERT INTO "Conversation" ("citizenId", "state", "data", "version", "updatedAt") VALUES ($1, 'new', '{}', 0, $2) ON CONFLICT DO NOTHING`,
      [citizenId, new Date()],
    );
    return this.loadConversation(citizenId);
  }

  /**
   * Saves the new state, with the replies it produced as outbox rows, if nobody else changed the
   * conversation since it was loaded; on a conflict nothing is written.
   */
  saveConversation(
    citizenId: string,
    loadedVersion: number,
    state: EngineState,
    data: ConversationData,
    outgoing: readonly OutgoingMessage[] = [],
  ): Promise<SaveResult> {
    return this.saves.add({
      citizenId,
      loadedVersion,
      state,
      data: JSON.stringify(data),
      outgoing: this.outbox ? outgoing : [],
    });
  }

  private async saveAll(items: PendingSave[]): Promise<SaveResult[]> {
    // A citizen's messages are handled one at a time, so a group holds a citizen once; should
    // one come twice, the later save is answered as a conflict and decided again.
    const first = items.filter(
      (item, index) => items.findIndex((other) => other.citizenId === item.citizenId) === index,
    );
    const now = new Date();
    const outbox = this.outbox;
    const rows = outbox ? first.flatMap((item) => item.outgoing.map((message) => outbox.encode(message))) : [];
    const written =
      this.sql.provider === 'postgresql'
        ? await this.saveInOneStatement(first, rows, now)
        : await this.saveInTransaction(first, rows, now);
    const done = new Set(written.filter((row) => row.id === null).map((row) => row.citizenId));
    const ids = new Map<string, number[]>();
    for (const row of written) if (row.id !== null) ids.set(row.citizenId, [...(ids.get(row.citizenId) ?? []), row.id]);
    return items.map((item) => {
      if (!first.includes(item) || !done.has(item.citizenId)) return { saved: false, stored: [] };
      // one statement numbers its rows in the order they were given
      const stored = (ids.get(item.citizenId) ?? []).sort((a, b) => a - b);
      return {
        saved: true,
        stored: item.outgoing.map((message, index) => ({ ...message, id: stored[index] ?? null })),
      };
    });
  }

  /** PostgreSQL: the update and the inserts of the whole group in one statement, its text the same for every group. */
  private async saveInOneStatement(
    items: PendingSave[],
    rows: EncodedRows,
    now: Date,
  ): Promise<z.infer<typeof savedRows>> {
    const values: SqlValue[] = [
      now,
      items.map((item) => item.citizenId),
      items.map((item) => item.loadedVersion),
      items.map((item) => item.state),
      items.map((item) => item.data),
    ];
    const saved = `UPDATE "Conversation" SET "state" = v."state", "data" = v."data", "version" = v."version" + 1, "updatedAt" = CAST($1 AS TIMESTAMP(3))
      FROM unnest($2::text[], $3::integer[], $4::text[], $5::text[]) AS v("citizenId", "version", "state", "data")
      WHERE "Conversation"."citizenId" = v."citizenId" AND "Conversation"."version" = v."version"
      RETURNING "Conversation"."citizenId"`;
    const text =
      rows.length === 0 || !this.outbox
        ? `WITH saved AS (${saved}) SELECT "citizenId", NULL::integer AS "id" FROM saved`
        : `WITH saved AS (${saved}), sent AS (${this.outbox.insertCte(rows, values, 'saved', 'CAST($1 AS TIMESTAMP(3))')})
           SELECT "citizenId", NULL::integer AS "id" FROM saved UNION ALL SELECT "citizenId", "id" FROM sent`;
    return savedRows.parse(await this.sql.query(text, values));
  }

  /** SQLite: the update, then the inserts of the conversations saved, in one transaction. */
  private async saveInTransaction(
    items: PendingSave[],
    rows: EncodedRows,
    now: Date,
  ): Promise<z.infer<typeof savedRows>> {
    const values: SqlValue[] = [now];
    const tuples = items.map(
      ({ citizenId, loadedVersion, state, data }) =>
        `(${placeholders(values.push(citizenId, loadedVersion, state, data) - 3, 4)})`,
    );
    // VALUES names its columns column1, column2, … ; the update alone needs no transaction
    const update = `UPDATE "Conversation" SET "state" = v.column3, "data" = v.column4, "version" = v.column2 + 1, "updatedAt" = $1
       FROM (VALUES ${tuples.join(', ')}) AS v
       WHERE "Conversation"."citizenId" = v.column1 AND "Conversation"."version" = v.column2
       RETURNING "Conversation"."citizenId"`;
    const outbox = this.outbox;
    if (rows.length === 0 || !outbox) return savedRows.parse(await this.sql.query(update, values));
    return this.sql.transaction(async (sql) => {
      const saved = savedRows.parse(await sql.query(update, values));
      const kept = new Set(saved.map((row) => row.citizenId));
      const ours = rows.filter((row) => row.citizenId !== null && kept.has(row.citizenId));
      if (ours.length === 0) return saved;
      const insert = outbox.insertStatement(ours, now);
      const inserted = z.array(z.object({ id: rawInteger })).parse(await sql.query(insert.text, insert.values));
      // one statement numbers its rows in the order of VALUES, whatever order RETURNING lists them in
      const ids = inserted.map((row) => row.id).sort((x, y) => x - y);
      return [...saved, ...ours.map((row, index) => ({ citizenId: row.citizenId ?? '', id: ids[index] ?? null }))];
    });
  }

  async updateCitizen(
    citizenId: string,
    changes: { locale?: Locale; localityCode?: string; consentAt?: Date },
  ): Promise<void> {
    await this.db.citizen.update({ where: { id: citizenId }, data: changes });
  }

  async setSubscribed(citizenId: string, subscribed: boolean, now: Date): Promise<void> {
    await this.db.citizen.update({
      where: { id: citizenId },
      data: subscribed
        ? { subscribed: true, subscribedAt: now, unsubscribedAt: null }
        : { subscribed: false, unsubscribedAt: now },
    });
  }
}
