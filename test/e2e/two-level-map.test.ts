// The 2026 election on the 2025 map (province → commune, no districts), through the real app
// and the web chat API, on both databases: old commune names, typed with or without
// diacritics, lead to the commune they were merged into, and the citizen is told its new name;
// the complaint intake asks for the commune by name; polling places are found the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/i18n.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { newChatSession, say, type ChatReply, type ChatSession } from '../ops/web-chat-client.js';

const providers = await testProviders();
const LOC_BINH = '06529';
const LOC_BINH_DESCRIBED = 'Xã Lộc Bình (gồm thị trấn Lộc Bình và các xã Khánh Xuân, Đồng Bục, Hữu Khánh cũ)';

describe.each(providers)('the 2025 map of Lạng Sơn on %s', (provider) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(provider, { ELECTION_CONFIG: 'config/elections/lang-son-2026.json' });
  });
  afterAll(async () => {
    await test?.stop();
  });

  async function citizen(locale: Locale = 'vi'): Promise<ChatSession> {
    const session = newChatSession();
    await say(test.url, session, { text: 'xin chào' });
    await say(test.url, session, { choice: 'consent:yes' });
    await say(test.url, session, { choice: `lang:${locale}` });
    return session;
  }
  const localityOf = async (session: ChatSession) =>
    (
      await test.app.context.db.citizen.findFirstOrThrow({
        where: { channel: 'web', platformUserId: session.id ?? 'no session' },
      })
    ).localityCode;
  const texts = (replies: ChatReply[]) => replies.map((reply) => reply.text);

  it('loads 65 communes and wards under the province, with no districts', async () => {
    const { db } = test.app.context;
    expect(await db.locality.count({ where: { level: 'commune', parentCode: '20' } })).toBe(65);
    expect(await db.locality.count({ where: { level: 'district' } })).toBe(0);
  });

  it('leads "Khánh Xuân", with or without diacritics or abbreviated, to Xã Lộc Bình and says its new name', async () => {
    for (const typed of [
      'Khánh Xuân',
      'khanh xuan',
      'X. KHANH XUAN',
      'Khánh Xuân'.normalize('NFD'),
      'tt Lộc Bình',
      'huu khanh',
    ]) {
      const session = await citizen();
      await say(test.url, session, { choice: 'flow:locality' });
      const replies = await say(test.url, session, { text: typed });
      expect(replies.at(-1)?.text, typed).toBe(
        test.app.context.i18n.t('vi', 'chat:locality.saved', { name: 'Xã Lộc Bình' }),
      );
      expect(await localityOf(session), typed).toBe(LOC_BINH);
      const former =
        typed === 'tt Lộc Bình' ? 'Thị trấn Lộc Bình' : typed === 'huu khanh' ? 'Xã Hữu Khánh' : 'Xã Khánh Xuân';
      expect(replies[0]?.text, typed).toBe(`${former} nay thuộc ${LOC_BINH_DESCRIBED}.`);
    }
  });

  it('says the new name in English too', async () => {
    const session = await citizen('en');
    await say(test.url, session, { choice: 'flow:locality' });
    const replies = await say(test.url, session, { text: 'khanh xuan' });
    expect(replies[0]?.text).toBe(
      'Xã Khánh Xuân is now part of Xã Lộc Bình (formerly Lộc Bình township and Khánh Xuân, Đồng Bục, Hữu Khánh communes).',
    );
  });

  it('finds a commune by its own name without a notice', async () => {
    const session = await citizen();
    await say(test.url, session, { choice: 'flow:locality' });
    const replies = await say(test.url, session, { text: 'loc binh' });
    expect(texts(replies)).toEqual([test.app.context.i18n.t('vi', 'chat:locality.saved', { name: 'Xã Lộc Bình' })]);
  });

  it('offers every unit a split commune went into (Bính Xá)', async () => {
    const session = await citizen();
    await say(test.url, session, { choice: 'flow:locality' });
    const [menu] = await say(test.url, session, { text: 'binh xa' });
    expect(menu?.kind).toBe('menu');
    const labels = menu?.options?.map((option) => option.label) ?? [];
    expect(labels).toHaveLength(2);
    expect(labels[0]).toMatch(/^Xã (Đình Lập|Kiên Mộc) \(gồm .*một phần xã Bính Xá cũ\)$/);
    expect(labels.map((label) => label.split(' (')[0]).sort()).toEqual(['Xã Kiên Mộc', 'Xã Đình Lập']);
  });

  it('asks the complaint intake for the commune by name, with no district menu, and files it under province and commune', async () => {
    const { i18n, db } = test.app.context;
    const t = (key: string, values?: Record<string, unknown>) => i18n.t('vi', key, values);
    const session = await citizen();
    await say(test.url, session, { choice: 'flow:intake' });
    await say(test.url, session, { choice: 'petition' });
    const [ask] = (await say(test.url, session, { choice: 'polling' })).slice(-1);
    expect(ask?.text).toBe(t('tickets:intake.locality.communeByName'));
    expect(ask?.options?.map((option) => option.id)).toEqual(['cancel']);
    const [matches] = await say(test.url, session, { text: 'Dong Buc' });
    expect(matches?.text).toBe(t('tickets:intake.locality.matches'));
    expect(matches?.options?.[0]).toEqual({ id: `c:${LOC_BINH}`, label: LOC_BINH_DESCRIBED });
    await say(test.url, session, { choice: `c:${LOC_BINH}` });
    await say(test.url, session, {
      text: 'Điểm bỏ phiếu ở thôn tôi quá xa, đề nghị thêm một điểm gần hơn cho người già.',
    });
    await say(test.url, session, { choice: 'done' });
    await say(test.url, session, { choice: 'anon' });
    const filed = texts(await say(test.url, session, { choice: 'confirm' })).join('\n');
    const code = /PA-\d{4}-\d{5}/.exec(filed)?.[0] ?? 'no code';
    expect(await db.ticket.findUniqueOrThrow({ where: { code } })).toMatchObject({
      localityCode: LOC_BINH,
      provinceCode: '20',
      districtCode: null,
      communeCode: LOC_BINH,
    });
  });

  it('finds polling places by an old commune name', async () => {
    const session = await citizen();
    await say(test.url, session, { choice: 'flow:polling' });
    const replies = await say(test.url, session, { text: 'Đồng Bục' });
    expect(replies[0]?.text).toBe(`Xã Đồng Bục nay thuộc ${LOC_BINH_DESCRIBED}.`);
    expect(await localityOf(session)).toBe(LOC_BINH);
  });

  it("answers what the merger changed in the election with the 2025 law's answer", async () => {
    const session = await citizen();
    const replies = await say(test.url, session, { text: 'Sáp nhập xã rồi thì bầu cử có gì khác?' });
    // alone, or with where to vote after the merger (a question two entries answer between them)
    expect(replies.map((reply) => reply.text).join('\n')).toContain(
      'chính quyền địa phương hai cấp: chỉ còn Hội đồng nhân dân tỉnh và xã',
    );
  });
});
