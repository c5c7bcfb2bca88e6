/**
 * @module practice/route
 * Whether a practice case can be done perfectly: a route through its tree that records exactly the case's
 * signals and its age fact. A depth-first search over the pure engine, pruned as soon as a path records a signal
 * outside the set or another age; multiple-choice questions try the options whose signals are all wanted first.
 */
import { collectFacts, collectSignals, step, type StepResult } from "../dialogs/engine.js";
import { nodesById } from "../dialogs/graph.js";
import type { DialogTree } from "../dialogs/tree-schema.js";
import type { SignalCatalogue } from "../signals/catalogue.js";
import type { Policy } from "../signals/policy.js";

/** One step of a route: an answer to a question, or past an info text. */
export type RouteMove =
  { kind: "answer"; nodeId: string; optionIds: string[] } | { kind: "continue"; nodeId: string };

const MAX_DEPTH = 40;
const NOW = new Date("2026-01-01T00:00:00Z");

/** The moves that end `tree` with exactly `target` recorded and `minor` as the age (null: left in doubt). */
export function exactRoute(
  tree: DialogTree,
  target: readonly string[],
  minor: boolean | null,
  content: { catalogue: SignalCatalogue; policy: Policy },
): RouteMove[] | undefined {
  const wanted = new Set(target);
  const nodes = nodesById(tree);
  const fits = (r: StepResult) => {
    if (r.status !== "question" && r.status !== "info" && r.status !== "done") return false;
    if (collectSignals(tree, r.state).some((s) => !wanted.has(s))) return false;
    const age = collectFacts(tree, r.state).minor;
    return age === undefined || age === minor;
  };
  const search = (r: StepResult, depth: number): RouteMove[] | undefined => {
    if (r.status === "done") {
      const ok =
        collectSignals(tree, r.state).length === wanted.size &&
        (collectFacts(tree, r.state).minor ?? null) === minor;
      return ok ? [] : undefined;
    }
    if (depth > MAX_DEPTH) return undefined;
    if (r.status === "info") {
      const next = step(tree, r.state, { type: "continue" }, NOW, content);
      const rest = fits(next) ? search(next, depth + 1) : undefined;
      return rest && [{ kind: "continue", nodeId: r.view.nodeId }, ...rest];
    }
    if (r.status !== "question") return undefined;
    const nodeId = r.view.nodeId;
    const ids = r.view.options.map((o) => o.id);
    const node = nodes.get(nodeId);
    const options = node && "options" in node ? node.options : [];
    const allWanted = ids.filter((id) =>
      options.find((o) => o.id === id)?.signals.every((s) => wanted.has(s)),
    );
    const choices =
      r.view.kind === "multi" ? [allWanted, ...ids.map((id) => [id]), []] : ids.map((id) => [id]);
    for (const optionIds of choices) {
      const next = step(tree, r.state, { type: "answer", nodeId, optionIds }, NOW, content);
      if (!fits(next)) continue;
      const rest = search(next, depth + 1);
      if (rest) return [{ kind: "answer", nodeId, optionIds }, ...rest];
    }
    return undefined;
  };
  return search(step(tree, undefined, { type: "start" }, NOW, content), 0);
}
