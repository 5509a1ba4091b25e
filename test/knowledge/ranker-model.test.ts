// The shipped ranker (src/knowledge/ranker-model.json) was trained on the current content and
// labelled questions: after a change to locales/*/faq.json or the evaluation sets, `npm run
// faq:train` must be run again, or the thresholds no longer fit what the bot knows.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainingInputHash } from '../../eval/ranker-training.js';
import { readRealQuestions } from '../../eval/real-questions.js';
import { readSelfWrittenQuestions } from '../../eval/self-written-questions.js';
import { loadElectionConfig } from '../../src/config/election.js';
import { createTranslator } from '../../src/i18n.js';
import { loadFaqEntries } from '../../src/knowledge/content.js';
import { readRankerModel } from '../../src/knowledge/ranker.js';

describe('the shipped ranker', () => {
  it('was trained on the current entries and labelled questions (run npm run faq:train)', () => {
    const election = loadElectionConfig(path.resolve('config/elections/lang-son-2021.json'));
    const entries = loadFaqEntries(createTranslator(election), election);
    const tuning = readRealQuestions().questions.filter((question) => question.split === 'tune');
    expect(readRankerModel().training.inputHash).toBe(
      trainingInputHash(entries, [...readSelfWrittenQuestions(), ...tuning]),
    );
  });
});
