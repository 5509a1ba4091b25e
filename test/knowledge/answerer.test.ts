// The knowledge base behind the engine's QuestionAnswerer port, on a real database: answers in
// the citizen's language with their legal basis, and every fallback, ask-back and "not helpful"
// vote stored without personal data and listed for officers, most frequent first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database } from '../../src/db/database.js';
import { createKnowledgeAnswerer } from '../../src/knowledge/answerer.js';
import { listUnansweredQuestions, recordFaqFeedback } from '../../src/knowledge/feedback.js';
import { loadKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { readRankerModel } from '../../src/knowledge/ranker.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { flowContext, seedElection, seedTranslator } from './support.js';

const providers = await testProviders();
const kb = loadKnowledgeBase(seedTranslator, seedElection);

describe.each(providers)('knowledge answerer on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it("answers a question typed without diacritics, with its legal basis, in the citizen's language", async () => {
    const answerer = createKnowledgeAnswerer(kb, database.db);
    const [vi] = await answerer.answer('mat the cu tri thi lam sao', flowContext({ locale: 'vi' }));
    expect(vi).toMatchObject({ kind: 'answer', faqId: 'voter-card-lost' });
    expect(vi?.text).toContain('Căn cứ: Điều 29 và Điều 69, Luật Bầu cử 2015.');
    const [en] = await answerer.answer('mat the cu tri thi lam sao', flowContext({ locale: 'en' }));
    expect(en).toMatchObject({ kind: 'answer', faqId: 'voter-card-lost' });
    expect(en?.text).toContain('Legal basis: Articles 29 and 69, Election Law 2015.');
  });

  it('answers a question two entries answer between them with both, each under its own question', async () => {
    const answerer = createKnowledgeAnswerer(kb, database.db);
    const replies = await answerer.answer('Ai được chứng kiến kiểm phiếu, kiểm phiếu thế nào?', flowContext());
    const answers = replies.filter((reply) => reply.kind === 'answer');
    expect(answers.map((reply) => reply.faqId).sort()).toEqual(['counting', 'watch-count']);
    for (const reply of answers) {
      const question = kb.entries.get(reply.faqId ?? '')?.text.vi.question ?? '';
      expect(reply.text.startsWith(`${question}\n`)).toBe(true);
      expect(reply.text).toContain('Căn cứ: ');
    }
    // neither answered entry is offered again as a related question
    const related = replies.flatMap((reply) => (reply.kind === 'menu' ? (reply.options ?? []) : []));
    expect(related.map((option) => option.id)).not.toContain('faq:watch-count');
    expect(related.map((option) => option.id)).not.toContain('faq:counting');
    // a single answer stands without a heading
    const [single] = await answerer.answer('mat the cu tri thi lam sao', flowContext());
    expect(single?.text.startsWith(kb.entries.get('voter-card-lost')?.text.vi.question ?? '')).toBe(false);
  });

  it('offers related questions and the complaint flow under an answer', async () => {
    const answerer = createKnowledgeAnswerer(kb, database.db);
    const replies = await answerer.answerEntry('voter-list-error', flowContext());
    expect(replies[1]?.options?.map((option) => option.id)).toEqual([
      'faq:voter-list-complaint-deadline',
      'flow:intake',
    ]);
    expect(replies[1]?.options?.[0]?.label).toBe('Khiếu nại về danh sách cử tri trong thời hạn bao lâu?');
  });

  it('asks back, offers the complaint and polling flows, and declines out-of-scope questions', async () => {
    const answerer = createKnowledgeAnswerer(kb, database.db);
    const complaint = await answerer.answer('Tôi muốn tố cáo ứng cử viên mua phiếu', flowContext());
    expect(complaint[0]?.options?.[0]?.id).toBe('flow:intake');
    expect(complaint[0]?.text).toContain('Bạn có thể gửi khiếu nại hoặc tố cáo ngay tại đây');
    // a complaint that names nothing of the election is told what is taken here, and may still start
    const [unnamed] = await answerer.answer('Tôi muốn khiếu nại vì hàng xóm xây nhà che hết lối đi', flowContext());
    expect(unnamed?.text).toContain('Ở đây chỉ nhận khiếu nại, tố cáo về bầu cử');
    expect(unnamed?.options?.[0]?.id).toBe('flow:intake');
    const polling = await answerer.answer('đi bầu ở đâu', flowContext());
    expect(polling[0]?.options?.map((option) => option.id)).toEqual(['flow:polling']);
    const [askBack] = await answerer.answer('thẻ cử tri', flowContext());
    expect(askBack?.kind).toBe('menu');
    const suggested =
      askBack?.options?.filter((option) => option.id.startsWith('faq:')).map((option) => option.label.toLowerCase()) ??
      [];
    expect(suggested.length).toBeGreaterThan(0);
    for (const label of suggested) expect(label).toContain('thẻ cử tri');
    expect(askBack?.options?.at(-1)?.id).toBe('menu');
    const [declined] = await answerer.answer('giá vàng hôm nay', flowContext());
    expect(declined).toMatchObject({
      kind: 'fallback',
      text: 'Xin lỗi, tôi chỉ trả lời các câu hỏi về bầu cử. Bạn có thể xem danh sách câu hỏi thường gặp.',
    });
    // an election question with no answer yet is offered to ask the officers
    const [unanswered] = await answerer.answer('Mình đi bầu có được cộng điểm rèn luyện không?', flowContext());
    expect(unanswered?.text).toContain('chưa có câu trả lời');
    expect(unanswered?.options?.map((option) => [option.id, option.label])).toEqual([
      ['menu', 'Xem câu hỏi thường gặp'],
      ['flow:intake', 'Hỏi cán bộ'],
    ]);
    // a long letter whose story reads like another topic is told both, and offered its closest entries
    const [letter] = await answerer.answer(
      'Gia đình tôi gồm bốn người, trước đây sống ở Hà Giang, năm ngoái chuyển xuống Bắc Ninh làm công nhân, thuê trọ gần khu công nghiệp, đã đăng ký tạm trú nhưng hộ khẩu vẫn ở quê, các con tôi học ở trường gần đó. Cuối tuần tôi thường phải tăng ca. Vậy cả nhà tôi bỏ phiếu ở đâu?',
      flowContext(),
    );
    expect(letter?.kind).toBe('fallback');
    expect(letter?.text).toContain('hỏi lại ngắn gọn trong một câu');
    // (the rented room and the registered temporary residence both told: the two entries on them)
    const offered = letter?.options?.map((option) => option.id) ?? [];
    expect(offered.slice(0, 2).sort()).toEqual(['faq:students-workers', 'faq:temporary-residence']);
    expect(offered.slice(2)).toEqual(['menu', 'flow:intake']);
    // so is a button for an entry no longer there (a message sent before an entry was removed)
    expect(await answerer.answerEntry('no-such-entry', flowContext())).toEqual([unanswered]);
    // a denunciation of something else is told where it goes, and not offered the election's form
    const elsewhere = await answerer.answer('Tôi muốn tố cáo cán bộ xã tham ô tiền làm đường', flowContext());
    expect(elsewhere).toHaveLength(1);
    expect(elsewhere[0]?.text).toContain('chỉ nhận khiếu nại, tố cáo về bầu cử');
    expect(elsewhere[0]?.options?.map((option) => option.id)).toEqual(['menu']);
  });

  it('offers the nearest entries with "no answer yet" when none is near enough to ask back about', async () => {
    // the bars of a cautious model: an election question is asked back only from 1, and entries
    // from 0.2 are near enough to offer
    const model = readRankerModel();
    const cautious = { ...model.thresholds.vi, answer: 1, lead: 0, pair: 2, askBack: 1, askBackSure: 0.2 };
    const answerer = createKnowledgeAnswerer(
      loadKnowledgeBase(seedTranslator, seedElection, {
        recentQuestions: 0,
        model: { ...model, thresholds: { ...model.thresholds, vi: cautious } },
      }),
      database.db,
    );
    const [reply] = await answerer.answer('Người lang thang không có nhà ở có được bầu cử không?', flowContext());
    expect(reply?.kind).toBe('fallback');
    expect(reply?.text).toContain('chưa có câu trả lời chắc chắn');
    expect(reply?.options?.map((option) => option.id)).toEqual([
      'faq:no-residence-registration',
      'menu',
      'flow:intake',
    ]);
    // listed for supervisors with the entry it offered first
    const [stored] = await database.db.faqFeedback.findMany({ orderBy: { id: 'desc' }, take: 1 });
    expect(stored).toMatchObject({ kind: 'fallback', faqId: 'no-residence-registration' });
  });

  it('stores every fallback and "not helpful" vote, and lists them most frequent first', async () => {
    const { db } = database;
    await db.faqFeedback.deleteMany();
    const answerer = createKnowledgeAnswerer(kb, db);
    await answerer.answer('Giá xăng hôm nay?', flowContext());
    await answerer.answer('gia xang hom nay', flowContext());
    await answerer.answer('GIÁ XĂNG HÔM NAY!!', flowContext());
    await answerer.answer('Cách nấu phở bò cho ngon?', flowContext());
    await answerer.recordFeedback('polling-hours', false, flowContext({ choice: 'feedback:down:polling-hours' }));
    await answerer.recordFeedback('polling-hours', true, flowContext({ choice: 'feedback:up:polling-hours' }));

    const stored = await db.faqFeedback.findMany({ orderBy: { id: 'asc' } });
    expect(stored.map((row) => row.kind)).toEqual([
      'fallback',
      'fallback',
      'fallback',
      'fallback',
      'not_helpful',
      'helpful',
    ]);
    expect(stored[0]).toMatchObject({
      question: 'Giá xăng hôm nay?',
      normalized: 'gia xang hom nay',
      channel: 'web',
      faqId: null,
      locale: 'vi',
    });
    expect(Object.keys(stored[0] ?? {}).sort()).toEqual([
      'channel',
      'createdAt',
      'faqId',
      'id',
      'kind',
      'locale',
      'normalized',
      'question',
    ]);

    const gaps = await listUnansweredQuestions(db, { limit: 10 });
    expect(gaps[0]).toMatchObject({ normalized: 'gia xang hom nay', example: 'GIÁ XĂNG HÔM NAY!!', count: 3 });
    expect(gaps.map((gap) => gap.count)).toEqual([3, 1, 1]);
    expect(gaps.some((gap) => gap.normalized === 'may gio bat dau va ket thuc bo phieu')).toBe(true);
    expect(await listUnansweredQuestions(db, { limit: 1 })).toHaveLength(1);
    // a group an approved proposal answered is off the list
    expect(
      (await listUnansweredQuestions(db, { limit: 10, handled: ['gia xang hom nay'] })).map((gap) => gap.count),
    ).toEqual([1, 1]);
  });

  it('lists a question it asked back, with the entry it suggested first, for supervisors to teach it', async () => {
    const { db } = database;
    await db.faqFeedback.deleteMany();
    const answerer = createKnowledgeAnswerer(kb, db);
    const [askBack] = await answerer.answer('thẻ cử tri', flowContext({ locale: 'vi' }));
    expect(askBack?.kind).toBe('menu');
    const suggested = askBack?.options?.[0]?.id;
    const [gap] = await listUnansweredQuestions(db, { limit: 10 });
    expect(gap).toMatchObject({ example: 'thẻ cử tri', kind: 'asked_back', locale: 'vi', count: 1 });
    expect(`faq:${gap?.faqId}`).toBe(suggested);
    // an answer given at once is not a gap
    await answerer.answer('mat the cu tri thi lam sao', flowContext());
    expect(await listUnansweredQuestions(db, { limit: 10 })).toHaveLength(1);
  });

  it('keeps a pasted wall of text short', async () => {
    await recordFaqFeedback(database.db, { kind: 'fallback', question: 'x'.repeat(5000), channel: 'zalo' });
    const row = await database.db.faqFeedback.findFirst({ where: { channel: 'zalo' } });
    expect(row?.question.length).toBe(500);
  });
});
