/**
 * Plans routes through a signal-check tree with the pure engine (fewest or most questions), so transcript tests
 * can play them over HTTP and compare what the bot shows with what the engine decides.
 */
import { join } from "node:path";
import { repoRoot } from "../../src/config.js";
import { loadContent, type Content } from "../../src/content/content.js";
import { step, type StepResult } from "../../src/dialogs/engine.js";
import { questionSpan } from "../../src/dialogs/graph.js";
import type { CheckState } from "../../src/dialogs/state.js";
import type { DialogTree } from "../../src/dialogs/tree-schema.js";
import { actionsOf, type BotActivity, type BotClient, type TestUser } from "./bot-server.js";

/** One step of a route: answer a question, or continue past an info text. */
export type Move =
  { kind: "answer"; nodeId: string; optionIds: string[] } | { kind: "continue"; nodeId: string };

const now = new Date("2026-11-28T10:00:00Z");

/** The repository's content, loaded as the app loads it. */
export function loadRepoContent(): Promise<Content> {
  return loadContent({ knowledgeDir: join(repoRoot, "knowledge"), dialogsDir: join(repoRoot, "dialogs") });
}

/** Plans a route by always picking the option that leaves the fewest (or most) questions. */
export function planRoute(
  content: Content,
  tree: DialogTree,
  goal: "shortest" | "longest",
): { moves: Move[]; end: StepResult } {
  const signals = { catalogue: content.catalogue, policy: content.policy };
  let result = step(tree, undefined, { type: "start" }, now, signals);
  const moves: Move[] = [];
  while (result.status === "question" || result.status === "info") {
    if (result.status === "info") {
      moves.push({ kind: "continue", nodeId: result.view.nodeId });
      result = step(tree, result.state, { type: "continue" }, now, signals);
      continue;
    }
    const state: CheckState = result.state;
    const nodeId = result.view.nodeId;
    const choices = result.view.options.map((o) => [o.id]);
    if (result.view.kind === "multi") choices.push([]);
    const scored = choices.map((optionIds) => {
      const next = step(tree, state, { type: "answer", nodeId, optionIds }, now, signals);
      const left =
        next.status === "question" || next.status === "info"
          ? questionSpan(tree, next.state.nodeId)
          : { shortest: 0, longest: 0 };
      return { optionIds, next, left: goal === "shortest" ? left.shortest : left.longest };
    });
    scored.sort((a, b) => (goal === "shortest" ? a.left - b.left : b.left - a.left));
    const best = scored[0]!;
    moves.push({ kind: "answer", nodeId, optionIds: best.optionIds });
    result = best.next;
  }
  return { moves, end: result };
}

/** The node ids of the question and info cards among the replies. */
export function questionNodeIds(replies: BotActivity[]): string[] {
  return actionsOf(replies)
    .filter((a) => a.verb === "check.answer" || a.verb === "check.continue")
    .map((a) => String(a.data.nodeId));
}

/** The policy rule behind the advice card among the replies, if there is one. */
export function adviceRule(replies: BotActivity[]): string | undefined {
  const explain = actionsOf(replies).find((a) => a.verb === "advice.explain");
  return explain ? String(explain.data.rule) : undefined;
}

/** Starts `treeId` and plays `moves` by clicking, checking each expected question appears; returns the last replies. */
export async function playRoute(
  bot: BotClient,
  user: TestUser,
  treeId: string,
  moves: Move[],
): Promise<BotActivity[]> {
  let replies = await bot.click(user, "check.start", { treeId });
  for (const move of moves) {
    if (!questionNodeIds(replies).includes(move.nodeId)) {
      throw new Error(`expected question ${move.nodeId}, got ${questionNodeIds(replies).join(", ")}`);
    }
    replies =
      move.kind === "answer"
        ? await bot.click(user, "check.answer", { treeId, nodeId: move.nodeId, optionIds: move.optionIds })
        : await bot.click(user, "check.continue", { treeId, nodeId: move.nodeId });
  }
  return replies;
}
