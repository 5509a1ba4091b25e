// npm run faq:train — trains the knowledge base's ranker (src/knowledge/ranker-model.json)
// from the project's own data: the entries' phrasings (with the real questions `npm run
// faq:learn` added), the team's self-written questions and the TUNING part of the real-question
// set. The held-out part is never read here.
import { writeFileSync } from 'node:fs';
import { FEATURE_NAMES } from '../src/knowledge/locale-index.js';
import { RANKER_MODEL_FILE } from '../src/knowledge/ranker.js';
import {
  chooseThresholds,
  fitConditionalLogit,
  modelOf,
  outOfFoldAssessments,
  trainingExamples,
  trainingInputHash,
} from './ranker-training.js';
import { entriesByLaw } from './law-elections.js';
import { readRealQuestions } from './real-questions.js';
import { readSelfWrittenQuestions } from './self-written-questions.js';

// the 2025-law questions are asked of a 2025-law election, as `npm run eval:faq` asks them
const { '2015': entries, '2025': entries2025 } = entriesByLaw();
const tuning = readRealQuestions().questions.filter((question) => question.split === 'tune');
const selfWritten = readSelfWrittenQuestions();

const examples = trainingExamples(entries, selfWritten, tuning);
const fitted = fitConditionalLogit(examples);
// thresholds from the tuning questions as a knowledge base that never saw their source answers them
const thresholds = chooseThresholds(outOfFoldAssessments(entries, selfWritten, tuning, entries2025));
const model = modelOf(fitted, thresholds, {
  entries: entries.length,
  examples: examples.length,
  selfWrittenQuestions: selfWritten.length,
  tuningQuestions: tuning.length,
  inputHash: trainingInputHash(entries, [...selfWritten, ...tuning]),
});
writeFileSync(RANKER_MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`);
process.stdout.write(
  `ranker trained: ${FEATURE_NAMES.map((name, index) => `${name} ${model.weights[index]}`).join(', ')}, bias ${model.bias}\nthresholds: ${JSON.stringify(thresholds)}\n`,
);
