// The OutboundMessage table, and the only code that writes it: insert (batched, inside a Prisma
// transaction, or as part of the conversation's save statement), take over the rows of instances
// that are gone, load, delete, and read the web chat's mailbox. Every message is sealed with the
// data key, bound to its chat (a reply may echo what the citizen typed: a denunciation's summary
// holds the reporter's name, address and phone), so no plaintext reaches the database.
//
// A Telegram or Zalo row belongs to the instance that wrote it (claimedBy) while that instance's
// heartbeat lives (src/instances); a web row is the widget's mailbox and is never claimed.
import { z } from 'zod';
import type { Channel, Reply } from '../conversation/messages.js';
import type { Database, Transaction } from '../db/database.js';
import { placeholders, type SqlValue } from '../db/sql.js';
import { Batcher } from '../lib/batcher.js';
import { parseJsonOrNull } from '../lib/json.js';
import type { Clock } from '../lib/clock.js';
import { openJson, sealJson } from '../security/crypto.js';
import { ORIGIN_KINDS, type Origin, type OutgoingMessage, type Recipient, type StoredMessage } from './outgoing.js';

export interface OutboxStoreOptions {
  database: Pick<Database, 'db' | 'sql'>;
  clock: Clock;
  /** the application key (AES-256) the messages are sealed with */
  encryptionKey: Buffer;
  /** this instance's name (INSTANCE_ID): the rows it writes for the channels it sends on are its own */
  instanceId: string;
  /** the platform channels this instance sends on (the others' rows wait for an instance that does) */
  sendsOn: readonly Channel[];
}

/** A message as its row's columns, sealed. */
export interface EncodedRow {
  citizenId: string | null;
  /** with no citizen id: the citizen is found by channel and platform user id when the row is written */
  platformUserId: string | null;
  channel: Channel;
  chatId: string | null;
  kind: string;
  text: string;
  claimedBy: string | null;
  originKind: string | null;
  originId: string | null;
}

/** One row of the web chat's mailbox, as GET /api/chat/messages returns it. */
export interface MailboxMessage {
  id: number;
  kind: string;
  text: string;
  options?: { id: string; label: string }[];
  createdAt: string;
}

/** ids per statement: well under SQLite's and PostgreSQL's limits on parameters */
const IDS_PER_STATEMENT = 500;
const COLUMNS = '"citizenId", "channel", "chatId", "kind", "text", "claimedBy", "originKind", "originId", "createdAt"';
const rawId = z.union([z.number(), z.bigint()]).transform(Number);
const idRows = z.array(z.object({ id: rawId }));
const loadedRows = z.array(
  z.object({
    id: rawId,
    channel: z.string(),
    text: z.string(),
    originKind: z.string().nullable(),
    originId: z.string().nullable(),
    citizenId: z.string().nullable(),
    rowChatId: z.string().nullable(),
    platformUserId: z.string().nullable(),
    chatId: z.string().nullable(),
    blocked: z.union([z.boolean(), z.number()]).transform(Boolean).nullable(),
  }),
);
const replySchema = z.object({
  kind: z.enum(['answer', 'fallback', 'menu', 'prompt', 'confirmation', 'notice']),
  text: z.string(),
  faqId: z.string().optional(),
  options: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
});
const optionsSchema = z.array(z.object({ id: z.string(), label: z.string() }));
const channelSchema = z.enum(['telegram', 'zalo', 'web']);
const originKindSchema = z.enum(ORIGIN_KINDS);

/** A row loaded to be sent; `reply` is null when it cannot be opened (the key changed). */
export interface LoadedRow {
  message: StoredMessage & { id: number };
  reply: Reply | null;
  /** the citizen blocked the bot since it was written */
  blocked: boolean;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** The sealing context: the channel and the chat's owner, so a row copied to another chat does not open. */
function contextOf(recipient: Pick<Recipient, 'channel' | 'platformUserId' | 'chatId'>): string {
  return `outbox:${recipient.channel}:${recipient.platformUserId ?? `chat:${recipient.chatId}`}`;
}

export class OutboxStore {
  private readonly inserts = new Batcher<EncodedRow[], number[]>((groups) => this.insertGroups(groups));
  // nobody waits for a sent message's row to go: it lingers to share its DELETE with others
  private readonly deletes = new Batcher<number[], void>(
    (groups) => this.deleteNow(groups.flat()).then(() => groups.map(() => undefined)),
    { lingerMs: 20 },
  );

  constructor(private readonly options: OutboxStoreOptions) {}

  get instanceId(): string {
    return this.options.instanceId;
  }

  get database(): Pick<Database, 'db' | 'sql'> {
    return this.options.database;
  }

  encode({ recipient, reply, origin }: OutgoingMessage): EncodedRow {
    const { channel } = recipient;
    const mine = channel !== 'web' && this.options.sendsOn.includes(channel);
    return {
      citizenId: recipient.citizenId,
      platformUserId: recipient.platformUserId,
      channel,
      chatId: recipient.citizenId === null ? recipient.chatId : null,
      kind: reply.kind,
      text: sealJson(this.options.encryptionKey, reply, contextOf(recipient)),
      claimedBy: mine ? this.options.instanceId : null,
      originKind: origin?.kind ?? null,
      originId: origin?.id ?? null,
    };
  }

  /** Writes the messages (one statement with those of other callers meanwhile); ids in the order given. */
  async insert(messages: readonly OutgoingMessage[]): Promise<StoredMessage[]> {
    if (messages.length === 0) return [];
    const ids = await this.inserts.add(messages.map((message) => this.encode(message)));
    return messages.map((message, index) => ({ ...message, id: ids[index] ?? null }));
  }

  /** Writes the messages inside `tx`, so they commit (or not) with the change that causes them. */
  async insertIn(tx: Transaction, messages: readonly OutgoingMessage[]): Promise<StoredMessage[]> {
    const stored: StoredMessage[] = [];
    for (const message of messages) {
      const { platformUserId: _platformUserId, ...row } = this.encode(message);
      const created = await tx.outboundMessage.create({
        data: { ...row, createdAt: this.options.clock.now() },
        select: { id: true },
      });
      stored.push({ ...message, id: created.id });
    }
    return stored;
  }

  /**
   * PostgreSQL: a CTE (to put in a WITH) inserting `rows` whose citizen is in the CTE `keep`
   * (a "citizenId" column), returning "id" and "citizenId"; ids follow the order of `rows`. The
   * values go by array, so the statement's text is the same whatever the batch (prepared once).
   */
  insertCte(rows: readonly EncodedRow[], values: SqlValue[], keep: string, now: string): string {
    const column = <K extends keyof EncodedRow>(key: K) => rows.map((row) => row[key]);
    const first =
      values.push(column('citizenId'), column('channel'), column('kind'), column('text'), column('claimedBy')) - 4;
    return `INSERT INTO "OutboundMessage" (${COLUMNS})
      SELECT r."citizenId", r."channel", NULL, r."kind", r."text", r."claimedBy", NULL, NULL, ${now}
      FROM unnest($${first}::text[], $${first + 1}::text[], $${first + 2}::text[], $${first + 3}::text[], $${first + 4}::text[]) WITH ORDINALITY AS r("citizenId", "channel", "kind", "text", "claimedBy", "n")
      JOIN ${keep} k ON k."citizenId" = r."citizenId"
      ORDER BY r."n"
      RETURNING "id", "citizenId"`;
  }

  /** SQLite: the INSERT of `rows` (a statement of its own, in the caller's transaction). */
  insertStatement(rows: readonly EncodedRow[], now: Date): { text: string; values: SqlValue[] } {
    const values: SqlValue[] = [now];
    const tuples = rows.map((row) => {
      const at =
        values.push(
          row.citizenId,
          row.channel,
          row.chatId,
          row.kind,
          row.text,
          row.claimedBy,
          row.originKind,
          row.originId,
        ) - 7;
      return `(${placeholders(at, 8)}, $1)`;
    });
    return { text: `INSERT INTO "OutboundMessage" (${COLUMNS}) VALUES ${tuples.join(', ')} RETURNING "id"`, values };
  }

  /** One INSERT for every group waiting; a row without citizen id finds its citizen by platform ids. */
  private async insertGroups(groups: EncodedRow[][]): Promise<number[][]> {
    const values: SqlValue[] = [this.options.clock.now()];
    const tuples = groups.flat().map((row) => {
      const at =
        values.push(
          row.citizenId,
          row.channel,
          row.platformUserId,
          row.chatId,
          row.kind,
          row.text,
          row.claimedBy,
          row.originKind,
          row.originId,
        ) - 8;
      const citizen = `COALESCE($${at}, (SELECT "id" FROM "Citizen" WHERE "channel" = $${at + 1} AND "platformUserId" = $${at + 2}))`;
      return `(${citizen}, ${placeholders(at + 1, 1)}, ${placeholders(at + 3, 6)}, $1)`;
    });
    const inserted = idRows.parse(
      await this.options.database.sql.query(
        `INSERT INTO "OutboundMessage" (${COLUMNS}) VALUES ${tuples.join(', ')} RETURNING "id"`,
        values,
      ),
    );
    // one statement numbers its rows in the order of VALUES, whatever order RETURNING lists them in
    const ids = inserted.map((row) => row.id).sort((a, b) => a - b);
    let next = 0;
    return groups.map((group) => group.map(() => ids[next++] ?? Number.NaN));
  }

  /** Claims for this instance the rows of `channels` nobody sends: unclaimed, or of an instance not alive since `aliveSince`. */
  async claimAbandoned(channels: readonly Channel[], aliveSince: Date): Promise<number[]> {
    if (channels.length === 0) return [];
    const rows = idRows.parse(
      await this.options.database.sql.query(
        `UPDATE "OutboundMessage" SET "claimedBy" = $1
         WHERE "channel" IN (${placeholders(3, channels.length)})
           AND ("claimedBy" IS NULL OR "claimedBy" NOT IN (SELECT "id" FROM "Instance" WHERE "heartbeatAt" >= $2))
         RETURNING "id"`,
        [this.options.instanceId, aliveSince, ...channels],
      ),
    );
    return rows.map((row) => row.id);
  }

  /**
   * Lets go of this instance's rows of the platform channels it no longer sends on (switched off
   * since they were written): an instance that does send on them takes them over.
   */
  async releaseOtherChannels(channels: readonly Channel[]): Promise<void> {
    await this.options.database.sql.execute(
      `UPDATE "OutboundMessage" SET "claimedBy" = NULL WHERE "claimedBy" = $1 AND "channel" <> 'web'${channels.length > 0 ? ` AND "channel" NOT IN (${placeholders(2, channels.length)})` : ''}`,
      [this.options.instanceId, ...channels],
    );
  }

  /** This instance's rows of `channels` (a restart's, or those written in another module's transaction). */
  async ownRows(channels: readonly Channel[]): Promise<number[]> {
    if (channels.length === 0) return [];
    const rows = idRows.parse(
      await this.options.database.sql.query(
        `SELECT "id" FROM "OutboundMessage" WHERE "claimedBy" = $1 AND "channel" IN (${placeholders(2, channels.length)})`,
        [this.options.instanceId, ...channels],
      ),
    );
    return rows.map((row) => row.id);
  }

  /** The rows, oldest first, opened; with their recipient as the citizen's row says now. */
  async load(ids: readonly number[]): Promise<LoadedRow[]> {
    const loaded: LoadedRow[] = [];
    for (const chunk of chunks(
      [...ids].sort((a, b) => a - b),
      IDS_PER_STATEMENT,
    )) {
      const rows = loadedRows.parse(
        await this.options.database.sql.query(
          `SELECT o."id", o."channel", o."text", o."originKind", o."originId", o."citizenId", o."chatId" AS "rowChatId", c."platformUserId", c."chatId", c."blocked"
           FROM "OutboundMessage" o LEFT JOIN "Citizen" c ON c."id" = o."citizenId"
           WHERE o."id" IN (${placeholders(1, chunk.length)}) ORDER BY o."id"`,
          chunk,
        ),
      );
      for (const row of rows) {
        const chatId = row.chatId ?? row.rowChatId;
        const channel = channelSchema.safeParse(row.channel);
        if (chatId === null || !channel.success) continue;
        const recipient: Recipient = {
          channel: channel.data,
          citizenId: row.citizenId,
          platformUserId: row.platformUserId,
          chatId,
        };
        const originKind = originKindSchema.safeParse(row.originKind);
        const origin: Origin | null =
          originKind.success && row.originId !== null ? { kind: originKind.data, id: row.originId } : null;
        const reply = this.open(row.text, recipient);
        loaded.push({
          message: { id: row.id, recipient, reply: reply ?? { kind: 'notice', text: '' }, origin },
          reply,
          blocked: row.blocked === true,
        });
      }
    }
    return loaded;
  }

  /** Deletes sent rows soon, in one statement with others. */
  forget(ids: readonly number[]): Promise<void> {
    return this.deletes.add([...ids]);
  }

  async deleteNow(ids: readonly number[]): Promise<void> {
    for (const chunk of chunks(ids, IDS_PER_STATEMENT)) {
      await this.options.database.sql.execute(
        `DELETE FROM "OutboundMessage" WHERE "id" IN (${placeholders(1, chunk.length)})`,
        chunk,
      );
    }
  }

  /** The web chat's messages after `after` for the session, oldest first (at most `limit`). */
  async mailbox(sessionId: string, after: number, limit: number): Promise<MailboxMessage[]> {
    const rows = await this.options.database.db.outboundMessage.findMany({
      where: { id: { gt: after }, channel: 'web', citizen: { channel: 'web', platformUserId: sessionId } },
      orderBy: { id: 'asc' },
      take: limit,
    });
    const recipient = { channel: 'web' as const, platformUserId: sessionId, chatId: sessionId };
    return rows.map((row) => {
      // rows written before the outbox held the web chat's messages are plain text (options as JSON text)
      const reply = this.open(row.text, recipient) ?? {
        kind: row.kind,
        text: row.text,
        options: row.options ? legacyOptions(row.options) : undefined,
      };
      return {
        id: row.id,
        kind: reply.kind,
        text: reply.text,
        ...(reply.options ? { options: reply.options } : {}),
        createdAt: row.createdAt.toISOString(),
      };
    });
  }

  private open(text: string, recipient: Pick<Recipient, 'channel' | 'platformUserId' | 'chatId'>): Reply | null {
    try {
      const parsed = replySchema.safeParse(openJson(this.options.encryptionKey, text, contextOf(recipient)));
      if (!parsed.success) return null;
      const { faqId, options, ...reply } = parsed.data;
      return { ...reply, ...(faqId !== undefined ? { faqId } : {}), ...(options ? { options } : {}) };
    } catch {
      return null;
    }
  }
}

function legacyOptions(text: string): { id: string; label: string }[] | undefined {
  const parsed = optionsSchema.safeParse(parseJsonOrNull(text));
  return parsed.success ? parsed.data : undefined;
}
