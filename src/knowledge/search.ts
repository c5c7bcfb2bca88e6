/**
 * @module knowledge/search
 * `findAnswers(index, question)`: the one function the bot, kb:eval and the benchmark call. It ranks topics with
 * BM25F and returns the confidence decision (answer / suggest / decline) with the topics to show.
 */
import { inverseDocumentFrequency, scoreBm25 } from "./bm25.js";
import { decide, type Decision, type DecisionFeatures, type DecisionReason } from "./decision.js";
import { analyseQuery, type KnowledgeIndex } from "./search-index.js";
import type { Lang } from "./topic-schema.js";

/** How many "bedoelde je ...?" choices a suggestion shows at most. */
export const MAX_SUGGESTIONS = 3;

// A suggestion far below the best one only adds noise to the choice.
const MIN_SUGGESTION_RATIO = 0.35;

/** One ranked topic. */
export interface SearchHit {
  topicId: string;
  score: number;
}

/**
 * The outcome for one question. `hits` are what the bot shows: one topic for "answer", up to three for
 * "suggest"; for "decline" they are the weak candidates, shown to no one but kept in the gap log for curators.
 * `lang` is the language to answer in (the given one, else detected from the question).
 */
export interface SearchResult {
  decision: Decision;
  hits: SearchHit[];
  reason: DecisionReason;
  lang: Lang;
  features: DecisionFeatures;
}

/** Searches the index for `question` and decides how confidently to answer; pure and fast (well under 5 ms). */
export function findAnswers(index: KnowledgeIndex, question: string, lang?: Lang): SearchResult {
  const query = analyseQuery(index, question, lang);
  const ranked = scoreBm25(index.bm25, query.terms);
  const maxIdf = inverseDocumentFrequency(index.bm25, "");
  const reachable =
    query.terms.reduce((sum, t) => sum + t.weight * inverseDocumentFrequency(index.bm25, t.term), 0) +
    query.unknownWeight * maxIdf;
  const [first, second] = ranked;
  const features: DecisionFeatures = {
    wordCount: query.wordCount,
    coverage: first && reachable > 0 ? Math.min(first.matched / reachable, 1) : 0,
    strength: first && reachable > 0 ? first.score / reachable : 0,
    runnerUpRatio: first && second && first.score > 0 ? second.score / first.score : 0,
  };
  const { decision, reason } = decide(features);
  const candidates = ranked
    .filter((r) => first !== undefined && r.score >= first.score * MIN_SUGGESTION_RATIO)
    .slice(0, MAX_SUGGESTIONS)
    .map((r) => ({ topicId: index.topics[r.doc]?.id ?? "", score: r.score }));
  const hits = decision === "answer" ? candidates.slice(0, 1) : candidates;
  return { decision, hits, reason, lang: query.lang, features };
}
