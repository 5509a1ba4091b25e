// Approved changes on top of the locale files: where they land, that applying them twice changes
// nothing (an exported and committed change is not doubled), how a new entry's id is made, and
// how the live knowledge base swaps builds (and keeps the previous one when a build fails).
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { applyFaqChanges, type FaqChange, type RawEntries } from '../../src/knowledge/faq-changes.js';
import { deriveEntryId } from '../../src/knowledge/faq-proposals.js';
import { createLiveKnowledgeBase, knowledgeBuilder } from '../../src/knowledge/live-knowledge-base.js';
import { seedElection, seedTranslator } from './support.js';

const base = (): Record<'vi' | 'en', RawEntries> => ({
  vi: {
    'who-can-vote': {
      question: 'Ai được đi bầu cử?',
      answer: 'Công dân đủ 18 tuổi.',
      variants: ['Mấy tuổi được bầu?'],
      keywords: [],
      basis: 'Điều 2',
      next: [],
    },
  },
  en: {
    'who-can-vote': {
      question: 'Who may vote?',
      answer: 'Citizens aged 18.',
      variants: [],
      keywords: [],
      basis: 'Article 2',
    },
  },
});
const side = (question: string) => ({
  question,
  answer: 'Không bắt buộc.',
  basis: 'Điều 1',
  variants: [],
  keywords: [],
});
const variant = (text: string, locale: 'vi' | 'en' = 'vi', faqId = 'who-can-vote'): FaqChange => ({
  kind: 'variant',
  faqId,
  locale,
  text,
});
const entry: FaqChange = {
  kind: 'entry',
  faqId: 'is-voting-compulsory',
  vi: side('Đi bầu có bắt buộc không?'),
  en: side('Is voting compulsory?'),
  related: ['who-can-vote'],
};

describe('applying approved changes', () => {
  it('adds a variant at the end of its side, and a new entry last in both languages with its related entries on the Vietnamese side', () => {
    const merged = applyFaqChanges(base(), [
      variant('Bao nhiêu tuổi thì đi bầu?'),
      variant('How old must I be to vote?', 'en'),
      entry,
    ]);
    expect(merged.vi['who-can-vote']?.variants).toEqual(['Mấy tuổi được bầu?', 'Bao nhiêu tuổi thì đi bầu?']);
    expect(merged.en['who-can-vote']?.variants).toEqual(['How old must I be to vote?']);
    expect(Object.keys(merged.vi)).toEqual(['who-can-vote', 'is-voting-compulsory']);
    expect(Object.keys(merged.vi['is-voting-compulsory'] ?? {})).toEqual([
      'question',
      'answer',
      'variants',
      'keywords',
      'basis',
      'next',
    ]);
    expect(merged.vi['is-voting-compulsory']?.next).toEqual(['faq:who-can-vote']);
    expect(merged.en['is-voting-compulsory']).not.toHaveProperty('next');
  });

  it('skips what is already there, however it is typed, so applying twice changes nothing', () => {
    const changes = [variant('Bao nhiêu tuổi thì đi bầu?'), entry];
    const once = applyFaqChanges(base(), changes);
    expect(applyFaqChanges(once, changes)).toEqual(once);
    expect(applyFaqChanges(base(), [variant('may tuoi duoc bau'), variant('AI ĐƯỢC ĐI BẦU CỬ')])).toEqual(base());
  });

  it('leaves the base untouched and skips a variant whose entry left the files', () => {
    const original = base();
    expect(applyFaqChanges(original, [variant('Câu hỏi lạc', 'vi', 'gone')])).toEqual(base());
    applyFaqChanges(original, [variant('Bao nhiêu tuổi thì đi bầu?')]);
    expect(original).toEqual(base());
  });
});

describe('a new entry id made from its English question', () => {
  it.each([
    { question: 'Is voting compulsory?', taken: [], id: 'is-voting-compulsory' },
    {
      question: 'Is voting compulsory?',
      taken: ['is-voting-compulsory', 'is-voting-compulsory-2'],
      id: 'is-voting-compulsory-3',
    },
    { question: 'Đi bầu có bắt buộc không?', taken: [], id: 'di-bau-co-bat-buoc-khong' },
    { question: '2021', taken: [], id: 'entry-2021' },
    { question: '???', taken: [], id: 'entry' },
    {
      question: 'What happens when a voter is ill, in hospital, or far away on election day?',
      taken: [],
      id: 'what-happens-when-a-voter-is-ill-in',
    },
  ])('$question → $id', ({ question, taken, id }) => {
    expect(deriveEntryId(question, new Set<string>(taken))).toBe(id);
  });
});

describe('the live knowledge base', () => {
  const build = knowledgeBuilder(seedTranslator);
  const question = 'Bầu cử có livestream tiktok không?';

  it('swaps in a build with the approved changes when the version moves, and only then', async () => {
    const stored = { version: 0, changes: [] as FaqChange[], reads: 0 };
    const live = createLiveKnowledgeBase(
      {
        version: async () => stored.version,
        approvedChanges: async () => ((stored.reads += 1), stored.changes),
        election: async () => seedElection,
      },
      build,
      seedElection,
    );
    expect(live.search(question).kind).not.toBe('answer');
    expect(await live.refresh()).toBe(false);
    expect(stored.reads).toBe(0);
    stored.changes = [variant(question, 'vi', 'watch-count')];
    stored.version = 1;
    const [first, second] = await Promise.all([live.refresh(), live.refresh()]);
    expect([first, second]).toEqual([true, false]);
    expect(stored.reads).toBe(1);
    expect(live.version).toBe(1);
    expect(live.search(question)).toMatchObject({ kind: 'answer', faqId: 'watch-count' });
    expect(live.entries.get('watch-count')?.text.vi.variants).toContain(question);
  });

  it('keeps answering from the previous build while it rebuilds, between the steps of the build', async () => {
    const stored = { version: 0, changes: [] as FaqChange[] };
    const live = createLiveKnowledgeBase(
      {
        version: async () => stored.version,
        approvedChanges: async () => stored.changes,
        election: async () => seedElection,
      },
      build,
      seedElection,
    );
    stored.changes = [variant(question, 'vi', 'watch-count')];
    stored.version = 1;
    let rebuilt = false;
    const refreshed = live.refresh().then(() => (rebuilt = true));
    // a citizen who keeps asking while the rebuild runs is answered each time, from the old build
    const during: string[] = [];
    while (!rebuilt) {
      await setImmediate();
      if (!rebuilt) during.push(live.search(question).kind);
    }
    await refreshed;
    expect(during.length).toBeGreaterThan(20);
    expect(during.every((kind) => kind !== 'answer')).toBe(true);
    expect(live.search(question)).toMatchObject({ kind: 'answer', faqId: 'watch-count' });
  });

  it("rebuilds with the console's calendar when an admin moves election day, and tells the new date", async () => {
    let calendar = seedElection;
    const live = createLiveKnowledgeBase(
      { version: async () => 0, approvedChanges: async () => [], election: async () => calendar },
      build,
      seedElection,
    );
    expect(live.entries.get('election-day')?.text.vi.answer).toContain('23/05/2021');
    expect(await live.refresh()).toBe(false);
    calendar = { ...seedElection, electionDay: '2021-05-30' };
    expect(await live.refresh()).toBe(true);
    expect(live.entries.get('election-day')?.text.vi.answer).toContain('Chủ Nhật, ngày 30/05/2021');
    expect(live.entries.get('election-day')?.text.en.answer).toContain('30 May 2021');
    expect(await live.refresh()).toBe(false);
  });

  it('keeps answering from the previous build when a build fails, and does not retry it until the next approval', async () => {
    const stored = { version: 1, changes: [variant(question, 'vi', 'watch-count')] as FaqChange[] };
    let builds = 0;
    const live = createLiveKnowledgeBase(
      {
        version: async () => stored.version,
        approvedChanges: async () => stored.changes,
        election: async () => seedElection,
      },
      (changes, election) => {
        builds += 1;
        if (changes.some((change) => change.kind === 'variant' && change.text === 'breaks the build'))
          throw new Error('invalid content');
        return build(changes, election);
      },
      seedElection,
    );
    await live.refresh();
    stored.changes = [...stored.changes, variant('breaks the build')];
    stored.version = 2;
    await expect(live.refresh()).rejects.toThrow('invalid content');
    expect(live.search(question)).toMatchObject({ kind: 'answer', faqId: 'watch-count' });
    const before = builds;
    expect(await live.refresh()).toBe(false);
    expect(builds).toBe(before);
  });
});
