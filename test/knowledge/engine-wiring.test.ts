// The knowledge base and the polling flow plugged into the real conversation engine, as the
// composition root wires them: a citizen types a question without diacritics and gets the
// answer, an out-of-scope question is declined, "where do I vote?" opens the polling flow,
// and a "not helpful" vote lands in the list of gaps.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationEngine } from '../../src/conversation/engine.js';
import type { InboundMessage } from '../../src/conversation/messages.js';
import { type Database } from '../../src/db/database.js';
import { createKnowledgeAnswerer } from '../../src/knowledge/answerer.js';
import { listUnansweredQuestions } from '../../src/knowledge/feedback.js';
import { loadKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { createLogger } from '../../src/logger.js';
import { importPollingAreas, parsePollingAreasCsv } from '../../src/polling/import.js';
import { createPollingFlow } from '../../src/polling/polling-flow.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { seedElection, seedTranslator } from './support.js';

const providers = await testProviders();
const logger = createLogger('silent', new Writable({ write: (_chunk, _encoding, callback) => callback() }));
const knowledgeBase = loadKnowledgeBase(seedTranslator, seedElection);

describe.each(providers)('knowledge base in the conversation engine on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;
  let engine: ConversationEngine;
  let counter = 0;
  const now = new Date('2021-05-20T03:00:00Z');

  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
    await importPollingAreas(
      database.db,
      parsePollingAreasCsv(
        'commune_code,number,name,address\n05986,1,Khu vực bỏ phiếu số 1 (ví dụ),Nhà văn hóa thôn (ví dụ)\n',
      ),
    );
    const { db } = database;
    engine = new ConversationEngine({
      database,
      i18n: seedTranslator,
      logger,
      clock: { now: () => now },
      answerer: createKnowledgeAnswerer(knowledgeBase, db),
      flows: [createPollingFlow(db)],
    });
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  const send = (user: string, fields: Partial<InboundMessage>) => {
    counter += 1;
    return engine.handleInbound({
      channel: 'web',
      platformUserId: user,
      chatId: user,
      attachments: [],
      platformMessageId: `k${counter}`,
      sentAt: now,
      ...fields,
    });
  };
  const onboard = async (user: string, language: 'vi' | 'en' = 'vi') => {
    await send(user, { text: 'xin chào' });
    await send(user, { choice: 'consent:yes' });
    await send(user, { choice: `lang:${language}` });
  };

  it('answers a question typed without diacritics, with "was this helpful?" buttons', async () => {
    await onboard('u1');
    const [reply] = await send('u1', { text: 'mat the cu tri thi lam the nao' });
    expect(reply).toMatchObject({ kind: 'answer', faqId: 'voter-card-lost' });
    expect(reply?.options?.map((option) => option.id)).toEqual([
      'feedback:up:voter-card-lost',
      'feedback:down:voter-card-lost',
    ]);
  });

  it('declines an out-of-scope question with kind "fallback"', async () => {
    await onboard('u2');
    const [reply] = await send('u2', { text: 'gia vang hom nay bao nhieu' });
    expect(reply?.kind).toBe('fallback');
  });

  it('opens the polling flow from "where do I vote?" and lists the commune\'s places', async () => {
    await onboard('u3');
    const [offer] = await send('u3', { text: 'di bau o dau' });
    expect(offer?.options?.[0]?.id).toBe('flow:polling');
    const [ask] = await send('u3', { choice: 'flow:polling' });
    expect(ask?.kind).toBe('prompt');
    const listing = await send('u3', { text: 'hoang dong' });
    expect(listing.map((reply) => reply.text).join('\n')).toContain('Khu vực bỏ phiếu số 1 (ví dụ)');
    const citizen = await database.db.citizen.findFirst({ where: { platformUserId: 'u3' } });
    expect(citizen?.localityCode).toBe('05986');
  });

  it('answers an English speaker in English and stores a "not helpful" vote', async () => {
    await onboard('u4', 'en');
    const [reply] = await send('u4', { text: 'What time do the polls close?' });
    expect(reply).toMatchObject({ kind: 'answer', faqId: 'polling-hours' });
    expect(reply?.text).toContain('Voting runs from 07:00 to 19:00');
    await send('u4', { choice: 'feedback:down:polling-hours' });
    const gaps = await listUnansweredQuestions(database.db, { limit: 10 });
    expect(gaps.find((gap) => gap.example === 'What time does voting start and end?')).toMatchObject({
      kind: 'not_helpful',
      faqId: 'polling-hours',
      locale: 'en',
    });
  });
});
