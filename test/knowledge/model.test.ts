import {
  fitConditionalLogit,
  fitLogistic,
  logOdds,
  type LogisticModel,
  SearchModel,
  sigmoid,
} from "../../src/knowledge/model.js";
import { SEARCH_MODEL } from "../../src/knowledge/search-model.js";
import { CANDIDATE_FEATURES, QUESTION_FEATURES } from "../../src/knowledge/features.js";

/** The standardised features of `row` under `model`, as logOdds reads them. */
const standardise = (model: LogisticModel, row: readonly number[]): number[] =>
  row.map((v, j) => (v - (model.mean[j] ?? 0)) / (model.scale[j] ?? 1));

/** Gradient of the mean log-loss plus the L2 penalty at the fitted weights: zero at the optimum. */
function logisticGradient(model: LogisticModel, rows: number[][], labels: number[], l2: number): number[] {
  const grad = model.weights.map((w) => l2 * w);
  let bias = 0;
  rows.forEach((row, i) => {
    const err = (sigmoid(logOdds(model, row)) - (labels[i] ?? 0)) / rows.length;
    bias += err;
    standardise(model, row).forEach((x, j) => (grad[j] = (grad[j] ?? 0) + err * x));
  });
  return [...grad, bias];
}

/** Gradient of the conditional logit's mean negative log-likelihood plus the L2 penalty at the fitted weights. */
function conditionalGradient(
  model: LogisticModel,
  groups: number[][][],
  right: number[],
  l2: number,
): number[] {
  const grad = model.weights.map((w) => l2 * w);
  groups.forEach((group, g) => {
    const exps = group.map((row) => Math.exp(logOdds(model, row)));
    const sum = exps.reduce((a, b) => a + b, 0);
    group.forEach((row, c) => {
      const share = (exps[c] ?? 0) / sum - (c === right[g] ? 1 : 0);
      standardise(model, row).forEach((x, j) => (grad[j] = (grad[j] ?? 0) + (share * x) / groups.length));
    });
  });
  return grad;
}

describe("model", () => {
  it("should reach the maximum-likelihood answer of a problem that is not separable", () => {
    // a quarter of the x = 0 rows and three quarters of the x = 1 rows are positive: chances 1/4 and 3/4 exactly
    const rows = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const model = fitLogistic(["x"], rows, [1, 0, 0, 0, 1, 1, 1, 0], { l2: 0, iterations: 50 });
    expect(sigmoid(logOdds(model, [0]))).toBeCloseTo(0.25, 9);
    expect(sigmoid(logOdds(model, [1]))).toBeCloseTo(0.75, 9);
    expect(model.weights[0]).toBeCloseTo(Math.log(3), 9);
    expect(model.bias).toBeCloseTo(0, 9);
  });

  it("should reach the penalised optimum of a separable problem with finite weights", () => {
    const rows = Array.from({ length: 30 }, (_, i) => [i, (i * 7) % 5]);
    const labels = rows.map((r) => ((r[0] ?? 0) >= 15 ? 1 : 0));
    const model = fitLogistic(["x", "noise"], rows, labels, { l2: 0.01, iterations: 50 });
    for (const g of logisticGradient(model, rows, labels, 0.01)) expect(Math.abs(g)).toBeLessThan(1e-9);
    expect(Number.isFinite(model.weights[0])).toBe(true);
    rows.forEach((row, i) => expect(logOdds(model, row) > 0).toBe(labels[i] === 1));
  });

  it("should fit a conditional logit to the share of questions where the higher candidate is right", () => {
    // in three of four questions the candidate with value 1 is right: its softmax chance is 3/4 exactly
    const groups = [0, 1, 2, 3].map(() => [[1], [0]]);
    const model = fitConditionalLogit(["x"], groups, [0, 0, 0, 1], { l2: 0, iterations: 50 });
    const [high, low] = [logOdds(model, [1]), logOdds(model, [0])];
    expect(Math.exp(high) / (Math.exp(high) + Math.exp(low))).toBeCloseTo(0.75, 9);
    expect(model.bias).toBe(0);
  });

  it("should reach the penalised optimum of a separable ranking and put the right candidate first", () => {
    const groups = Array.from({ length: 12 }, (_, g) => [
      [g % 4, (g * 3) % 7],
      [(g % 4) + 1, (g * 5) % 7],
      [(g % 4) + 2.5, (g * 2) % 7],
    ]);
    const right = groups.map(() => 2);
    const model = fitConditionalLogit(["signal", "noise"], groups, right, { l2: 0.01, iterations: 50 });
    for (const g of conditionalGradient(model, groups, right, 0.01)) expect(Math.abs(g)).toBeLessThan(1e-9);
    for (const group of groups) {
      const scores = group.map((row) => logOdds(model, row));
      expect(scores.indexOf(Math.max(...scores))).toBe(2);
    }
  });

  it("should fit the conditional logit deterministically", () => {
    const groups = [
      [
        [0, 1],
        [1, 0],
        [2, 2],
      ],
      [
        [1, 1],
        [0, 2],
      ],
      [
        [3, 0],
        [1, 1],
        [0, 0],
      ],
    ];
    const fit = () => fitConditionalLogit(["a", "b"], groups, [2, 0, 1], { l2: 0.01, iterations: 50 });
    expect(fit()).toEqual(fit());
  });

  it("should fit a separable problem and rank by the informative feature", () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i % 2, (i * 7) % 5]);
    const labels = rows.map((r) => r[0] ?? 0);
    const model = fitLogistic(["signal", "noise"], rows, labels, { l2: 0.001, iterations: 300 });
    expect(sigmoid(logOdds(model, [1, 2]))).toBeGreaterThan(0.8);
    expect(sigmoid(logOdds(model, [0, 2]))).toBeLessThan(0.2);
    expect(Math.abs(model.weights[0] ?? 0)).toBeGreaterThan(Math.abs(model.weights[1] ?? 0));
  });

  it("should be deterministic", () => {
    const rows = [[0], [1], [2], [3]];
    const fit = () => fitLogistic(["x"], rows, [0, 0, 1, 1], { l2: 0.01, iterations: 50 });
    expect(fit()).toEqual(fit());
  });

  it("should ship a fitted model that reads the features the search computes", () => {
    expect(SearchModel.safeParse(SEARCH_MODEL).success).toBe(true);
    expect(SEARCH_MODEL.ranker.names).toEqual([...CANDIDATE_FEATURES]);
    expect(SEARCH_MODEL.inDomain.names).toEqual([...QUESTION_FEATURES]);
    expect(SEARCH_MODEL.correct.names).toEqual([...QUESTION_FEATURES]);
  });
});
