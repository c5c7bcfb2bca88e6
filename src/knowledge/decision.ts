/**
 * @module knowledge/decision
 * The confidence decision on ranked topics: answer directly, offer "bedoelde je ...?" choices, or decline. It reads
 * two chances the learned models give (src/knowledge/model.ts): that the question is about the domain at all, and
 * that the best topic is the right one. A wrong decline costs the worker the answer while a choice costs one
 * click, so only questions clearly outside the domain are declined; a direct answer needs a sure best topic.
 */

/** What the bot does with a question. */
export type Decision = "answer" | "suggest" | "decline";

/** Why the decision came out as it did; logged (never the question) and used by kb:eval to explain misses. */
export type DecisionReason = "no-content-words" | "no-match" | "out-of-domain" | "uncertain" | "confident";

/** The chances the models give for one question, and how many topics matched it at all. */
export interface DecisionChances {
  /** chance that the question is about the domain (trafficking and the municipal work around it) */
  inDomain: number;
  /** chance that the best-ranked topic is the one the question is about */
  correct: number;
  /** topics that share a term with the question */
  candidates: number;
}

/** The two cut-offs, fitted with the models by `npm run kb:fit`. */
export interface DecisionCutoffs {
  answerFrom: number;
  declineBelow: number;
}

/**
 * Declines below the in-domain cut-off, answers from the correctness cut-off, and otherwise offers choices. A
 * question only one topic matches is answered rather than offered as a lone choice: one "bedoelde je" button says
 * no more than the answer itself.
 */
export function decide(
  chances: DecisionChances,
  cutoffs: DecisionCutoffs,
): { decision: Decision; reason: DecisionReason } {
  if (chances.candidates === 0) return { decision: "decline", reason: "no-match" };
  if (chances.inDomain < cutoffs.declineBelow) return { decision: "decline", reason: "out-of-domain" };
  if (chances.correct >= cutoffs.answerFrom || chances.candidates === 1)
    return { decision: "answer", reason: "confident" };
  return { decision: "suggest", reason: "uncertain" };
}
