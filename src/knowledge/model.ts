/**
 * @module knowledge/model
 * The learned parts of the search: logistic and conditional logit models over named features, their schema and the
 * pure functions to apply and fit them. The weights are fitted offline by `npm run kb:fit` (src/cli/kb-fit.ts) and stored in
 * search-model.ts; nothing is fitted at run time.
 */
import { z } from "zod";
import { QuestionMemory } from "./memory.js";

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
 * Everything the search learned: the candidate ranker (a conditional logit: its bias is 0 and a candidate's chance
 * is its softmax share among the question's candidates), the chance that a question is about the domain at all, the
 * chance that the best candidate is the right topic, the two cut-offs on those chances, and the remembered
 * development questions whose neighbours vote.
 */
export const SearchModel = z.strictObject({
  ranker: LogisticModel,
  inDomain: LogisticModel,
  correct: LogisticModel,
  /** answer directly from this chance that the best topic is right */
  answerFrom: z.number().min(0).max(1),
  /** decline below this chance that the question is about the domain */
  declineBelow: z.number().min(0).max(1),
  /** the development questions the ranker and the question models compare a new question with */
  memory: QuestionMemory,
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

/** How a model is fitted: L2 penalty on the standardised weights, and the most Newton steps to take. */
export interface FitOptions {
  l2: number;
  iterations: number;
}

// Newton steps stop once no weight moves more than this.
const CONVERGED = 1e-9;

/** Solves `a * x = b` in place by Gaussian elimination with partial pivoting (a is symmetric positive definite). */
function solve(a: Float64Array, b: Float64Array, size: number): Float64Array {
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let row = col + 1; row < size; row++)
      if (Math.abs(a[row * size + col]!) > Math.abs(a[pivot * size + col]!)) pivot = row;
    if (pivot !== col) {
      for (let k = 0; k < size; k++) {
        const t = a[col * size + k]!;
        a[col * size + k] = a[pivot * size + k]!;
        a[pivot * size + k] = t;
      }
      const t = b[col]!;
      b[col] = b[pivot]!;
      b[pivot] = t;
    }
    const diagonal = a[col * size + col]! || 1e-12;
    for (let row = col + 1; row < size; row++) {
      const factor = a[row * size + col]! / diagonal;
      if (factor === 0) continue;
      for (let k = col; k < size; k++) a[row * size + k] = a[row * size + k]! - factor * a[col * size + k]!;
      b[row] = b[row]! - factor * b[col]!;
    }
  }
  const x = new Float64Array(size);
  for (let row = size - 1; row >= 0; row--) {
    let sum = b[row]!;
    for (let k = row + 1; k < size; k++) sum -= a[row * size + k]! * x[k]!;
    x[row] = sum / (a[row * size + row]! || 1e-12);
  }
  return x;
}

/**
 * One Newton step on `theta` (`size` values) from the gradient and the lower triangle of the Hessian of the
 * unpenalised loss: mirrors the triangle, adds the L2 penalty to the first `penalised` values, solves and moves.
 * True when no value moved more than CONVERGED.
 */
function newtonStep(
  theta: Float64Array,
  grad: Float64Array,
  hessian: Float64Array,
  size: number,
  penalised: number,
  l2: number,
): boolean {
  for (let j = 0; j < size; j++) for (let k = 0; k < j; k++) hessian[k * size + j] = hessian[j * size + k]!;
  for (let j = 0; j < penalised; j++) {
    grad[j] = grad[j]! + l2 * theta[j]!;
    hessian[j * size + j] = hessian[j * size + j]! + l2;
  }
  const step = solve(hessian, grad, size);
  let largest = 0;
  for (let j = 0; j < size; j++) {
    theta[j] = theta[j]! - step[j]!;
    largest = Math.max(largest, Math.abs(step[j]!));
  }
  return largest < CONVERGED;
}

/** Each feature's mean and standard deviation over `rows` (1 where a feature does not vary). */
function standardisation(
  rows: readonly (readonly number[])[],
  d: number,
): { mean: number[]; scale: number[] } {
  const n = rows.length || 1;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of rows) for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (row[j] ?? 0) / n;
  for (const row of rows)
    for (let j = 0; j < d; j++) scale[j] = (scale[j] ?? 0) + ((row[j] ?? 0) - (mean[j] ?? 0)) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] ?? 0) || 1;
  return { mean, scale };
}

/**
 * Fits a logistic model on standardised features with an L2 penalty (the bias is not penalised) by Newton's
 * method, which reaches the penalised optimum in a handful of steps: kb:fit fits hundreds of models per run.
 * `sampleWeights` lets a caller balance classes or questions. Deterministic for the same input.
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
  const { mean, scale } = standardisation(rows, d);
  // Column d is the bias; rows are kept in one flat typed array.
  const size = d + 1;
  const x = new Float64Array(n * size);
  rows.forEach((row, i) => {
    for (let j = 0; j < d; j++) x[i * size + j] = ((row[j] ?? 0) - (mean[j] ?? 0)) / (scale[j] ?? 1);
    x[i * size + d] = 1;
  });
  const y = Float64Array.from(labels);
  const sw = Float64Array.from(sampleWeights ?? rows.map(() => 1));
  const total = sw.reduce((a, b) => a + b, 0) || 1;
  const theta = new Float64Array(size);
  const grad = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  for (let it = 0; it < options.iterations; it++) {
    grad.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      const offset = i * size;
      let z = 0;
      for (let j = 0; j < size; j++) z += theta[j]! * x[offset + j]!;
      const p = sigmoid(z);
      const weight = sw[i]! / total;
      const err = (p - y[i]!) * weight;
      const curvature = Math.max(p * (1 - p), 1e-12) * weight;
      for (let j = 0; j < size; j++) {
        const xj = x[offset + j]!;
        grad[j] = grad[j]! + err * xj;
        const rowOffset = j * size;
        for (let k = 0; k <= j; k++)
          hessian[rowOffset + k] = hessian[rowOffset + k]! + curvature * xj * x[offset + k]!;
      }
    }
    if (newtonStep(theta, grad, hessian, size, d, options.l2)) break;
  }
  return { names: [...names], mean, scale, weights: [...theta.subarray(0, d)], bias: theta[d]! };
}

/**
 * Fits a conditional logit ranker: per question, the chance that candidate c is the right one is the softmax of
 * the candidates' scores, so the fit rewards putting the right topic above the others of the same question rather
 * than a score above some global line. Standardised features, L2 penalty, Newton's method; `groups` holds each
 * question's candidate rows and `right` the position of its right candidate. The bias cancels in the softmax and
 * is 0.
 */
export function fitConditionalLogit(
  names: readonly string[],
  groups: ReadonlyArray<ReadonlyArray<readonly number[]>>,
  right: readonly number[],
  options: FitOptions,
): LogisticModel {
  const d = names.length;
  const rows = groups.flat();
  const { mean, scale } = standardisation(rows, d);
  const x = groups.map((group) =>
    group.map((row) =>
      Float64Array.from({ length: d }, (_, j) => ((row[j] ?? 0) - (mean[j] ?? 0)) / (scale[j] ?? 1)),
    ),
  );
  const total = groups.length || 1;
  const w = new Float64Array(d);
  const grad = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const expected = new Float64Array(d);
  for (let it = 0; it < options.iterations; it++) {
    grad.fill(0);
    hessian.fill(0);
    x.forEach((group, g) => {
      const scores = group.map((xi) => xi.reduce((sum, v, j) => sum + v * w[j]!, 0));
      const top = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - top));
      const sum = exps.reduce((a, b) => a + b, 0);
      expected.fill(0);
      group.forEach((xi, c) => {
        const p = exps[c]! / sum;
        for (let j = 0; j < d; j++) expected[j] = expected[j]! + p * xi[j]!;
        for (let j = 0; j < d; j++) {
          const pj = (p * xi[j]!) / total;
          for (let k = 0; k <= j; k++) hessian[j * d + k] = hessian[j * d + k]! + pj * xi[k]!;
        }
      });
      const chosen = group[right[g] ?? 0];
      for (let j = 0; j < d; j++) grad[j] = grad[j]! + (expected[j]! - (chosen?.[j] ?? 0)) / total;
      for (let j = 0; j < d; j++)
        for (let k = 0; k <= j; k++)
          hessian[j * d + k] = hessian[j * d + k]! - (expected[j]! * expected[k]!) / total;
    });
    if (newtonStep(w, grad, hessian, d, d, options.l2)) break;
  }
  return { names: [...names], mean, scale, weights: [...w], bias: 0 };
}
