/**
 * @module knowledge/model
 * The learned parts of the search: logistic models over named features, their schema and the pure functions to
 * apply and fit them. The weights are fitted offline by `npm run kb:fit` (src/cli/kb-fit.ts) and stored in
 * search-model.ts; nothing is fitted at run time.
 */
import { z } from "zod";

/** A logistic model: features are standardised with `mean` and `scale`, then weighed; `names` say which features. */
export const LogisticModel = z.strictObject({
  names: z.array(z.string()),
  mean: z.array(z.number()),
  scale: z.array(z.number()),
  weights: z.array(z.number()),
  bias: z.number(),
});
export type LogisticModel = z.infer<typeof LogisticModel>;

/**
 * Everything the search learned: the candidate ranker, the chance that a question is about the domain at all, the
 * chance that the best candidate is the right topic, and the two cut-offs on those chances.
 */
export const SearchModel = z.strictObject({
  ranker: LogisticModel,
  inDomain: LogisticModel,
  correct: LogisticModel,
  /** answer directly from this chance that the best topic is right */
  answerFrom: z.number().min(0).max(1),
  /** decline below this chance that the question is about the domain */
  declineBelow: z.number().min(0).max(1),
});
export type SearchModel = z.infer<typeof SearchModel>;

/** The logistic function. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The model's log-odds for one feature vector (in the order of `model.names`). */
export function logOdds(model: LogisticModel, x: readonly number[]): number {
  let sum = model.bias;
  for (let i = 0; i < model.weights.length; i++) {
    sum += ((model.weights[i] ?? 0) * ((x[i] ?? 0) - (model.mean[i] ?? 0))) / (model.scale[i] ?? 1);
  }
  return sum;
}

/** How a model is fitted: L2 penalty on the standardised weights, and gradient steps. */
export interface FitOptions {
  l2: number;
  iterations: number;
}

/**
 * Fits a logistic model by full-batch gradient descent on standardised features with an L2 penalty (the bias is
 * not penalised). `sampleWeights` lets a caller balance classes or questions. Deterministic for the same input.
 */
export function fitLogistic(
  names: readonly string[],
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: FitOptions,
  sampleWeights?: readonly number[],
): LogisticModel {
  const d = names.length;
  const n = rows.length;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of rows) for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (row[j] ?? 0) / n;
  for (const row of rows)
    for (let j = 0; j < d; j++) scale[j] = (scale[j] ?? 0) + ((row[j] ?? 0) - (mean[j] ?? 0)) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] ?? 0) || 1;
  const x = rows.map((row) => row.map((v, j) => (v - (mean[j] ?? 0)) / (scale[j] ?? 1)));
  const sw = sampleWeights ?? rows.map(() => 1);
  const total = sw.reduce((a, b) => a + b, 0) || 1;
  const weights = new Array<number>(d).fill(0);
  let bias = 0;
  const rate = 0.5;
  for (let it = 0; it < options.iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    let gradBias = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i] ?? [];
      let z = bias;
      for (let j = 0; j < d; j++) z += (weights[j] ?? 0) * (xi[j] ?? 0);
      const err = ((sigmoid(z) - (labels[i] ?? 0)) * (sw[i] ?? 1)) / total;
      gradBias += err;
      for (let j = 0; j < d; j++) grad[j] = (grad[j] ?? 0) + err * (xi[j] ?? 0);
    }
    bias -= rate * gradBias;
    for (let j = 0; j < d; j++)
      weights[j] = (weights[j] ?? 0) - rate * ((grad[j] ?? 0) + options.l2 * (weights[j] ?? 0));
  }
  return { names: [...names], mean, scale, weights, bias };
}
