import { fitLogistic, logOdds, SearchModel, sigmoid } from "../../src/knowledge/model.js";
import { SEARCH_MODEL } from "../../src/knowledge/search-model.js";
import { CANDIDATE_FEATURES, QUESTION_FEATURES } from "../../src/knowledge/features.js";

describe("model", () => {
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
