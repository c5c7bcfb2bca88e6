/**
 * @module dialogs/load
 * Loads the signal-check trees from `dialogs/trees/*.yaml`: shape with zod, then graph checks (ids unique, every
 * reference resolves, every node reachable, no cycles, every path ends in an assessment, labels unique). All
 * issues are collected and thrown once as a ContentError; includes are then inlined (see tree-schema).
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ContentError, type ContentIssue } from "../errors.js";
import type { SignalCatalogue } from "../signals/catalogue.js";
import { loadSignalContent } from "../signals/load.js";
import { questionSpan } from "./graph.js";
import { DialogTree, isQuestion, successors, type BranchNode, type TreeNode } from "./tree-schema.js";
import {
  checkDangerQuestions,
  checkTreeSafety,
  type SafetyViolation,
  type TreeSafetyReport,
} from "./tree-safety.js";

/** Above this many questions on one route the content check warns: a check should take a few minutes. */
export const MAX_QUESTIONS_PER_PATH = 10;

interface ParsedFile {
  file: string;
  tree: DialogTree;
}

/**
 * Loads, checks and inlines every tree in `dir`. Signal ids must exist in `catalogue` and topic ids in
 * `knownTopicIds`. Throws one ContentError naming file, node and problem of every issue found.
 */
export async function loadDialogTrees(
  dir: string,
  catalogue: SignalCatalogue,
  knownTopicIds: ReadonlySet<string>,
): Promise<DialogTree[]> {
  const { trees, issues } = await readDialogTrees(dir, catalogue, knownTopicIds);
  if (issues.length > 0) throw new ContentError(issues);
  return trees;
}

/**
 * The content check behind `npm run content:check` for `dialogs/`: signal catalogue and policy (via the signals
 * loader), the trees, and the safety rules of dialogs/tree-safety played over every route (a few seconds, so
 * start-up checks only the danger questions), with each tree's safety report. Errors block start-up; warnings (a
 * route of more than 10 questions) do not.
 */
export async function checkDialogContent(
  dialogsDir: string,
  knownTopicIds: ReadonlySet<string>,
): Promise<{ errors: ContentIssue[]; warnings: ContentIssue[]; reports: TreeSafetyReport[] }> {
  const errors: ContentIssue[] = [];
  const warnings: ContentIssue[] = [];
  const reports: TreeSafetyReport[] = [];
  let signals: Awaited<ReturnType<typeof loadSignalContent>> | undefined;
  try {
    signals = await loadSignalContent(dialogsDir);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    errors.push(...error.issues);
  }
  const treesDir = join(dialogsDir, "trees");
  const { trees, issues } = await readDialogTrees(treesDir, signals?.catalogue, knownTopicIds);
  errors.push(...issues);
  if (signals) {
    const seen = new Set(errors.map(issueKey));
    for (const tree of trees) {
      const { report, violations } = checkTreeSafety(tree, signals);
      reports.push(report);
      for (const issue of violations.map((v) => safetyIssue(treesDir, v))) {
        if (!seen.has(issueKey(issue))) errors.push(issue);
        seen.add(issueKey(issue));
      }
    }
  }
  for (const tree of trees) {
    const { longest } = questionSpan(tree, tree.entry);
    if (longest > MAX_QUESTIONS_PER_PATH) {
      warnings.push({
        file: join(treesDir, `${tree.id}.yaml`),
        path: "entry",
        message: `the longest route has ${longest} questions (aim for at most ${MAX_QUESTIONS_PER_PATH})`,
      });
    }
  }
  return { errors, warnings, reports };
}

/** Reads and checks all trees; returns the inlined trees when they are well formed (safety issues aside). */
async function readDialogTrees(
  dir: string,
  catalogue: SignalCatalogue | undefined,
  knownTopicIds: ReadonlySet<string>,
): Promise<{ trees: DialogTree[]; issues: ContentIssue[] }> {
  const issues: ContentIssue[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    return {
      trees: [],
      issues: [{ file: dir, path: "", message: `cannot read the trees folder: ${String(error)}` }],
    };
  }
  if (names.length === 0) issues.push({ file: dir, path: "", message: "no tree files (*.yaml) found" });

  const parsed: ParsedFile[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const result = await parseTreeFile(file);
    if ("issues" in result) {
      issues.push(...result.issues);
      continue;
    }
    const tree = result.tree;
    const stem = basename(name).replace(/\.ya?ml$/, "");
    if (tree.id !== stem)
      issues.push({ file, path: "id", message: `id '${tree.id}' must equal the file name '${stem}'` });
    if (parsed.some((p) => p.tree.id === tree.id)) {
      issues.push({ file, path: "id", message: `tree id '${tree.id}' is used by more than one file` });
    }
    const signalIds = catalogue ? new Set(catalogue.signals.map((s) => s.id)) : undefined;
    issues.push(...checkTreeGraph(file, tree, signalIds, knownTopicIds));
    parsed.push({ file, tree });
  }
  issues.push(...checkIncludes(parsed));
  if (issues.length > 0) return { trees: [], issues };
  const byId = new Map(parsed.map((p) => [p.tree.id, p.tree]));
  const trees = parsed.map((p) => inlineIncludes(p.tree, byId));
  if (catalogue) {
    const seen = new Set<string>();
    for (const issue of trees
      .flatMap((t) => checkDangerQuestions(t, catalogue))
      .map((v) => safetyIssue(dir, v))) {
      if (!seen.has(issueKey(issue))) issues.push(issue);
      seen.add(issueKey(issue));
    }
  }
  // Trees are returned with their safety issues, so the content check can still play their routes.
  return { trees, issues };
}

/** A safety violation as a content issue: the file of the tree the node comes from (inlined ids keep a prefix). */
function safetyIssue(treesDir: string, v: SafetyViolation): ContentIssue {
  const slash = v.nodeId.indexOf("/");
  const [treeId, nodeId] =
    slash < 0 ? [v.treeId, v.nodeId] : [v.nodeId.slice(0, slash), v.nodeId.slice(slash + 1)];
  const within = treeId === v.treeId ? "" : ` (found while checking '${v.treeId}', which includes it)`;
  return {
    file: join(treesDir, `${treeId}.yaml`),
    path: `nodes.${nodeId}`,
    message: `[${v.rule}] ${v.message}${within}`,
  };
}

function issueKey(i: ContentIssue): string {
  return `${i.file}\u0000${i.path}\u0000${i.message.replace(/ \(found while checking .*\)$/, "")}`;
}

async function parseTreeFile(file: string): Promise<{ tree: DialogTree } | { issues: ContentIssue[] }> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, "utf8"));
  } catch (error) {
    return { issues: [{ file, path: "", message: `not valid YAML: ${(error as Error).message}` }] };
  }
  const result = DialogTree.safeParse(raw);
  if (result.success) return { tree: result.data };
  return {
    issues: result.error.issues.map((i) => ({ file, path: describePath(raw, i), message: i.message })),
  };
}

/** Turns a zod path into one that names nodes and options by id ("nodes.werk.options.loon.label.en"). */
function describePath(raw: unknown, issue: z.core.$ZodIssue): string {
  const parts: string[] = [];
  let at: unknown = raw;
  for (const key of issue.path) {
    const child: unknown =
      at !== null && typeof at === "object" ? (at as Record<PropertyKey, unknown>)[key] : undefined;
    const id =
      typeof key === "number" && child !== null && typeof child === "object"
        ? (child as Record<string, unknown>).id
        : undefined;
    parts.push(typeof id === "string" ? id : String(key));
    at = child;
  }
  return parts.join(".");
}

/** Checks one tree on its own: ids, references, signals, topics, labels, reachability, cycles and ends. */
function checkTreeGraph(
  file: string,
  tree: DialogTree,
  signalIds: ReadonlySet<string> | undefined,
  topicIds: ReadonlySet<string>,
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ file, path, message });
  };
  const nodes = new Map<string, TreeNode>();
  for (const node of tree.nodes) {
    if (nodes.has(node.id)) add(`nodes.${node.id}`, `node id '${node.id}' is used more than once`);
    else nodes.set(node.id, node);
  }
  if (!nodes.has(tree.entry)) add("entry", `entry refers to unknown node '${tree.entry}'`);

  const checkRef = (path: string, ref: string): void => {
    if (!nodes.has(ref)) add(path, `refers to unknown node '${ref}'`);
  };
  const checkTopics = (path: string, topics: readonly string[]): void => {
    for (const t of topics) if (!topicIds.has(t)) add(path, `unknown knowledge topic '${t}'`);
  };

  for (const node of nodes.values()) {
    const at = `nodes.${node.id}`;
    if (node.kind === "branch") {
      node.rules.forEach((rule, i) => {
        checkRef(`${at}.rules.${i}.next`, rule.next);
        checkCondition(`${at}.rules.${i}.when`, rule.when, nodes, add);
      });
      checkRef(`${at}.otherwise`, node.otherwise);
      continue;
    }
    if (node.kind === "include") continue;
    checkTopics(`${at}.topics`, node.topics);
    if (node.kind === "assessment") continue;
    checkRef(`${at}.next`, node.next);
    if (!isQuestion(node)) continue;
    const seenIds = new Set<string>();
    const seenLabels = { nl: new Set<string>(), en: new Set<string>() };
    for (const option of node.options) {
      const op = `${at}.options.${option.id}`;
      if (seenIds.has(option.id)) add(op, `option id '${option.id}' is used more than once in this question`);
      seenIds.add(option.id);
      for (const lang of ["nl", "en"] as const) {
        const label = option.label[lang].trim().toLowerCase();
        if (seenLabels[lang].has(label))
          add(`${op}.label.${lang}`, `label '${option.label[lang]}' is not unique`);
        seenLabels[lang].add(label);
      }
      if (option.next) {
        if (node.kind === "multi")
          add(`${op}.next`, "an option of a multiple-choice question cannot have its own next");
        checkRef(`${op}.next`, option.next);
      }
      if (signalIds) {
        for (const s of option.signals) if (!signalIds.has(s)) add(`${op}.signals`, `unknown signal '${s}'`);
      }
      checkTopics(`${op}.topics`, option.topics);
    }
  }
  if (!nodes.has(tree.entry)) return issues;

  const reachable = new Set<string>();
  const queue = [tree.entry];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    const node = nodes.get(id);
    if (reachable.has(id) || !node) continue;
    reachable.add(id);
    queue.push(...successors(node));
  }
  for (const id of nodes.keys()) {
    if (!reachable.has(id))
      add(`nodes.${id}`, `node '${id}' is not reachable from the entry '${tree.entry}'`);
  }
  for (const cycle of findCycles(nodes)) {
    add(`nodes.${cycle[0]}`, `node '${cycle[0]}' is part of a cycle: ${cycle.join(" -> ")}`);
  }
  const ends = nodesThatCanEnd(nodes);
  for (const id of nodes.keys()) {
    if (!ends.has(id)) add(`nodes.${id}`, `no route from node '${id}' ends in an assessment`);
  }
  return issues;
}

function checkCondition(
  path: string,
  when: BranchNode["rules"][number]["when"],
  nodes: ReadonlyMap<string, TreeNode>,
  add: (path: string, message: string) => void,
): void {
  if (!("node" in when)) return;
  const target = nodes.get(when.node);
  if (!target) return add(`${path}.node`, `refers to unknown node '${when.node}'`);
  if (!isQuestion(target)) return add(`${path}.node`, `node '${when.node}' is not a question`);
  if ("option" in when && !target.options.some((o) => o.id === when.option)) {
    add(`${path}.option`, `question '${when.node}' has no option '${when.option}'`);
  }
}

/** Each cycle once, as the node ids from its first node back to it. */
function findCycles(nodes: ReadonlyMap<string, TreeNode>): string[][] {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (id: string): void => {
    const node = nodes.get(id);
    if (!node || state.get(id) === "done") return;
    if (state.get(id) === "open") {
      cycles.push([...stack.slice(stack.indexOf(id)), id]);
      return;
    }
    state.set(id, "open");
    stack.push(id);
    for (const next of successors(node)) visit(next);
    stack.pop();
    state.set(id, "done");
  };
  for (const id of nodes.keys()) visit(id);
  return cycles;
}

/** The nodes from which some route reaches an assessment (an include counts: its tree is checked on its own). */
function nodesThatCanEnd(nodes: ReadonlyMap<string, TreeNode>): Set<string> {
  const ends = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of nodes.values()) {
      if (ends.has(node.id)) continue;
      const next = successors(node);
      if (next.length === 0 || next.some((n) => ends.has(n))) {
        ends.add(node.id);
        grew = true;
      }
    }
  }
  return ends;
}

/** Every include names a loaded tree other than its own, and includes do not loop between trees. */
function checkIncludes(parsed: readonly ParsedFile[]): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const byId = new Map(parsed.map((p) => [p.tree.id, p]));
  const includesOf = (tree: DialogTree): string[] =>
    tree.nodes.flatMap((n) => (n.kind === "include" ? [n.tree] : []));
  for (const { file, tree } of parsed) {
    for (const node of tree.nodes) {
      if (node.kind === "include" && !byId.has(node.tree)) {
        issues.push({
          file,
          path: `nodes.${node.id}.tree`,
          message: `refers to unknown tree '${node.tree}'`,
        });
      }
    }
    const seen = new Set<string>();
    const walk = (id: string, trail: string[]): void => {
      const target = byId.get(id);
      if (!target) return;
      if (id === tree.id && trail.length > 1) {
        issues.push({
          file,
          path: "nodes",
          message: `trees include each other in a loop: ${trail.join(" -> ")}`,
        });
        return;
      }
      if (seen.has(id)) return;
      seen.add(id);
      for (const next of includesOf(target.tree)) walk(next, [...trail, next]);
    };
    walk(tree.id, [tree.id]);
  }
  return issues;
}

/** Inlines the trees that `tree` includes (transitively), each once with `<treeId>/`-prefixed node ids. */
function inlineIncludes(tree: DialogTree, byId: ReadonlyMap<string, DialogTree>): DialogTree {
  const included: DialogTree[] = [];
  const collect = (t: DialogTree): void => {
    for (const node of t.nodes) {
      if (node.kind !== "include" || node.tree === tree.id || included.some((i) => i.id === node.tree))
        continue;
      const target = byId.get(node.tree) as DialogTree;
      included.push(target);
      collect(target);
    }
  };
  collect(tree);
  if (included.length === 0) return tree;
  const entryOf = (id: string): string => {
    const t = byId.get(id) as DialogTree;
    return `${t.id}/${t.entry}`;
  };
  return {
    ...tree,
    version: tree.version + included.reduce((sum, t) => sum + t.version, 0),
    nodes: [
      ...tree.nodes.map((n) => prefixNode(n, "", entryOf)),
      ...included.flatMap((t) => t.nodes.map((n) => prefixNode(n, `${t.id}/`, entryOf))),
    ],
  };
}

function prefixNode(node: TreeNode, prefix: string, entryOf: (treeId: string) => string): TreeNode {
  const p = (id: string): string => `${prefix}${id}`;
  switch (node.kind) {
    case "include":
      return { id: p(node.id), kind: "branch", rules: [], otherwise: entryOf(node.tree) };
    case "branch":
      return {
        ...node,
        id: p(node.id),
        rules: node.rules.map((r) => ({
          next: p(r.next),
          when: "node" in r.when ? { ...r.when, node: p(r.when.node) } : r.when,
        })),
        otherwise: p(node.otherwise),
      };
    case "assessment":
      return { ...node, id: p(node.id) };
    case "info":
      return { ...node, id: p(node.id), next: p(node.next) };
    case "single":
    case "multi":
    case "yesno":
      return {
        ...node,
        id: p(node.id),
        next: p(node.next),
        options: node.options.map((o) => (o.next ? { ...o, next: p(o.next) } : o)),
      };
  }
}
