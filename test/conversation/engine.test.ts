// The conversation engine on its own, against a real database: idempotency, ordering, flows
// plugged in, stale buttons after downtime.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadElectionConfig } from '../../src/config/election.js';
import { ConversationEngine } from '../../src/conversation/engine.js';
import type { QuestionAnswerer } from '../../src/conversation/answerer.js';
import type { ConversationFlow } from '../../src/conversation/flow.js';
import type { InboundMessage } from '../../src/conversation/messages.js';
import { createProcessedUpdatePruner } from '../../src/conversation/processed-update-pruner.js';
import { type Database } from '../../src/db/database.js';
import { createTranslator } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import { InstanceRegistry } from '../../src/instances/instance-registry.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { OutboxStore } from '../../src/outbox/outbox-store.js';
import type { ChannelSender } from '../../src/outbox/sender.js';
import { randomBytes } from 'node:crypto';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';

const providers = await testProviders();
const i18n = createTranslator(loadElectionConfig('config/elections/lang-son-2021.json'));
const logger = createLogger('silent', new Writable({ write: (_chunk, _encoding, callback) => callback() }));

/** A two-step flow standing in for complaint intake: asks a title, then files it. */
const intakeFlow: ConversationFlow = {
  id: 'intake',
  async start(_context, argument) {
    return {
      replies: [{ kind: 'prompt', text: `title? ${argument ?? ''}`.trim() }],
      next: 'continue',
      data: { step: 'title' },
    };
  },
  async resume(context) {
    return {
      replies: [{ kind: 'confirmation', text: `filed: ${context.message.text ?? ''} (${String(context.data.step)})` }],
      next: 'done',
      updateCitizen: { locale: 'en' },
    };
  },
};

/** Answers every question with the question itself. */
const echoAnswerer: QuestionAnswerer = {
  answer: async (question) => [{ kind: 'answer', text: `answer: ${question}` }],
  answerEntry: async (faqId) => [{ kind: 'answer', faqId, text: `entry ${faqId}` }],
  recordFeedback: async () => undefined,
};

describe.each(providers)('the conversation engine on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;
  let now = new Date('2026-05-01T08:00:00Z');
  let counter = 0;
  const engine = () =>
    new ConversationEngine({
      database,
      i18n,
      logger,
      clock: { now: () => now },
      answerer: echoAnswerer,
      flows: [intakeFlow],
    });

  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  function message(user: string, fields: Partial<InboundMessage>): InboundMessage {
    counter += 1;
    return {
      channel: 'telegram',
      platformUserId: user,
      chatId: user,
      attachments: [],
      platformMessageId: `p${counter}`,
      sentAt: now,
      ...fields,
    };
  }

  async function onboard(target: ConversationEngine, user: string) {
    await target.handleInbound(message(user, { text: 'hi' }));
    await target.handleInbound(message(user, { choice: 'consent:yes' }));
    return target.handleInbound(message(user, { choice: 'lang:vi' }));
  }

  it('handles a redelivered update once, even when both copies arrive together', async () => {
    const bot = engine();
    await onboard(bot, 'a1');
    const update = message('a1', { choice: 'subscribe' });
    const [first, second] = await Promise.all([bot.handleInbound(update), bot.handleInbound({ ...update })]);
    expect([first.length, second.length].sort()).toEqual([0, 1]);
    const redelivered = await bot.handleInbound({ ...update });
    expect(redelivered).toEqual([]);
  });

  it('keeps one conversation consistent when messages of a citizen arrive at once', async () => {
    const bot = engine();
    await onboard(bot, 'a2');
    const replies = await Promise.all([
      bot.handleInbound(message('a2', { choice: 'flow:intake' })),
      bot.handleInbound(message('a2', { text: 'Loa phát thanh quá to' })),
    ]);
    expect(replies[0]?.[0]?.text).toBe('title?');
    expect(replies[1]?.[0]?.text).toBe('filed: Loa phát thanh quá to (title)');
    const conversation = await database.db.conversation.findFirstOrThrow({
      where: { citizen: { platformUserId: 'a2' } },
    });
    expect(conversation.state).toBe('idle');
  });

  it('offers registered flows in the menu, runs them and applies the citizen changes they ask for', async () => {
    const bot = engine();
    const menu = await onboard(bot, 'a3');
    expect(menu.at(-1)?.options?.map((option) => option.id)).toContain('flow:intake');
    await bot.handleInbound(message('a3', { text: '/phananh' }));
    await bot.handleInbound(message('a3', { text: 'Sai tên trong danh sách' }));
    const citizen = await database.db.citizen.findFirstOrThrow({ where: { platformUserId: 'a3' } });
    expect(citizen.locale).toBe('en');
  });

  it('shows the current choices instead of acting on a button pressed long ago', async () => {
    const bot = engine();
    await onboard(bot, 'a4');
    const old = await bot.handleInbound(
      message('a4', { choice: 'subscribe', sentAt: new Date(now.getTime() - 60 * 60_000) }),
    );
    expect(old[0]?.text).toContain('đã cũ');
    const citizen = await database.db.citizen.findFirstOrThrow({ where: { platformUserId: 'a4' } });
    expect(citizen.subscribed).toBe(false);
  });

  it('keeps a conversation consistent when two instances handle the same citizen at once', async () => {
    const [one, two] = [engine(), engine()];
    await onboard(one, 'a7');
    const before = await database.db.conversation.findFirstOrThrow({ where: { citizen: { platformUserId: 'a7' } } });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        (index % 2 === 0 ? one : two).handleInbound(message('a7', { text: 'menu' })),
      ),
    );
    for (const replies of results) expect(replies[0]?.kind).toBe('menu');
    const after = await database.db.conversation.findFirstOrThrow({ where: { citizen: { platformUserId: 'a7' } } });
    expect(after.version).toBe(before.version + 6);
  });

  it('keeps the conversation across a restart (a new engine on the same database)', async () => {
    await engine().handleInbound(message('a5', { text: 'hi' }));
    const afterRestart = await engine().handleInbound(message('a5', { choice: 'consent:yes' }));
    expect(afterRestart[0]?.options?.map((option) => option.id)).toEqual(['lang:vi', 'lang:en']);
  });

  it('remembers a handled update id for three days, so a redelivery 3 days minus a minute later is not handled twice, and forgets it once three days have passed', async () => {
    const DAY_MS = 24 * 60 * 60_000;
    const bot = engine();
    const update = message('a8', { text: 'hi', platformMessageId: 'pruned-update' });
    expect((await bot.handleInbound(update)).length).toBeGreaterThan(0);
    const handledAt = now.getTime();
    const pruneAt = async (atMs: number) => {
      const pruner = createProcessedUpdatePruner(database, { now: () => new Date(atMs) }, logger);
      await pruner.start();
      await pruner.stop();
    };
    // three days minus a minute: still known, a redelivered copy gets nothing
    await pruneAt(handledAt + 3 * DAY_MS - 60_000);
    expect(await bot.handleInbound({ ...update })).toEqual([]);
    expect(await database.db.processedUpdate.count({ where: { updateKey: 'pruned-update' } })).toBe(1);
    // three days and a minute: forgotten, so the table does not grow for ever
    await pruneAt(handledAt + 3 * DAY_MS + 60_000);
    expect(await database.db.processedUpdate.count({ where: { updateKey: 'pruned-update' } })).toBe(0);
  });

  it('stores the replies with the state it saves, sealed, and none for a save that lost a race', async () => {
    // Telegram is down: the rows stay in the outbox, where they can be counted
    const attempts: string[] = [];
    const down: ChannelSender = {
      channel: 'telegram',
      send: async (chatId) => (attempts.push(chatId), { status: 'failed', retryable: true, error: '502: Bad Gateway' }),
    };
    const clock = { now: () => now };
    const store = new OutboxStore({
      database,
      clock,
      encryptionKey: randomBytes(32),
      instanceId: 'engine-test',
      sendsOn: ['telegram'],
    });
    const instances = new InstanceRegistry({ database, clock, logger, instanceId: 'engine-test', livenessMs: 60_000 });
    const outbox = new Outbox({ store, senders: [down], instances, clock, logger });
    const [one, two] = [0, 1].map(
      () =>
        new ConversationEngine({ database, i18n, logger, clock, answerer: echoAnswerer, flows: [intakeFlow], outbox }),
    );
    try {
      const replies = [...((await one?.handleInbound(message('b1', { text: 'hi' }))) ?? [])];
      // two instances at once: some saves lose the race and are decided again
      const racing = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          (index % 2 === 0 ? one : two)?.handleInbound(message('b1', { text: 'menu' })),
        ),
      );
      for (const answer of racing) replies.push(...(answer ?? []));
      const rows = await database.db.outboundMessage.findMany({
        where: { citizen: { platformUserId: 'b1' } },
        orderBy: { id: 'asc' },
      });
      expect(rows.map((row) => row.kind)).toEqual(replies.map((reply) => reply.kind));
      expect(rows.every((row) => row.claimedBy === 'engine-test' && row.channel === 'telegram')).toBe(true);
      expect(rows.map((row) => row.text).join()).not.toContain(i18n.t('vi', 'chat:greeting').slice(0, 20));
      expect(attempts.length).toBeGreaterThan(0);
    } finally {
      await outbox.stop();
    }
  });

  it('lets a flooding citizen speak again once the window has passed', async () => {
    const bot = new ConversationEngine({
      database,
      i18n,
      logger,
      clock: { now: () => now },
      answerer: echoAnswerer,
      flows: [],
      flood: { maxMessages: 3, windowMs: 10_000 },
    });
    const verdicts = [];
    for (let index = 0; index < 5; index++)
      verdicts.push((await bot.handleInbound(message('a6', { text: 'hi' }))).length);
    expect(verdicts.slice(3)).toEqual([1, 0]);
    now = new Date(now.getTime() + 11_000);
    expect((await bot.handleInbound(message('a6', { text: 'hi' }))).length).toBeGreaterThan(0);
  });
});
