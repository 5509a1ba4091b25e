// Retrieval as citizens use it: one answer when sure, "did you mean…?" when unsure, a polite
// fallback when lost; out-of-scope questions declined; complaints and "where do I vote?"
// routed to their flows; English understood.
import { describe, expect, it } from 'vitest';
import type { FaqEntry } from '../../src/knowledge/content.js';
import { createKnowledgeBase, loadKnowledgeBase, type SearchOutcome } from '../../src/knowledge/knowledge-base.js';
import { seedElection, seedTranslator } from './support.js';

const kb = loadKnowledgeBase(seedTranslator, seedElection);

function entry(id: string, question: string, variants: string[], keywords: string[] = []): FaqEntry {
  const text = { question, answer: `${question} — trả lời.`, basis: 'Điều 1, Luật Bầu cử 2015', variants, keywords };
  return { id, next: [], text: { vi: text, en: text } };
}

describe('thresholds on a small knowledge base', () => {
  const small = createKnowledgeBase(
    [
      entry('lost-card', 'Mất thẻ cử tri thì làm sao?', ['Làm mất thẻ cử tri'], ['mất thẻ']),
      entry('card-stamp', 'Thẻ cử tri được đóng dấu gì?', ['Dấu trên thẻ cử tri'], ['đóng dấu']),
      entry('card-delivery', 'Khi nào nhận thẻ cử tri?', ['Ai phát thẻ cử tri'], ['phát thẻ']),
      entry('polling-hours', 'Mấy giờ bắt đầu bỏ phiếu?', ['Giờ bỏ phiếu'], ['mấy giờ']),
    ],
    { answer: 0.6, askBack: 0.3, answerWithoutElectionWords: 0.8, ambiguity: 0.95 },
  );

  it('answers when the question is covered well', () => {
    expect(small.search('mat the cu tri thi lam sao')).toEqual({ kind: 'answer', faqId: 'lost-card', confidence: expect.any(Number) });
  });

  it('asks back with the closest questions when the question fits several', () => {
    const outcome = small.search('thẻ cử tri');
    expect(outcome.kind).toBe('ask_back');
    const ids = outcome.kind === 'ask_back' ? outcome.candidates.map((candidate) => candidate.faqId) : [];
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(ids.length).toBeLessThanOrEqual(3);
    expect(ids).toEqual(expect.arrayContaining(['lost-card', 'card-stamp']));
  });

  it('falls back when little of the question is understood', () => {
    expect(small.search('ứng cử viên phải có bằng đại học không')).toMatchObject({ kind: 'fallback', reason: 'unknown' });
  });
});

const label = (outcome: SearchOutcome) => (outcome.kind === 'answer' ? outcome.faqId : outcome.kind);

describe('the election knowledge base', () => {
  it.each([
    ['Mất thẻ cử tri thì phải làm gì?', 'voter-card-lost'],
    ['mat the cu tri thi phai lam gi', 'voter-card-lost'],
    ['mất thẻ cử tri thì phải làm gì'.normalize('NFD'), 'voter-card-lost'],
    ['mấy h bắt đầu bỏ phiếu vậy ad', 'polling-hours'],
    ['ko bik chu co bau dc ko', 'cannot-write'],
    ['How do I mark my ballot?', 'how-to-mark'],
  ])('answers "%s" with %s', (question, faqId) => {
    expect(label(kb.search(question))).toBe(faqId);
  });

  it.each(['Giá vàng hôm nay bao nhiêu?', 'thoi tiet lang son mai the nao', 'Việt Nam đá bóng với Thái Lan mấy giờ?', 'ket qua xo so hom nay', 'What is the weather tomorrow?'])(
    'declines "%s" instead of answering with the nearest election entry',
    (question) => {
      expect(kb.search(question)).toMatchObject({ kind: 'fallback', reason: 'out_of_scope' });
    },
  );

  it.each(['Tôi muốn tố cáo trưởng thôn', 'tôi bị đe dọa vì đi bầu', 'o xom toi co nguoi mua phieu', 'I want to report vote buying'])('offers the complaint flow for "%s"', (question) => {
    expect(kb.search(question).kind).toBe('complaint_intent');
  });

  it('still answers a question about complaints that is not a complaint', () => {
    expect(label(kb.search('Khiếu nại danh sách cử tri trong thời hạn bao lâu?'))).toBe('voter-list-complaint-deadline');
  });

  it.each(['đi bầu ở đâu', 'di bau o dau vay', 'Where do I vote?'])('starts the polling flow for "%s"', (question) => {
    expect(kb.search(question).kind).toBe('polling_intent');
  });

  it('answers a "where" question that is about something else', () => {
    expect(label(kb.search('Sinh viên ở ký túc xá thì đi bầu ở đâu?'))).toBe('students-workers');
  });
});
