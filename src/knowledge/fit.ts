/**
 * @module knowledge/fit
 * Fits the search model (src/knowledge/model.ts) on labelled evaluation sets and measures it honestly: folds are
 * whole sets, so a held-out set's style was never seen while fitting. Pure; `npm run kb:fit` is the CLI around it.
 */
import type { Decision } from "./decision.js";
import { evaluate, type EvalLine, type EvalMetrics, type EvalMiss } from "./evaluate.js";
import {
  CANDIDATE_FEATURES,
  collectCandidates,
  QUESTION_FEATURES,
  questionFeatures,
  type Candidate,
  type RankedCandidate,
} from "./features.js";
import { fitLogistic, logOdds, type LogisticModel, type SearchModel, sigmoid } from "./model.js";
import { analyseQuery, type KnowledgeIndex, type QueryAnalysis } from "./search-index.js";
import { findAnswers } from "./search.js";

/** One labelled question of a named set, analysed once (analysis and candidates do not depend on the model). */
export interface Example {
  set: string;
  line: EvalLine;
  query: QueryAnalysis;
  candidates: Candidate[];
}

/** A named evaluation set. */
export interface EvalSet {
  name: string;
  lines: readonly EvalLine[];
}

// Enough L2 to keep weights small on a thousand questions, enough steps for plain gradient descent to settle.
const FIT = { l2: 0.003, iterations: 600 } as const;
// The question-level models get more L2: their training questions share a style real questions lack, so their
// chances must not grow sure from it (the ranker sees ten candidates per question and needs less).
const FIT_QUESTION = { l2: 0.03, iterations: 600 } as const;
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

/** Analyses every line of every set. */
export function prepareExamples(index: KnowledgeIndex, sets: readonly EvalSet[]): Example[] {
  return sets.flatMap((set) =>
    set.lines.map((line) => {
      const query = analyseQuery(index, line.q);
      return { set: set.name, line, query, candidates: collectCandidates(index, query) };
    }),
  );
}

function fitRanker(index: KnowledgeIndex, examples: readonly Example[]): LogisticModel {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (const ex of examples) {
    if (ex.line.expect === null || !ex.candidates.some((c) => index.topics[c.topic]?.id === ex.line.expect))
      continue;
    for (const c of ex.candidates) {
      rows.push(c.values);
      labels.push(index.topics[c.topic]?.id === ex.line.expect ? 1 : 0);
    }
  }
  return fitLogistic(CANDIDATE_FEATURES, rows, labels, FIT);
}

function rank(ranker: LogisticModel, candidates: readonly Candidate[]): RankedCandidate[] {
  return candidates
    .map((c) => {
      const odds = logOdds(ranker, c.values);
      return { ...c, logOdds: odds, chance: sigmoid(odds) };
    })
    .sort((a, b) => b.logOdds - a.logOdds || a.topic - b.topic);
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
 * Fits the ranker on `train`, then the in-domain and correctness models on question features whose ranker
 * chances come from a ranker that did not see that question's set (stacking), so the two models learn how far
 * the ranker can be trusted on a style it has not seen; then picks the cut-offs by CUTOFF_COSTS.
 */
export function fitSearchModel(index: KnowledgeIndex, train: readonly Example[]): SearchModel {
  const ranker = fitRanker(index, train);
  const sets = [...new Set(train.map((e) => e.set))];
  const rows: number[][] = [];
  const meta: Array<{ set: string; inDomain: boolean; topRight: boolean; candidates: number }> = [];
  for (const set of sets) {
    const inner =
      sets.length > 1
        ? fitRanker(
            index,
            train.filter((e) => e.set !== set),
          )
        : ranker;
    for (const ex of train.filter((e) => e.set === set)) {
      if (ex.query.wordCount === 0) continue;
      const ranked = rank(inner, ex.candidates);
      rows.push(questionFeatures(index, ex.query, ranked));
      meta.push({
        set,
        inDomain: ex.line.expect !== null,
        topRight: ex.line.expect !== null && index.topics[ranked[0]?.topic ?? -1]?.id === ex.line.expect,
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
  return { ranker, inDomain, correct, ...chooseCutoffs(scored) };
}

/** Ranking alone by the combined BM25 score, without any model: the reference the ranker must beat. */
export function combinedRanking(
  index: KnowledgeIndex,
  examples: readonly Example[],
): { rank1: number; rank3: number } {
  return rankShares(
    examples
      .filter((e) => e.line.expect !== null)
      .map((e) => ({
        expect: e.line.expect ?? "",
        ids: e.candidates.map((c) => index.topics[c.topic]?.id ?? ""),
      })),
  );
}

/** Held-out figures of one set: the kb:eval metrics, plus ranking alone (rank1 / rank3 over answerable lines). */
export interface HeldOutFigures extends EvalMetrics {
  rank1: number;
  rank3: number;
}

/** The outcome kb:eval would see for a question under `model`. */
function outcome(
  index: KnowledgeIndex,
  model: SearchModel,
  q: string,
): { decision: Decision; shown: string[]; inDomain: number } {
  const result = findAnswers(index, q, undefined, model);
  return {
    decision: result.decision,
    shown: result.hits.map((h) => h.topicId),
    inDomain: result.chances.inDomain,
  };
}

/** One held-out question's in-domain chance and whether it is in the domain: what a decline cut-off trades. */
export interface HeldOutChance {
  inDomain: boolean;
  chance: number;
}

/**
 * Leave-one-set-out cross-validation: for each set, fits on all other sets and scores the held-out set with
 * the bot's own findAnswers. Returns the figures per held-out set and over all held-out questions pooled.
 */
export function crossValidate(
  index: KnowledgeIndex,
  examples: readonly Example[],
): {
  perSet: Record<string, HeldOutFigures>;
  pooled: HeldOutFigures;
  chances: HeldOutChance[];
  misses: EvalMiss[];
} {
  const sets = [...new Set(examples.map((e) => e.set))];
  const perSet: Record<string, HeldOutFigures> = {};
  const allLines: EvalLine[] = [];
  const outcomes: Array<{ decision: Decision; shown: string[]; inDomain: number }> = [];
  const chances: HeldOutChance[] = [];
  const misses: EvalMiss[] = [];
  const ranks: Array<{ expect: string; ids: string[] }> = [];
  for (const set of sets) {
    const model = fitSearchModel(
      index,
      examples.filter((e) => e.set !== set),
    );
    const held = examples.filter((e) => e.set === set);
    const lines = held.map((e) => e.line);
    const setRanks: Array<{ expect: string; ids: string[] }> = [];
    const { metrics, misses: setMisses } = evaluate(lines, (q) => {
      const o = outcome(index, model, q);
      outcomes.push(o);
      return o;
    });
    held.forEach((ex, k) => {
      chances.push({
        inDomain: ex.line.expect !== null,
        chance: outcomes[outcomes.length - held.length + k]?.inDomain ?? 0,
      });
    });
    for (const ex of held) {
      if (ex.line.expect === null) continue;
      const ids = rank(model.ranker, ex.candidates).map((c) => index.topics[c.topic]?.id ?? "");
      setRanks.push({ expect: ex.line.expect, ids });
    }
    perSet[set] = { ...metrics, ...rankShares(setRanks) };
    misses.push(...setMisses);
    ranks.push(...setRanks);
    allLines.push(...lines);
  }
  // evaluate calls back in line order, so the held-out outcomes are replayed in the order they were recorded
  let i = 0;
  const { metrics } = evaluate(allLines, () => outcomes[i++] ?? { decision: "decline", shown: [] });
  return { perSet, pooled: { ...metrics, ...rankShares(ranks) }, chances, misses };
}

function rankShares(ranks: ReadonlyArray<{ expect: string; ids: string[] }>): {
  rank1: number;
  rank3: number;
} {
  const n = ranks.length || 1;
  return {
    rank1: ranks.filter((r) => r.ids[0] === r.expect).length / n,
    rank3: ranks.filter((r) => r.ids.slice(0, 3).includes(r.expect)).length / n,
  };
}
