/**
 * @module knowledge/decision
 * The confidence decision on ranked topics: answer directly, offer "bedoelde je ...?" choices, or decline.
 * A wrong confident answer is worse than a suggestion, and a suggestion for an unrelated question wastes a
 * worker's time mid-call, so the rule answers only when the best topic covers the question well AND clearly
 * beats the runner-up, and declines when the question is mostly made of words the knowledge base does not have.
 */

/** What the bot does with a question. */
export type Decision = "answer" | "suggest" | "decline";

/** Why the decision came out as it did; logged (never the question) and used by kb:eval to explain misses. */
export type DecisionReason =
  | "no-content-words"
  | "no-match"
  | "out-of-domain"
  | "weak-match"
  | "close-runner-up"
  | "partial-match"
  | "confident";

/** The signals the decision uses, all in 0..1 and independent of the size of the knowledge base. */
export interface DecisionFeatures {
  /** content words in the question */
  wordCount: number;
  /** distinct query terms (words or synonym groups) the best topic contains */
  matchedTerms: number;
  /** idf-weighted share of the question's words (unknown words included) found in the best topic */
  coverage: number;
  /** best score divided by the best score the question could reach */
  strength: number;
  /** runner-up score divided by the best score (1 = a tie) */
  runnerUpRatio: number;
}

/** Thresholds of the decision, calibrated on kb-dev and checked on the held-out set (see kb:eval). */
export const DECISION_THRESHOLDS = {
  /** below this coverage the question is about something else: decline ... */
  minCoverage: 0.45,
  /** ... unless the best topic shares this many distinct terms with a long question ... */
  manyMatchedTerms: 3,
  /** ... and covers at least this much of it */
  minCoverageManyMatched: 0.25,
  /** a direct answer needs two pieces of evidence: two content words, both ... */
  minAnswerWords: 2,
  /** ... and two distinct terms shared with the topic; one word ("burgemeester") only earns choices */
  minAnswerMatchedTerms: 2,
  /** below this strength the match is too thin even to suggest */
  minStrength: 0.12,
  /** a direct answer needs at least this coverage ... */
  answerCoverage: 0.7,
  /** ... and this strength ... */
  answerStrength: 0.3,
  /** ... and a runner-up at most this close */
  maxRunnerUpRatio: 0.75,
} as const;

/** Applies the thresholds to the features of the best-ranked topic. */
export function decide(features: DecisionFeatures): { decision: Decision; reason: DecisionReason } {
  const t = DECISION_THRESHOLDS;
  if (features.wordCount === 0) return { decision: "decline", reason: "no-content-words" };
  if (features.strength === 0) return { decision: "decline", reason: "no-match" };
  const manyMatched = features.matchedTerms >= t.manyMatchedTerms;
  if (features.coverage < (manyMatched ? t.minCoverageManyMatched : t.minCoverage)) {
    return { decision: "decline", reason: "out-of-domain" };
  }
  if (features.strength < t.minStrength) return { decision: "decline", reason: "weak-match" };
  if (features.runnerUpRatio > t.maxRunnerUpRatio) return { decision: "suggest", reason: "close-runner-up" };
  if (
    features.wordCount < t.minAnswerWords ||
    features.matchedTerms < t.minAnswerMatchedTerms ||
    features.coverage < t.answerCoverage ||
    features.strength < t.answerStrength
  ) {
    return { decision: "suggest", reason: "partial-match" };
  }
  return { decision: "answer", reason: "confident" };
}
