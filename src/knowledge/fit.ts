/**
 * @module knowledge/fit
 * Fits the search model (src/knowledge/model.ts) on labelled evaluation sets. Every value a model is fitted on
 * comes from questions it has not seen: the ranker learns from question-memory evidence without the question's
 * own set, and the question models and cut-offs from rankers and models fitted without it (stacking), so the
 * fitted trust matches what questions of a set nothing was fitted on get. Pure; `npm run kb:fit` is the CLI around it.
 */
import type { EvalLine } from "./evaluate.js";
import {
  CANDIDATE_FEATURES,
  candidatesFrom,
  QUESTION_FEATURES,
  questionFeatures,
  topicEvidence,
  type TopicEvidence,
} from "./features.js";
import {
  addToTotals,
  type BayesTotals,
  buildMemoryIndex,
  findNeighbours,
  memoryEvidence,
  type MemoryEvidence,
  memoryTerms,
  memoryWords,
  type MemoryWords,
  type QuestionMemory,
} from "./memory.js";
import {
  fitConditionalLogit,
  fitLogistic,
  logOdds,
  type LogisticModel,
  type SearchModel,
  sigmoid,
} from "./model.js";
import { analyseQuery, type KnowledgeIndex, type QueryAnalysis } from "./search-index.js";
import { rankCandidates } from "./search.js";

/**
 * One labelled question of a named set, analysed once: its text evidence does not depend on the model, and its
 * neighbours are found once among all examples, so a fold's memory is these neighbours minus the left-out sets.
 */
export interface Example {
  set: string;
  line: EvalLine;
  query: QueryAnalysis;
  evidence: TopicEvidence;
  words: MemoryWords;
  /** topic position of the expected topic, or -1 for a question to decline */
  topic: number;
  /** [example position, similarity] of every other example sharing a memory term */
  neighbours: Array<readonly [number, number]>;
  /** per memory term of the question, the positions of the examples that have it */
  termLines: number[][];
  /** how many distinct memory terms the question has (0: it is not remembered) */
  termCount: number;
}

/** A named evaluation set. */
export interface EvalSet {
  name: string;
  lines: readonly EvalLine[];
}

// Enough L2 to keep the ranker's weights small on a thousand questions (0.001 and 0.01 were no better held out
// by writer); Newton's method settles in a handful of steps, 50 is a cap.
const FIT = { l2: 0.003, iterations: 50 } as const;
// The question-level models get more L2: their training questions share a style real questions lack, so their
// chances must not grow sure from it (the ranker sees ten candidates per question and needs less). Held out by
// writer, 0.1 cost fewer wrong answers and declines than 0.01 and 0.03.
const FIT_QUESTION = { l2: 0.1, iterations: 50 } as const;
/**
 * Costs that set the two cut-offs. A wrong decline costs the answer and an out-of-domain choice one click
 * (the product owner: decline only what is clearly outside the domain, so 3 to 1); a wrong direct answer
 * misleads, a right topic shown as a choice costs a click (20 to 1: a wrong answer is read as the truth).
 */
export const CUTOFF_COSTS = {
  wrongDecline: 3,
  keptOutOfDomain: 1,
  wrongAnswer: 20,
  rightAsChoice: 1,
} as const;
const CUTOFF_GRID = Array.from({ length: 49 }, (_, i) => (i + 1) / 50);

/** Analyses every line of every set and finds each line's neighbours among all the others. */
export function prepareExamples(index: KnowledgeIndex, sets: readonly EvalSet[]): Example[] {
  const position = new Map(index.topics.map((t, i) => [t.id, i]));
  const examples: Example[] = sets.flatMap((set) =>
    set.lines.map((line) => {
      const query = analyseQuery(index, line.q);
      return {
        set: set.name,
        line,
        query,
        evidence: topicEvidence(index, query),
        words: memoryWords(line.q),
        topic: line.expect === null ? -1 : (position.get(line.expect) ?? -2),
        neighbours: [],
        termLines: [],
        termCount: 0,
      };
    }),
  );
  // The neighbours come from the very memory the bot builds, so fold figures match the run-time search.
  const memory = memoryOf(index, examples);
  const built = buildMemoryIndex(index, memory.memory);
  const exampleOf = (line: number): number => memory.example[built.lineSource[line] ?? -1] ?? -1;
  for (const ex of examples) {
    const terms = memoryTerms(index, ex.words);
    for (const n of findNeighbours(index, built, terms)) {
      const source = exampleOf(n.line);
      if (source >= 0) ex.neighbours.push([source, n.similarity]);
    }
    ex.termLines = terms.map((term) => (built.postings.get(term) ?? []).map(exampleOf).filter((j) => j >= 0));
    // remembered exactly when buildMemoryIndex keeps the line: a known topic (or none) and some terms
    ex.termCount = ex.topic === -2 ? 0 : terms.length;
  }
  return examples;
}

/** The question memory of `examples` (their topic ids named once), and which example each line came from. */
function memoryOf(
  index: KnowledgeIndex,
  examples: readonly Example[],
): { memory: QuestionMemory; example: number[] } {
  const topics: string[] = [];
  const ref = new Map<string, number>();
  const lines: QuestionMemory["lines"] = [];
  const example: number[] = [];
  examples.forEach((ex, i) => {
    if (ex.topic === -2 || ex.words.words.length === 0) return;
    let topicRef = -1;
    const id = ex.topic >= 0 ? index.topics[ex.topic]?.id : undefined;
    if (id !== undefined) {
      topicRef = ref.get(id) ?? topics.length;
      if (topicRef === topics.length) {
        topics.push(id);
        ref.set(id, topicRef);
      }
    }
    lines.push([topicRef, ex.words.lang, ex.words.words.join(" ")]);
    example.push(i);
  });
  return { memory: { topics, lines }, example };
}

// Naive Bayes totals per remembered sets and left-out set, computed once per pair.
const totalsCache = new WeakMap<readonly Example[], WeakMap<ReadonlySet<string>, Map<string, BayesTotals>>>();

function totalsFor(
  examples: readonly Example[],
  remembered: ReadonlySet<string>,
  without: string,
): BayesTotals {
  let byRemembered = totalsCache.get(examples);
  if (!byRemembered) {
    byRemembered = new WeakMap();
    totalsCache.set(examples, byRemembered);
  }
  let bySet = byRemembered.get(remembered);
  if (!bySet) {
    bySet = new Map();
    byRemembered.set(remembered, bySet);
  }
  let totals = bySet.get(without);
  if (!totals) {
    totals = { lines: new Map(), terms: new Map() };
    for (const ex of examples)
      if (ex.termCount > 0 && ex.set !== without && remembered.has(ex.set))
        addToTotals(totals, ex.topic, ex.termCount);
    bySet.set(without, totals);
  }
  return totals;
}

/** What the memory of the sets `remembered` says about `ex` (its own set is never remembered). */
function recall(ex: Example, examples: readonly Example[], remembered: ReadonlySet<string>): MemoryEvidence {
  const kept = (j: number): Example | undefined => {
    const other = examples[j];
    return other && other.set !== ex.set && remembered.has(other.set) ? other : undefined;
  };
  const pairs: Array<readonly [number, number]> = [];
  for (const [j, similarity] of ex.neighbours) {
    const other = kept(j);
    if (other) pairs.push([other.topic, similarity]);
  }
  const termTopics = ex.termLines.map((lines) =>
    lines.flatMap((j) => {
      const other = kept(j);
      return other ? [other.topic] : [];
    }),
  );
  return memoryEvidence(pairs, termTopics, totalsFor(examples, remembered, ex.set));
}

// Rankers by the sets they were fitted on and remember: cross-validation needs the ranker without sets A and B
// both for fold A (inner set B) and fold B (inner set A).
const rankerCache = new WeakMap<readonly Example[], Map<string, LogisticModel>>();

/**
 * Fits the ranker on the examples of the sets `remembered`, each ranked with the memory of the others. A
 * conditional logit (one softmax over each question's candidates): held out by writer it put the right topic
 * first more often than a logistic model over all candidates pooled.
 */
function fitRanker(
  index: KnowledgeIndex,
  all: readonly Example[],
  remembered: ReadonlySet<string>,
): LogisticModel {
  const key = [...remembered].sort().join("\n");
  let cache = rankerCache.get(all);
  if (!cache) {
    cache = new Map();
    rankerCache.set(all, cache);
  }
  const cached = cache.get(key);
  if (cached) return cached;
  const groups: number[][][] = [];
  const right: number[] = [];
  for (const ex of all) {
    if (ex.topic < 0 || !remembered.has(ex.set)) continue;
    const candidates = candidatesFrom(ex.evidence, recall(ex, all, remembered));
    const at = candidates.findIndex((c) => c.topic === ex.topic);
    if (at < 0) continue;
    groups.push(candidates.map((c) => c.values));
    right.push(at);
  }
  const ranker = fitConditionalLogit(CANDIDATE_FEATURES, groups, right, FIT);
  cache.set(key, ranker);
  return ranker;
}

interface Scored {
  inDomain: boolean;
  topRight: boolean;
  candidates: number;
  pIn: number;
  pRight: number;
}

function chooseCutoffs(scored: readonly Scored[]): { answerFrom: number; declineBelow: number } {
  const c = CUTOFF_COSTS;
  let declineBelow = CUTOFF_GRID[0] ?? 0;
  let best = Infinity;
  for (const t of CUTOFF_GRID) {
    let total = 0;
    for (const s of scored) {
      const declined = s.pIn < t;
      if (declined && s.inDomain) total += c.wrongDecline;
      if (!declined && !s.inDomain) total += c.keptOutOfDomain;
    }
    if (total < best) [best, declineBelow] = [total, t];
  }
  let answerFrom = CUTOFF_GRID.at(-1) ?? 1;
  best = Infinity;
  for (const t of CUTOFF_GRID) {
    let total = 0;
    for (const s of scored) {
      if (s.pIn < declineBelow) continue;
      const answered = s.pRight >= t || s.candidates === 1;
      if (answered && !s.topRight) total += c.wrongAnswer;
      if (!answered && s.topRight) total += c.rightAsChoice;
    }
    if (total < best) [best, answerFrom] = [total, t];
  }
  return { answerFrom, declineBelow };
}

/**
 * Fits the model on the examples of the sets in `train` (`all` are every prepared example, so neighbours can be
 * looked up; examples of other sets are neither fitted on nor remembered). The ranker first; then the in-domain
 * and correctness models on question features from rankers and memories that did not see the question's set
 * (stacking), so they learn how far the ranker can be trusted on a style it has not seen; then the cut-offs by
 * CUTOFF_COSTS on chances from question models that did not see the set either.
 */
export function fitSearchModel(
  index: KnowledgeIndex,
  all: readonly Example[],
  train: ReadonlySet<string> = new Set(all.map((e) => e.set)),
): SearchModel {
  const examples = all.filter((e) => train.has(e.set));
  const ranker = fitRanker(index, all, train);
  const sets = [...train];
  const rows: number[][] = [];
  const meta: Array<{ set: string; inDomain: boolean; topRight: boolean; candidates: number }> = [];
  for (const set of sets) {
    const others = new Set(sets.filter((s) => s !== set));
    const inner = sets.length > 1 ? fitRanker(index, all, others) : ranker;
    for (const ex of examples.filter((e) => e.set === set)) {
      if (ex.query.wordCount === 0) continue;
      const memory = recall(ex, all, others);
      const ranked = rankCandidates(inner, candidatesFrom(ex.evidence, memory));
      rows.push(questionFeatures(index, ex.query, ranked, memory));
      meta.push({
        set,
        inDomain: ex.line.expect !== null,
        topRight: ex.topic >= 0 && ranked[0]?.topic === ex.topic,
        candidates: ranked.length,
      });
    }
  }
  const fitQuestionModels = (keep: (i: number) => boolean) => {
    const picked = rows.flatMap((row, i) => (keep(i) ? [{ row, m: meta[i] }] : []));
    const x = picked.map((p) => p.row);
    return {
      inDomain: fitLogistic(
        QUESTION_FEATURES,
        x,
        picked.map((p) => (p.m?.inDomain ? 1 : 0)),
        FIT_QUESTION,
      ),
      correct: fitLogistic(
        QUESTION_FEATURES,
        x,
        picked.map((p) => (p.m?.topRight ? 1 : 0)),
        FIT_QUESTION,
      ),
    };
  };
  const { inDomain, correct } = fitQuestionModels(() => true);
  // The cut-offs are chosen on chances from question models that did not see the question's set either: in-sample
  // chances are surer than the models are on a new style, and a cut-off set on them answers too often.
  const scored: Scored[] = [];
  for (const set of sets) {
    const models = sets.length > 1 ? fitQuestionModels((i) => meta[i]?.set !== set) : { inDomain, correct };
    rows.forEach((row, i) => {
      const m = meta[i];
      if (!m || m.set !== set) return;
      scored.push({
        ...m,
        pIn: sigmoid(logOdds(models.inDomain, row)),
        pRight: sigmoid(logOdds(models.correct, row)),
      });
    });
  }
  return { ranker, inDomain, correct, ...chooseCutoffs(scored), memory: memoryOf(index, examples).memory };
}
