import { decide } from "../../src/knowledge/decision.js";

const cutoffs = { answerFrom: 0.8, declineBelow: 0.3 };

describe("decision", () => {
  it("should answer when the best topic is surely right", () => {
    expect(decide({ inDomain: 0.95, correct: 0.9, candidates: 5 }, cutoffs)).toEqual({
      decision: "answer",
      reason: "confident",
    });
  });

  it("should offer choices for an in-domain question whose best topic is unsure", () => {
    expect(decide({ inDomain: 0.6, correct: 0.5, candidates: 5 }, cutoffs)).toEqual({
      decision: "suggest",
      reason: "uncertain",
    });
  });

  it("should decline only below the in-domain cut-off", () => {
    expect(decide({ inDomain: 0.29, correct: 0.9, candidates: 5 }, cutoffs)).toEqual({
      decision: "decline",
      reason: "out-of-domain",
    });
    expect(decide({ inDomain: 0.3, correct: 0.1, candidates: 5 }, cutoffs).decision).toBe("suggest");
  });

  it("should decline when no topic matches", () => {
    expect(decide({ inDomain: 0.9, correct: 0.9, candidates: 0 }, cutoffs)).toEqual({
      decision: "decline",
      reason: "no-match",
    });
  });

  it("should answer rather than offer a single choice", () => {
    expect(decide({ inDomain: 0.6, correct: 0.2, candidates: 1 }, cutoffs).decision).toBe("answer");
  });
});
