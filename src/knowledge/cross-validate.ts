/**
 * @module knowledge/cross-validate
 * Honest figures for the fitted search: leave-one-set-out (or leave-one-group-out) cross-validation, where each
 * held-out set is answered by the bot's own findAnswers with a model fitted on, and a memory of, the other sets
 * only. Pure; `npm run kb:fit` prints what it returns.
 */
import type { Decision } from "./decision.js";
import { evaluate, type EvalMetrics, type EvalMiss } from "./evaluate.js";
import { candidatesFrom } from "./features.js";
import { type Example, fitSearchModel } from "./fit.js";
import type { SearchModel } from "./model.js";
import type { KnowledgeIndex } from "./search-index.js";
import { askMemory, findAnswers, rankCandidates } from "./search.js";

/** Held-out figures of one set: the kb:eval metrics, plus ranking alone (rank1 / rank3 over answerable lines). */
export interface HeldOutFigures extends EvalMetrics {
  rank1: number;
  rank3: number;
}

/** One held-out question's in-domain chance and whether it is in the domain: what a decline cut-off trades. */
export interface HeldOutChance {
  inDomain: boolean;
  chance: number;
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
        ids: e.evidence.order.map((t) => index.topics[t]?.id ?? ""),
      })),
  );
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

/**
 * Cross-validation by folds of whole sets: `foldOf` names each set's fold (the set itself by default; a writer's
 * sets together, to measure a writer whose style nothing was fitted on). For each fold, fits on all other folds
 * and scores the held-out sets with the bot's own findAnswers. Returns the figures per held-out set, per fold, and
 * over all held-out questions pooled.
 */
export function crossValidate(
  index: KnowledgeIndex,
  examples: readonly Example[],
  foldOf: (set: string) => string = (set) => set,
): {
  perSet: Record<string, HeldOutFigures>;
  /** each fold's held-out questions scored together (the same as perSet where a fold is one set) */
  perFold: Record<string, HeldOutFigures>;
  pooled: HeldOutFigures;
  chances: HeldOutChance[];
  misses: EvalMiss[];
} {
  const sets = [...new Set(examples.map((e) => e.set))];
  const folds = [...new Set(sets.map(foldOf))];
  const perSet: Record<string, HeldOutFigures> = {};
  const outcomes = new Map<Example, { decision: Decision; shown: string[]; inDomain: number }>();
  const setRanks = new Map<string, Array<{ expect: string; ids: string[] }>>();
  const setMisses = new Map<string, EvalMiss[]>();
  for (const fold of folds) {
    const train = new Set(sets.filter((s) => foldOf(s) !== fold));
    const model = fitSearchModel(index, examples, train);
    for (const set of sets.filter((s) => foldOf(s) === fold)) {
      const held = examples.filter((e) => e.set === set);
      let k = 0;
      const { metrics, misses } = evaluate(
        held.map((e) => e.line),
        (q) => {
          const o = outcome(index, model, q);
          const ex = held[k++];
          if (ex) outcomes.set(ex, o);
          return o;
        },
      );
      const ranks = held.flatMap((ex) => {
        if (ex.line.expect === null) return [];
        const ranked = rankCandidates(
          model.ranker,
          candidatesFrom(ex.evidence, askMemory(index, ex.line.q, model)),
        );
        return [{ expect: ex.line.expect, ids: ranked.map((c) => index.topics[c.topic]?.id ?? "") }];
      });
      perSet[set] = { ...metrics, ...rankShares(ranks) };
      setRanks.set(set, ranks);
      setMisses.set(set, misses);
    }
  }
  // The held-out outcomes of `some` sets, scored together.
  const pooledOver = (some: readonly string[]): HeldOutFigures => {
    const lines = some.flatMap((set) => examples.filter((e) => e.set === set));
    let i = 0;
    const { metrics } = evaluate(
      lines.map((e) => e.line),
      () => outcomes.get(lines[i++] as Example) ?? { decision: "decline", shown: [] },
    );
    return { ...metrics, ...rankShares(some.flatMap((s) => setRanks.get(s) ?? [])) };
  };
  const ordered = sets.flatMap((set) => examples.filter((e) => e.set === set));
  const chances = ordered.map((e) => ({
    inDomain: e.line.expect !== null,
    chance: outcomes.get(e)?.inDomain ?? 0,
  }));
  return {
    perSet,
    pooled: pooledOver(sets),
    perFold: Object.fromEntries(
      folds.map((fold) => [fold, pooledOver(sets.filter((s) => foldOf(s) === fold))]),
    ),
    chances,
    misses: sets.flatMap((s) => setMisses.get(s) ?? []),
  };
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
