import { decide, DECISION_THRESHOLDS as T, type DecisionFeatures } from "../../src/knowledge/decision.js";

const strong: DecisionFeatures = { wordCount: 4, matchedTerms: 3, coverage: 0.9, strength: 0.6, runnerUpRatio: 0.4,
  unrelatedRunnerUpRatio: 0.4, domainTerms: 0, genericWords: 0, restCoverage: 0.9, knownShare: 1 };

describe("decision", () => {
  it("should answer a well-covered question with a clear winner", () => {
    expect(decide(strong)).toEqual({ decision: "answer", reason: "confident" });
  });

  it("should suggest when the runner-up is close", () => {
    expect(decide({ ...strong, runnerUpRatio: T.maxRunnerUpRatio + 0.05 }).decision).toBe("suggest");
  });

  it("should suggest rather than answer a one-word question", () => {
    expect(decide({ ...strong, wordCount: 1, matchedTerms: 1 })).toEqual({ decision: "suggest", reason: "partial-match" });
  });

  it("should answer a one-word question that names a topic when only linked topics come near", () => {
    const named = { ...strong, wordCount: 1, matchedTerms: 1, coverage: 1, strength: T.singleWordStrength + 0.1 };
    expect(decide({ ...named, runnerUpRatio: 0.75, unrelatedRunnerUpRatio: 0.45 }).decision).toBe("answer");
    expect(decide({ ...named, runnerUpRatio: 0.75, unrelatedRunnerUpRatio: 0.75 })).toEqual({
      decision: "suggest",
      reason: "close-runner-up",
    });
  });

  it("should suggest rather than answer when only one term matches the topic", () => {
    expect(decide({ ...strong, matchedTerms: 1 })).toEqual({ decision: "suggest", reason: "partial-match" });
  });

  it("should decline a question mostly made of unknown words", () => {
    expect(decide({ ...strong, matchedTerms: 1, coverage: T.minCoverage - 0.01 })).toEqual({
      decision: "decline",
      reason: "out-of-domain",
    });
  });

  it("should accept lower coverage when many distinct terms match", () => {
    const features = { ...strong, matchedTerms: T.manyMatchedTerms, coverage: T.minCoverage - 0.05 };
    expect(decide(features).decision).toBe("suggest");
    expect(decide({ ...features, coverage: T.minCoverageManyMatched - 0.01 }).decision).toBe("decline");
  });

  it("should decline empty and unmatched questions", () => {
    expect(decide({ ...strong, wordCount: 0 }).reason).toBe("no-content-words");
    expect(decide({ ...strong, strength: 0 }).reason).toBe("no-match");
    expect(decide({ ...strong, strength: T.minStrength / 2 }).reason).toBe("weak-match");
  });

  it("should suggest instead of declining a thin match when the question uses domain words", () => {
    const thin = { ...strong, matchedTerms: 2, coverage: T.minCoverage - 0.1, strength: 0.2 };
    expect(decide(thin).decision).toBe("decline");
    expect(decide({ ...thin, domainTerms: 1 })).toEqual({ decision: "suggest", reason: "partial-match" });
    expect(decide({ ...thin, domainTerms: 1, strength: T.domainSuggestStrength / 2 }).decision).toBe("decline");
  });

  it("should decline a thin match whose only link to the domain is one domain word", () => {
    const thin = { ...strong, matchedTerms: 2, coverage: T.minCoverage - 0.1, strength: 0.2, domainTerms: 1 };
    const offTopic = { ...thin, restCoverage: T.domainSuggestRestCoverage - 0.05 };
    expect(decide(offTopic)).toEqual({ decision: "decline", reason: "out-of-domain" });
    expect(decide({ ...offTopic, domainTerms: 2 }).decision).toBe("suggest");
  });

  it("should decline a question without domain words that is mostly made of words the knowledge base lacks", () => {
    expect(decide({ ...strong, knownShare: T.minKnownShare - 0.05 })).toEqual({ decision: "decline", reason: "out-of-domain" });
    expect(decide({ ...strong, knownShare: T.minKnownShare - 0.05, domainTerms: 1 }).decision).toBe("answer");
  });

  it("should decline an everyday-service question without domain words unless one topic matches most of it", () => {
    expect(decide({ ...strong, genericWords: 1 })).toEqual({ decision: "decline", reason: "out-of-domain" });
    expect(decide({ ...strong, genericWords: 1, domainTerms: 1 }).decision).toBe("answer");
  });

  it("should offer choices, never an answer, when an everyday word sits in a question one topic matches term for term", () => {
    const caseMatch = { ...strong, genericWords: 1, matchedTerms: T.genericManyMatchedTerms, coverage: T.genericCoverage };
    expect(decide(caseMatch)).toEqual({ decision: "suggest", reason: "partial-match" });
    expect(decide({ ...caseMatch, coverage: T.genericCoverage - 0.05 }).decision).toBe("decline");
    expect(decide({ ...caseMatch, matchedTerms: T.genericManyMatchedTerms - 1 }).decision).toBe("decline");
  });

  it("should decline rather than answer or offer choices for a short question without domain words unless it names a topic", () => {
    const short = { ...strong, wordCount: 2, matchedTerms: 2, strength: T.shortGenericStrength - 0.05 };
    expect(decide(short)).toEqual({ decision: "decline", reason: "out-of-domain" });
    expect(decide({ ...short, domainTerms: 1 }).decision).toBe("answer");
    expect(decide({ ...short, strength: T.shortGenericStrength + 0.05 }).decision).toBe("answer");
    expect(decide({ ...short, wordCount: T.shortGenericWords + 1 }).decision).toBe("answer");
  });
});
