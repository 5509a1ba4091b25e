// Persistence of citizens, conversation state and processed updates. The only module of the
// engine that talks to the database, so the dialogue logic stays plain.
import { z } from 'zod';
import type { Db } from '../db/database.js';
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

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
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

export class ConversationStore {
  constructor(private readonly db: Db) {}

  /** Records an update as handled; false when it was handled before (a redelivery). */
  async claimUpdate(message: InboundMessage, now: Date): Promise<boolean> {
    try {
      await this.db.processedUpdate.create({ data: { channel: message.channel, updateKey: message.platformMessageId, createdAt: now } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
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

  async upsertCitizen(message: InboundMessage, now: Date): Promise<StoredCitizen> {
    const where = { channel_platformUserId: { channel: message.channel, platformUserId: message.platformUserId } };
    const seen = { chatId: message.chatId, lastSeenAt: now, ...(message.displayName ? { displayName: message.displayName } : {}) };
    const upsert = () =>
      this.db.citizen.upsert({
        where,
        create: { channel: message.channel, platformUserId: message.platformUserId, locale: message.localeHint ?? 'vi', ...seen },
        // writing again means the citizen no longer blocks the bot
        update: { ...seen, blocked: false, blockedAt: null },
      });
    let row;
    try {
      row = await upsert();
    } catch (error) {
      // two first messages at once from two instances: the other one created the row
      if (!isUniqueViolation(error)) throw error;
      row = await upsert();
    }
    return {
      id: row.id,
      channel: message.channel,
      chatId: row.chatId,
      displayName: row.displayName,
      locale: isLocale(row.locale) ? row.locale : 'vi',
      localityCode: row.localityCode,
      subscribed: row.subscribed,
      consentAt: row.consentAt,
      blocked: row.blocked,
    };
  }

  async loadConversation(citizenId: string): Promise<ConversationSnapshot> {
    // a read in the usual case; the row is created once, on the first message
    let row = await this.db.conversation.findUnique({ where: { citizenId } });
    if (!row) {
      try {
        row = await this.db.conversation.create({ data: { citizenId } });
      } catch (error) {
        // another instance created it at the same moment
        if (!isUniqueViolation(error)) throw error;
        row = await this.db.conversation.findUniqueOrThrow({ where: { citizenId } });
      }
    }
    return { state: parseState(row.state), data: parseData(row.data), version: row.version };
  }

  /** Saves the new state if nobody else changed it since it was loaded; false on a conflict. */
  async saveConversation(citizenId: string, loadedVersion: number, state: EngineState, data: ConversationData): Promise<boolean> {
    const result = await this.db.conversation.updateMany({
      where: { citizenId, version: loadedVersion },
      data: { state, data: JSON.stringify(data), version: loadedVersion + 1 },
    });
    return result.count === 1;
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
