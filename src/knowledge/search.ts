/**
 * @module knowledge/search
 * `findAnswers(index, question)`: the one function the bot, kb:eval and the benchmark call. It collects candidate
 * topics with BM25F, re-orders them with the learned ranking model, and decides (answer / suggest / decline) from
 * the learned chances that the question is in the domain and that the best topic is right.
 */
import { decide, type Decision, type DecisionReason } from "./decision.js";
import { collectCandidates, questionFeatures, type RankedCandidate } from "./features.js";
import { logOdds, type SearchModel, sigmoid } from "./model.js";
import { analyseQuery, type KnowledgeIndex, type QueryAnalysis } from "./search-index.js";
import { SEARCH_MODEL } from "./search-model.js";
import type { Lang } from "./topic-schema.js";

/** How many "bedoelde je ...?" choices a suggestion shows at most (and at least two, when two topics match). */
export const MAX_SUGGESTIONS = 3;

/** One ranked topic; `score` is the ranking model's chance that it is the topic asked about. */
export interface SearchHit {
  topicId: string;
  score: number;
}

/**
 * The outcome for one question. `hits` are what the bot shows: one topic for "answer", two or three for
 * "suggest"; for "decline" they are the weak candidates, shown to no one but kept in the gap log for curators.
 * `lang` is the language to answer in (the given one, else detected from the question).
 */
export interface SearchResult {
  decision: Decision;
  hits: SearchHit[];
  reason: DecisionReason;
  lang: Lang;
  /** the models' chances that the question is about the domain and that the first hit is right */
  chances: { inDomain: number; correct: number };
}

/** A question's analysis, its candidates in ranked order, and its question features (for kb:fit and findAnswers). */
export interface RankedQuestion {
  query: QueryAnalysis;
  ranked: RankedCandidate[];
  features: number[];
}

/** Analyses `question` and orders its candidate topics by the ranking model (pure). */
export function rankQuestion(
  index: KnowledgeIndex,
  question: string,
  lang: Lang | undefined,
  model: SearchModel,
): RankedQuestion {
  const query = analyseQuery(index, question, lang);
  const ranked = collectCandidates(index, query)
    .map((c) => {
      const odds = logOdds(model.ranker, c.values);
      return { ...c, logOdds: odds, chance: sigmoid(odds) };
    })
    .sort((a, b) => b.logOdds - a.logOdds || a.topic - b.topic);
  return { query, ranked, features: questionFeatures(index, query, ranked) };
}

/**
 * Searches the index for `question` and decides how confidently to answer; pure and fast (well under 5 ms).
 * `model` is the fitted SEARCH_MODEL; kb:fit passes the model of a cross-validation fold instead.
 */
export function findAnswers(
  index: KnowledgeIndex,
  question: string,
  lang?: Lang,
  model: SearchModel = SEARCH_MODEL,
): SearchResult {
  const { query, ranked, features } = rankQuestion(index, question, lang, model);
  const hits = ranked
    .slice(0, MAX_SUGGESTIONS)
    .map((r) => ({ topicId: index.topics[r.topic]?.id ?? "", score: r.chance }));
  if (query.wordCount === 0) {
    return {
      decision: "decline",
      reason: "no-content-words",
      hits,
      lang: query.lang,
      chances: { inDomain: 0, correct: 0 },
    };
  }
  const chances = {
    inDomain: sigmoid(logOdds(model.inDomain, features)),
    correct: sigmoid(logOdds(model.correct, features)),
  };
  const { decision, reason } = decide({ ...chances, candidates: ranked.length }, model);
  return {
    decision,
    reason,
    hits: decision === "answer" ? hits.slice(0, 1) : hits,
    lang: query.lang,
    chances,
  };
}
