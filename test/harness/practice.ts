/**
 * Plays practice routes over HTTP: the route comes from `practice/route` (exactly a set of signals and an age), so
 * transcript tests can play a perfect run or a run that misses everything.
 */
import type { Content } from "../../src/content/content.js";
import type { DialogTree } from "../../src/dialogs/tree-schema.js";
import { exactRoute, type RouteMove } from "../../src/practice/route.js";
import { actionsOf, visibleText, type BotActivity, type BotClient, type TestUser } from "./bot-server.js";

/** Moves that end the check with exactly `target` recorded and `minor` as the age fact (null: left in doubt). */
export function planExactRoute(
  content: Content,
  tree: DialogTree,
  target: readonly string[],
  minor: boolean | null,
): RouteMove[] {
  const moves = exactRoute(tree, target, minor, content);
  if (!moves) throw new Error(`no route in ${tree.id} records exactly ${target.join(", ") || "nothing"}`);
  return moves;
}

/** Plays `moves` by clicking, from the replies that show the first question; returns the last replies. */
export async function playMoves(
  bot: BotClient,
  user: TestUser,
  treeId: string,
  first: BotActivity[],
  moves: readonly RouteMove[],
): Promise<BotActivity[]> {
  let replies = first;
  for (const move of moves) {
    const shown = actionsOf(replies).map((a) => String(a.data.nodeId));
    if (!shown.includes(move.nodeId))
      throw new Error(
        `expected question ${move.nodeId}, got ${shown.join(", ")}: ${visibleText(replies).slice(0, 300)}`,
      );
    replies =
      move.kind === "answer"
        ? await bot.click(user, "check.answer", { treeId, nodeId: move.nodeId, optionIds: move.optionIds })
        : await bot.click(user, "check.continue", { treeId, nodeId: move.nodeId });
  }
  return replies;
}
