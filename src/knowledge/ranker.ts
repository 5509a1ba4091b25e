// The second-stage scorer: a conditional logit over the candidate features of
// locale-index.ts, trained by the project from its own data (`npm run faq:train`: the entries'
// own phrasings, the team's questions and the tuning part of the real-question set — never the
// held-out part) and shipped as ranker-model.json. Its thresholds were chosen on the same data:
// answer when one entry is clearly ahead, ask back when two are close, decline otherwise (each
// language its own, since each is held to the targets on its own).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FEATURE_NAMES, type FeatureVector } from './locale-index.js';

const thresholdsSchema = z.object({
  /** probability at or above which the best entry is answered… */
  answer: z.number().min(0).max(1),
  /** …or, from LEAD_FLOOR, when the runner-up's probability is at most this share of the best's (0: never) */
  lead: z.number().min(0).max(1),
  /** probability at or above which an entry is offered in "did you mean…?" */
  askBack: z.number().min(0).max(1),
  /** …and from which one is offered when the scope classifier is all but sure the question is the election's (taken as askBack when higher) */
  askBackSure: z.number().min(0).max(1),
  /** the scope classifier's probability below which a question may be about something else… */
  scope: z.number().min(0).max(1),
  /** …and the probability such a question (or one that names nothing of the election) needs to be answered (above 1: never) */
  answerDoubtful: z.number().min(0),
  /** the two best entries' joint probability at or above which both are answered rather than asked about (above 1: never) */
  pair: z.number().min(0),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;

export const rankerModelSchema = z.object({
  about: z.string(),
  features: z.array(z.string()),
  weights: z.array(z.number()),
  bias: z.number(),
  /** one set per language: each index has its own vocabulary and phrasings, so its own calibration */
  thresholds: z.object({ vi: thresholdsSchema, en: thresholdsSchema }),
  training: z.record(z.string(), z.union([z.number(), z.string()])),
});
export type RankerModel = z.infer<typeof rankerModelSchema>;

export const RANKER_MODEL_FILE = new URL('./ranker-model.json', import.meta.url);

export function readRankerModel(file: URL | string = RANKER_MODEL_FILE): RankerModel {
  const model = rankerModelSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  if (model.features.join() !== FEATURE_NAMES.join() || model.weights.length !== FEATURE_NAMES.length) {
    throw new Error(`${String(file)} was trained on other features: run npm run faq:train`);
  }
  return model;
}

/** A candidate's score: its features weighed by the model. */
export function score(model: Pick<RankerModel, 'weights'>, features: FeatureVector): number {
  let total = 0;
  for (let index = 0; index < features.length; index++) total += (model.weights[index] ?? 0) * (features[index] ?? 0);
  return total;
}

/**
 * Each candidate's probability of holding the answer, against the others and against "none of
 * them" (the model's bias): a conditional logit, so two close entries share the probability.
 */
export function probabilities(
  model: Pick<RankerModel, 'weights' | 'bias'>,
  candidates: readonly FeatureVector[],
): number[] {
  const scores = candidates.map((features) => score(model, features));
  const max = Math.max(model.bias, ...scores);
  const exps = scores.map((value) => Math.exp(value - max));
  const total = Math.exp(model.bias - max) + exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}
