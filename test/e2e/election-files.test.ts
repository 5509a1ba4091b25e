// Both election files run the real app: the 2021 seed (the default) and the 2026 election, on
// SQLite and PostgreSQL. Each answers election day and the number of ballots from its own file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadElectionConfig } from '../../src/config/election.js';
import { createTranslator, electionVariables } from '../../src/i18n.js';
import { loadFaqEntries } from '../../src/knowledge/content.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { newChatSession, say } from '../ops/web-chat-client.js';

const providers = await testProviders();
const FILES = ['config/elections/lang-son-2021.json', 'config/elections/lang-son-2026.json'];

describe.each(providers.flatMap((provider) => FILES.map((file) => [provider, file] as const)))(
  'on %s, %s',
  (provider, file) => {
    const election = loadElectionConfig(file);
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(provider, { ELECTION_CONFIG: file });
    });
    afterAll(async () => {
      await test?.stop();
    });

    it('answers election day and the number of ballots from the election file', async () => {
      const session = newChatSession();
      await say(test.url, session, { text: 'xin chào' });
      await say(test.url, session, { choice: 'consent:yes' });
      await say(test.url, session, { choice: 'lang:vi' });
      const [day] = await say(test.url, session, { text: 'Ngày bầu cử là ngày nào?' });
      expect(day?.kind).toBe('answer');
      expect(day?.text).toContain(electionVariables(election, 'vi').electionDay);
      const [ballots] = await say(test.url, session, { text: 'Mỗi cử tri được nhận mấy lá phiếu?' });
      expect(ballots?.kind).toBe('answer');
      expect(ballots?.text).toMatch(new RegExp(`(^|\\D)${election.ballotsPerVoter}(\\D|$)`));
      expect(await test.app.context.db.locality.count()).toBeGreaterThan(0);
    });
  },
);

describe.each(FILES)('the knowledge base on %s', (file) => {
  it('fills every placeholder of every answer from the election file (a value left null is never asked for)', () => {
    const election = loadElectionConfig(file);
    const entries = loadFaqEntries(createTranslator(election), election);
    const unfilled = entries.flatMap((entry) =>
      (['vi', 'en'] as const).flatMap((locale) =>
        [entry.text[locale].question, entry.text[locale].answer, entry.text[locale].basis]
          .filter((text) => text.includes('{{'))
          .map((text) => `${entry.id} (${locale}): ${text}`),
      ),
    );
    expect(unfilled).toEqual([]);
  });
});

describe('the 2026 election file', () => {
  it('is the election of Sunday 15 March 2026 under the 2025 law, with three ballots and its own map', () => {
    const election = loadElectionConfig('config/elections/lang-son-2026.json');
    expect(election).toMatchObject({ electionDay: '2026-03-15', lawVersion: '2025', ballotsPerVoter: 3 });
    expect(electionVariables(election, 'vi')).toMatchObject({ electionDay: '15/03/2026', electionWeekday: 'Chủ Nhật' });
    expect(election.localities?.file).toMatch(/localities-lang-son-2025\.csv$/);
    expect(election.localities?.formerUnitsFile).toMatch(/localities-lang-son-2025-former\.csv$/);
  });

  it('stops the start, naming the file, when its localities file is missing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cutri-election-'));
    try {
      const file = path.join(dir, 'province-2031.json');
      const election = JSON.parse(readFileSync('config/elections/lang-son-2026.json', 'utf8'));
      writeFileSync(
        file,
        JSON.stringify({ ...election, localities: { file: 'communes-2031.csv', formerUnitsFile: null } }),
      );
      expect(() => loadElectionConfig(file)).toThrow(ConfigError);
      expect(() => loadElectionConfig(file)).toThrow(/communes-2031\.csv, which does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
