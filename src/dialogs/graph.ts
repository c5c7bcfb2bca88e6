/**
 * @module dialogs/graph
 * Graph facts about a loaded tree: node look-up and the number of questions left from a node (shortest and
 * longest route to an end). Used by the engine for progress and by the content check for path lengths.
 */
import { isQuestion, successors, type DialogTree, type TreeNode } from "./tree-schema.js";

/** The fewest and the most questions on any route from a node to an end (counting the node if it is a question). */
export interface QuestionSpan {
  shortest: number;
  longest: number;
}

const nodeMaps = new WeakMap<DialogTree, ReadonlyMap<string, TreeNode>>();
const spans = new WeakMap<DialogTree, Map<string, QuestionSpan>>();

/** The nodes of a tree by id (cached per tree object, as loaded trees are never changed). */
export function nodesById(tree: DialogTree): ReadonlyMap<string, TreeNode> {
  let map = nodeMaps.get(tree);
  if (!map) {
    map = new Map(tree.nodes.map((n) => [n.id, n]));
    nodeMaps.set(tree, map);
  }
  return map;
}

/**
 * Questions left from `nodeId` on the graph (all branches considered possible). Needs an acyclic tree with all
 * references resolved, as the loader guarantees; an unknown node counts as an end.
 */
export function questionSpan(tree: DialogTree, nodeId: string): QuestionSpan {
  let memo = spans.get(tree);
  if (!memo) {
    memo = new Map();
    spans.set(tree, memo);
  }
  const nodes = nodesById(tree);
  const visit = (id: string): QuestionSpan => {
    const known = memo.get(id);
    if (known) return known;
    const node = nodes.get(id);
    let span: QuestionSpan = { shortest: 0, longest: 0 };
    if (node) {
      const next = successors(node).map(visit);
      const own = isQuestion(node) ? 1 : 0;
      if (next.length > 0) {
        span = {
          shortest: own + Math.min(...next.map((s) => s.shortest)),
          longest: own + Math.max(...next.map((s) => s.longest)),
        };
      } else {
        span = { shortest: own, longest: own };
      }
    }
    memo.set(id, span);
    return span;
  };
  return visit(nodeId);
}
