/**
 * @module knowledge/search
 * `findAnswers(index, question)`: the one function the bot, kb:eval and the benchmark call. It collects candidate
 * topics with BM25F and the question memory of the model (src/knowledge/memory.ts), re-orders them with the
 * learned ranking model, and decides (answer / suggest / decline) from the learned chances that the question is
 * in the domain and that the best topic is right.
 */
import { decide, type Decision, type DecisionReason } from "./decision.js";
import { candidatesFrom, questionFeatures, type RankedCandidate, topicEvidence } from "./features.js";
import {
  buildMemoryIndex,
  findNeighbours,
  memoryEvidence,
  type MemoryEvidence,
  type MemoryIndex,
  memoryTerms,
  memoryWords,
  type QuestionMemory,
} from "./memory.js";
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

/** A question's analysis, its candidates in ranked order, and its question features (for findAnswers). */
export interface RankedQuestion {
  query: QueryAnalysis;
  ranked: RankedCandidate[];
  features: number[];
}

// The memory's look-up structure is built once per (knowledge index, memory) pair, on first use.
const memoryIndexes = new WeakMap<KnowledgeIndex, WeakMap<QuestionMemory, MemoryIndex>>();

/** The question memory of `model` prepared for `index` (built on first use, then cached). */
function memoryIndexFor(index: KnowledgeIndex, model: SearchModel): MemoryIndex {
  let byMemory = memoryIndexes.get(index);
  if (!byMemory) {
    byMemory = new WeakMap();
    memoryIndexes.set(index, byMemory);
  }
  let built = byMemory.get(model.memory);
  if (!built) {
    built = buildMemoryIndex(index, model.memory);
    byMemory.set(model.memory, built);
  }
  return built;
}

/** What the remembered questions of `model` say about `question`. */
export function askMemory(index: KnowledgeIndex, question: string, model: SearchModel): MemoryEvidence {
  const memory = memoryIndexFor(index, model);
  const terms = memoryTerms(index, memoryWords(question));
  const neighbours = findNeighbours(index, memory, terms);
  return memoryEvidence(
    neighbours.map((n) => [memory.lineTopic[n.line] ?? -1, n.similarity] as const),
    terms.map((term) => (memory.postings.get(term) ?? []).map((line) => memory.lineTopic[line] ?? -1)),
    memory.totals,
  );
}

/**
 * Orders candidates by the ranking model, best first (ties by topic position, so the order is stable). The
 * ranker is a conditional logit, so a candidate's chance is its softmax share among the question's candidates.
 */
export function rankCandidates(
  model: SearchModel["ranker"],
  candidates: ReadonlyArray<{ topic: number; values: number[] }>,
): RankedCandidate[] {
  const scored = candidates.map((c) => ({ ...c, logOdds: logOdds(model, c.values), chance: 0 }));
  const top = Math.max(...scored.map((c) => c.logOdds));
  const sum = scored.reduce((acc, c) => acc + Math.exp(c.logOdds - top), 0);
  for (const c of scored) c.chance = Math.exp(c.logOdds - top) / sum;
  return scored.sort((a, b) => b.logOdds - a.logOdds || a.topic - b.topic);
}

/** Analyses `question` and orders its candidate topics by the ranking model (pure). */
export function rankQuestion(
  index: KnowledgeIndex,
  question: string,
  lang: Lang | undefined,
  model: SearchModel,
): RankedQuestion {
  const query = analyseQuery(index, question, lang);
  const memory = askMemory(index, question, model);
  const ranked = rankCandidates(model.ranker, candidatesFrom(topicEvidence(index, query), memory));
  return { query, ranked, features: questionFeatures(index, query, ranked, memory) };
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
