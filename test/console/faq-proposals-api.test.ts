// Learning from use, through real HTTP on both databases: a supervisor attaches a question the
// bot could not answer to an entry, an admin approves, and the bot answers it at once, on this
// instance and (within a few seconds) on a second one sharing the database; nobody approves
// their own proposal; officers and viewers may not propose or approve; a new entry drafted in
// both languages goes through a rejection and an edit; every step is in the audit log; and the
// export CLI writes the approved changes into a copy of the locale files.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { WebCitizen, type BotMessage } from '../e2e/chat-drivers.js';
import { onboard } from '../e2e/citizen-steps.js';
import { startAppOn, type RunningApp } from '../ops/app-on.js';
import { addOfficer, signedIn, type ConsoleClient } from './console-harness.js';

const run = promisify(execFile);
const providers = await testProviders();

/** Questions no entry answers yet (the bot falls back), and the entry that does answer them. */
const LIVESTREAM_VI = 'Bầu cử có livestream tiktok không?';
const LIVESTREAM_EN = 'Will the election be livestreamed on tiktok?';
const WATCH_COUNT = 'watch-count';

const NEW_ENTRY = {
  kind: 'entry',
  vi: {
    question: 'Việc kiểm phiếu có được phát trực tiếp trên mạng không?',
    answer:
      'Luật không quy định phát trực tiếp việc kiểm phiếu. Cử tri có thể đến chứng kiến việc kiểm phiếu tại khu vực bỏ phiếu.',
    basis: 'Điều 73, Luật Bầu cử 2015',
    variants: ['Kiểm phiếu có phát sóng trực tiếp không?'],
    keywords: ['phát trực tiếp', 'phát sóng'],
  },
  en: {
    question: 'Is the vote count streamed live?',
    answer:
      'The law does not provide for streaming the count. Voters may come and watch the count at the polling station.',
    basis: 'Article 73, Election Law 2015',
    variants: [],
    keywords: ['live stream'],
  },
  related: [WATCH_COUNT],
};
const NEW_ENTRY_ID = 'is-the-vote-count-streamed-live';

/** Asks in a fresh web-chat session (consent, language) and returns the first reply. */
async function ask(
  base: URL,
  test: TestApp,
  question: string,
  locale: 'vi' | 'en' = 'vi',
): Promise<BotMessage | undefined> {
  const citizen = new WebCitizen(base);
  await onboard(citizen, test.app.context.i18n, locale);
  const { replies } = await citizen.post({ text: question });
  return replies[0];
}

async function auditActions(test: TestApp, proposalId: string): Promise<string[]> {
  const rows = await test.app.context.db.auditLog.findMany({
    where: { targetType: 'faq_proposal', targetId: proposalId },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => row.action);
}

describe.each(providers)('learning from unanswered questions on %s', (provider) => {
  let test: TestApp;
  let second: RunningApp | undefined;
  let supervisor: ConsoleClient;
  let admin: ConsoleClient;
  let otherAdmin: ConsoleClient;

  beforeAll(async () => {
    test = await startTestApp(provider);
    const { db } = test.app.context;
    await addOfficer(db, 'kb.supervisor', 'supervisor', null);
    await addOfficer(db, 'kb.admin', 'admin', null);
    await addOfficer(db, 'kb.admin2', 'admin', null);
    await addOfficer(db, 'kb.officer', 'officer', null);
    await addOfficer(db, 'kb.viewer', 'viewer', null);
    supervisor = await signedIn(test.url, 'kb.supervisor');
    admin = await signedIn(test.url, 'kb.admin');
    otherAdmin = await signedIn(test.url, 'kb.admin2');
  });
  afterAll(async () => {
    await second?.app.stop();
    await test?.stop();
  });

  it('answers a question a supervisor attached to an entry once an admin approves it, without a restart, on every instance', async () => {
    expect(await ask(test.url, test, LIVESTREAM_VI)).toMatchObject({ kind: 'fallback' });
    // a second instance on the same database, started before the approval
    second = await startAppOn(test.database.target, test.dataDir);

    const unanswered = await supervisor.get('/api/console/unanswered');
    const row = unanswered.body.questions.find((question: { example: string }) => question.example === LIVESTREAM_VI);
    expect(row).toMatchObject({ kind: 'fallback', locale: 'vi', count: 1, pendingProposalId: null });

    const proposed = await supervisor.post('/api/console/faq/proposals', {
      kind: 'variant',
      faqId: WATCH_COUNT,
      locale: 'vi',
      text: row.example,
      sourceNormalized: row.normalized,
    });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({
      status: 'pending',
      faqId: WATCH_COUNT,
      variant: { locale: 'vi', text: LIVESTREAM_VI },
      revision: 1,
      author: 'Cán bộ kb.supervisor',
    });
    const listed = await supervisor.get('/api/console/unanswered');
    expect(
      listed.body.questions.find((question: { normalized: string }) => question.normalized === row.normalized)
        .pendingProposalId,
    ).toBe(proposed.body.id);
    // not before the approval
    expect((await ask(test.url, test, LIVESTREAM_VI))?.faqId).toBeUndefined();

    const approved = await admin.post(`/api/console/faq/proposals/${proposed.body.id}/approve`, { revision: 1 });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', reviewer: 'Cán bộ kb.admin' });

    expect(await ask(test.url, test, LIVESTREAM_VI)).toMatchObject({ kind: 'answer', faqId: WATCH_COUNT });
    // typed without diacritics too: it is a variant like any other
    expect(await ask(test.url, test, 'bau cu co livestream tiktok ko')).toMatchObject({
      kind: 'answer',
      faqId: WATCH_COUNT,
    });
    // the other instance notices the new version by itself
    const base = second.url;
    const deadline = Date.now() + 20_000;
    let onSecond = await ask(base, test, LIVESTREAM_VI);
    while (onSecond?.faqId !== WATCH_COUNT && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      onSecond = await ask(base, test, LIVESTREAM_VI);
    }
    expect(onSecond).toMatchObject({ kind: 'answer', faqId: WATCH_COUNT });

    // answered now: off the to-do list
    const after = await supervisor.get('/api/console/unanswered');
    expect(after.body.questions.map((question: { normalized: string }) => question.normalized)).not.toContain(
      row.normalized,
    );
    expect(await auditActions(test, proposed.body.id)).toEqual(['faq.propose', 'faq.approve']);
    expect((await test.app.context.audit.walk()).brokenAt).toBeNull();
  });

  it('refuses self-approval, and refuses proposals and approvals to officers and viewers (403)', async () => {
    expect(await ask(test.url, test, LIVESTREAM_EN, 'en')).toMatchObject({ kind: 'fallback' });
    const row = (await admin.get('/api/console/unanswered')).body.questions.find(
      (question: { example: string }) => question.example === LIVESTREAM_EN,
    );
    expect(row.locale).toBe('en');
    const proposal = {
      kind: 'variant',
      faqId: WATCH_COUNT,
      locale: 'en',
      text: LIVESTREAM_EN,
      sourceNormalized: row.normalized,
    };
    const proposed = await admin.post('/api/console/faq/proposals', proposal);
    expect(proposed.status).toBe(200);

    const own = await admin.post(`/api/console/faq/proposals/${proposed.body.id}/approve`, { revision: 1 });
    expect(own.status).toBe(403);
    expect(own.body.error).toBe('faq.self_approval');
    expect(
      (await supervisor.post(`/api/console/faq/proposals/${proposed.body.id}/approve`, { revision: 1 })).status,
    ).toBe(403);
    expect(
      (await supervisor.post(`/api/console/faq/proposals/${proposed.body.id}/reject`, { revision: 1 })).status,
    ).toBe(403);
    for (const username of ['kb.officer', 'kb.viewer']) {
      const client = await signedIn(test.url, username);
      expect((await client.get('/api/console/unanswered')).status, username).toBe(403);
      expect((await client.get('/api/console/faq/proposals')).status, username).toBe(403);
      expect(
        (await client.post('/api/console/faq/proposals', { ...proposal, text: 'Is the count on youtube?' })).status,
        username,
      ).toBe(403);
      expect(
        (await client.post(`/api/console/faq/proposals/${proposed.body.id}/approve`, { revision: 1 })).status,
        username,
      ).toBe(403);
      expect((await client.get('/api/console/faq/export/vi')).status, username).toBe(403);
    }
    expect((await test.app.context.db.faqProposal.findUniqueOrThrow({ where: { id: proposed.body.id } })).status).toBe(
      'pending',
    );
    expect(await auditActions(test, proposed.body.id)).toEqual(['faq.propose']);
    expect((await ask(test.url, test, LIVESTREAM_EN, 'en'))?.faqId).toBeUndefined();

    // another admin may
    expect(
      (await otherAdmin.post(`/api/console/faq/proposals/${proposed.body.id}/approve`, { revision: 1 })).status,
    ).toBe(200);
    expect(await ask(test.url, test, LIVESTREAM_EN, 'en')).toMatchObject({ kind: 'answer', faqId: WATCH_COUNT });
  });

  it('refuses a question that is already a way of asking, a duplicate proposal, a taken or malformed id, and incomplete entries, each with its code', async () => {
    const entries = (await supervisor.get('/api/console/faq/entries')).body.entries as {
      id: string;
      question: { vi: string; en: string };
    }[];
    const whoCanVote = entries.find((entry) => entry.id === 'who-can-vote');
    if (!whoCanVote) throw new Error('the seed content has no who-can-vote entry');
    const attach = (text: string, faqId = 'who-can-vote', locale = 'vi') =>
      supervisor.post('/api/console/faq/proposals', { kind: 'variant', faqId, locale, text });

    // an entry's own question, typed without diacritics, on another entry; and the variant approved above
    const ownQuestion = await attach('ai duoc di bau cu va ai khong duoc bau cu', 'age-cutoff');
    expect(ownQuestion.status).toBe(409);
    expect(ownQuestion.body.error).toBe('faq.variant_exists');
    expect((await attach(LIVESTREAM_VI, WATCH_COUNT)).body.error).toBe('faq.variant_exists');

    const first = await attach('Người mười tám tuổi đã được bầu chưa?');
    expect(first.status).toBe(200);
    const twin = await attach('nguoi muoi tam tuoi da duoc bau chua', 'age-cutoff');
    expect(twin.status).toBe(409);
    expect(twin.body.error).toBe('faq.variant_pending');
    expect((await attach('Câu hỏi cho một mục không có', 'no-such-entry')).body.error).toBe('faq.unknown_entry');
    expect((await attach('x'.repeat(501))).status).toBe(400);
    expect(
      (
        await supervisor.post('/api/console/faq/proposals', {
          kind: 'variant',
          faqId: 'who-can-vote',
          locale: 'fr',
          text: 'Qui peut voter ?',
        })
      ).status,
    ).toBe(400);

    const entry = (extra: Record<string, unknown>) =>
      supervisor.post('/api/console/faq/proposals', { ...NEW_ENTRY, ...extra });
    const taken = await entry({ id: 'who-can-vote' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe('faq.id_taken');
    for (const id of ['Bad Id', 'bầu-cử', '2021', '']) expect((await entry({ id })).status, id).toBe(400);
    expect((await entry({ en: undefined })).status).toBe(400);
    expect((await entry({ vi: { ...NEW_ENTRY.vi, basis: '' } })).status).toBe(400);
    expect((await entry({ en: { ...NEW_ENTRY.en, answer: 'x'.repeat(2001) } })).status).toBe(400);
    const related = await entry({ related: ['no-such-entry'] });
    expect(related.status).toBe(400);
    expect(related.body.error).toBe('faq.unknown_related');
    expect(await test.app.context.db.faqProposal.count({ where: { kind: 'entry' } })).toBe(0);
  });

  it('takes a new entry in both languages through a rejection, an edit and an approval, answers it, and exports every approved change to the locale files', async () => {
    const drafted = await supervisor.post('/api/console/faq/proposals', NEW_ENTRY);
    expect(drafted.status).toBe(200);
    expect(drafted.body).toMatchObject({
      kind: 'entry',
      status: 'pending',
      faqId: NEW_ENTRY_ID,
      entry: { related: [WATCH_COUNT] },
    });
    const id = drafted.body.id as string;

    const rejected = await admin.post(`/api/console/faq/proposals/${id}/reject`, {
      revision: 1,
      note: 'Xin ghi rõ điều luật.',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewNote: 'Xin ghi rõ điều luật.' });
    // only the author edits; the edit sends it back for approval
    expect((await otherAdmin.request('PUT', `/api/console/faq/proposals/${id}`, NEW_ENTRY)).status).toBe(403);
    const edited = await supervisor.request('PUT', `/api/console/faq/proposals/${id}`, {
      ...NEW_ENTRY,
      vi: { ...NEW_ENTRY.vi, basis: 'Khoản 1 Điều 73, Luật Bầu cử 2015' },
    });
    expect(edited.body).toMatchObject({ status: 'pending', revision: 2, reviewNote: null, faqId: NEW_ENTRY_ID });
    // an approval of what the admin read before the edit is refused
    const stale = await admin.post(`/api/console/faq/proposals/${id}/approve`, { revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('faq.changed');
    expect((await admin.post(`/api/console/faq/proposals/${id}/approve`, { revision: 2 })).status).toBe(200);
    expect((await supervisor.request('PUT', `/api/console/faq/proposals/${id}`, NEW_ENTRY)).status).toBe(409);

    const answer = await ask(test.url, test, NEW_ENTRY.vi.question);
    expect(answer).toMatchObject({ kind: 'answer', faqId: NEW_ENTRY_ID });
    expect(answer?.text).toContain('Khoản 1 Điều 73');
    expect(await ask(test.url, test, 'Is the vote count streamed live?', 'en')).toMatchObject({
      kind: 'answer',
      faqId: NEW_ENTRY_ID,
    });
    expect(await auditActions(test, id)).toEqual(['faq.propose', 'faq.reject', 'faq.edit', 'faq.approve']);

    // the CLI, on a copy of the locale files
    const copy = mkdtempSync(path.join(tmpdir(), 'cutri-locales-'));
    try {
      for (const locale of ['vi', 'en']) {
        mkdirSync(path.join(copy, locale));
        copyFileSync(path.join('locales', locale, 'faq.json'), path.join(copy, locale, 'faq.json'));
      }
      const env = {
        ...process.env,
        DATABASE_URL: test.database.target.url,
        DATA_DIR: test.dataDir,
        LOG_LEVEL: 'silent',
      };
      const exported = await run(process.execPath, ['--import', 'tsx', 'src/cli/faq-export.ts', '--dir', copy], {
        env,
      });
      expect(exported.stdout).toContain('3 approved changes');
      for (const locale of ['vi', 'en'] as const) {
        const original = readFileSync(path.join('locales', locale, 'faq.json'), 'utf8');
        const written = readFileSync(path.join(copy, locale, 'faq.json'), 'utf8');
        const before = JSON.parse(original);
        const after = JSON.parse(written);
        // the same layout: two spaces, a final newline, keys in their order, the new entry last
        expect(written).toBe(`${JSON.stringify(after, null, 2)}\n`);
        expect(Object.keys(after)).toEqual(Object.keys(before));
        expect(Object.keys(after.entries)).toEqual([...Object.keys(before.entries), NEW_ENTRY_ID]);
        expect(after.entries[NEW_ENTRY_ID].question).toBe(NEW_ENTRY[locale].question);
        const added = locale === 'vi' ? [LIVESTREAM_VI] : [LIVESTREAM_EN];
        expect(after.entries[WATCH_COUNT].variants).toEqual([...before.entries[WATCH_COUNT].variants, ...added]);
        for (const key of Object.keys(before.entries).filter((key) => key !== WATCH_COUNT))
          expect(after.entries[key], key).toEqual(before.entries[key]);
        // the console's download is the same text
        const download = await supervisor.get(`/api/console/faq/export/${locale}`);
        expect(download.headers.get('content-disposition')).toContain(`faq.${locale}.json`);
        expect(download.text).toBe(written);
      }
      expect(JSON.parse(readFileSync(path.join(copy, 'vi', 'faq.json'), 'utf8')).entries[NEW_ENTRY_ID].next).toEqual([
        `faq:${WATCH_COUNT}`,
      ]);
      // a second export finds nothing left to do
      const again = await run(process.execPath, ['--import', 'tsx', 'src/cli/faq-export.ts', '--dir', copy], { env });
      expect(again.stdout).toContain('already holds them all');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
    expect(await test.app.context.db.auditLog.count({ where: { action: 'faq.export' } })).toBe(2);
  });
});
