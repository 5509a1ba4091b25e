// npm run faq:learn — the tuning part's real questions become phrasings of the entries they are
// labelled with, in locales/vi/faq.json and locales/en/faq.json: what a supervisor does in the
// console with citizens' questions (attach to an entry), done for the questions voters published.
// The held-out part is never read here. Running it again changes nothing. Then: npm run faq:train.
import { localesDir } from '../src/i18n.js';
import { exportFaqChanges } from '../src/knowledge/faq-export.js';
import { learnedPhrasings } from './ranker-training.js';
import { readRealQuestions } from './real-questions.js';

const changes = learnedPhrasings(readRealQuestions().questions);
const written = await exportFaqChanges(localesDir, changes);
process.stdout.write(
  written.length === 0
    ? `${changes.length} learned phrasings: the files already hold them all.\n`
    : `${changes.length} learned phrasings merged into ${written.join(' and ')}. Now run npm run faq:train.\n`,
);
