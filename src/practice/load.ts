/**
 * @module practice/load
 * Loads the practice cases from `dialogs/practice/*.yaml` and checks each against the rest of the content, so a
 * change to the catalogue, a tree or the policy that breaks a case is caught: its signals exist, its tree exists
 * and one route through it records exactly these signals with the case's age (a perfect run is possible), each
 * signal has an explanation with a known topic, and the expected advice is what the policy gives for its signals
 * and facts. Every problem is reported with file and path.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { DialogTree } from "../dialogs/tree-schema.js";
import { ContentError, type ContentIssue } from "../errors.js";
import type { SignalCatalogue } from "../signals/catalogue.js";
import { assessSituation, type Policy } from "../signals/policy.js";
import { PracticeCase } from "./practice-schema.js";
import { exactRoute } from "./route.js";

/** The folder of the practice cases, under the dialogs folder. */
export const PRACTICE_DIR = "practice";

/** What the cases are checked against. */
export interface PracticeContext {
  catalogue: SignalCatalogue;
  policy: Policy;
  trees: readonly DialogTree[];
  topicIds: ReadonlySet<string>;
}

/** The signal ids a tree's options can record (includes are inlined, so modules count). */
export function treeSignals(tree: DialogTree): Set<string> {
  return new Set(tree.nodes.flatMap((n) => ("options" in n ? n.options.flatMap((o) => o.signals) : [])));
}

/** The advice the policy gives for a case's signals and facts (an age in doubt is assessed as the check does). */
export function policyOutcome(c: PracticeCase, ctx: Pick<PracticeContext, "catalogue" | "policy">) {
  return assessSituation(ctx.catalogue, ctx.policy, c.signals, {
    minor: c.situation.minor ?? undefined,
    locationOnly: c.situation.locationOnly,
  }).outcome;
}

/** The problems of one parsed case against the content. */
export function checkPracticeCase(file: string, c: PracticeCase, ctx: PracticeContext): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const known = new Set(ctx.catalogue.signals.map((s) => s.id));
  const tree = ctx.trees.find((t) => t.id === c.tree);
  if (!tree) issues.push({ file, path: "tree", message: `unknown tree '${c.tree}'` });
  const settable = tree ? treeSignals(tree) : new Set<string>();
  c.signals.forEach((id, i) => {
    if (!known.has(id)) issues.push({ file, path: `signals[${i}]`, message: `unknown signal '${id}'` });
    else if (tree && !settable.has(id))
      issues.push({ file, path: `signals[${i}]`, message: `tree '${c.tree}' cannot record signal '${id}'` });
    if (!c.explain.some((e) => e.signal === id))
      issues.push({
        file,
        path: `signals[${i}]`,
        message: `signal '${id}' has no explanation under explain`,
      });
  });
  c.explain.forEach((e, i) => {
    if (!c.signals.includes(e.signal))
      issues.push({
        file,
        path: `explain[${i}].signal`,
        message: `'${e.signal}' is not among the case's signals`,
      });
    if (!ctx.topicIds.has(e.topic))
      issues.push({ file, path: `explain[${i}].topic`, message: `unknown knowledge topic '${e.topic}'` });
  });
  if (new Set(c.facts.map((f) => f.id)).size !== c.facts.length)
    issues.push({ file, path: "facts", message: "fact ids must be unique" });
  if (issues.length === 0 && tree && !exactRoute(tree, c.signals, c.situation.minor, ctx)) {
    issues.push({
      file,
      path: "signals",
      message: `no route through tree '${c.tree}' records exactly these signals with this age, so no run can be perfect`,
    });
  }
  if (issues.length === 0) {
    const outcome = policyOutcome(c, ctx);
    if (outcome !== c.expected)
      issues.push({
        file,
        path: "expected",
        message: `expected ${c.expected}, but the policy gives ${outcome} for these signals and facts`,
      });
  }
  return issues;
}

/** Reads and checks every case; returns the valid cases and all problems (none when the folder is absent). */
export async function readPracticeCases(
  dir: string,
  ctx: PracticeContext,
): Promise<{ cases: PracticeCase[]; issues: ContentIssue[] }> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /\.ya?ml$/.test(n)).sort();
  const cases: PracticeCase[] = [];
  const issues: ContentIssue[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let raw: unknown;
    try {
      raw = parseYaml(await readFile(file, "utf8"));
    } catch (error) {
      issues.push({ file, path: "", message: `not valid YAML: ${(error as Error).message}` });
      continue;
    }
    const parsed = PracticeCase.safeParse(raw);
    if (!parsed.success) {
      issues.push(
        ...parsed.error.issues.map((i) => ({ file, path: i.path.map(String).join("."), message: i.message })),
      );
      continue;
    }
    const stem = basename(name).replace(/\.ya?ml$/, "");
    if (parsed.data.id !== stem)
      issues.push({ file, path: "id", message: `id '${parsed.data.id}' must equal the file name '${stem}'` });
    const found = checkPracticeCase(file, parsed.data, ctx);
    issues.push(...found);
    if (found.length === 0) cases.push(parsed.data);
  }
  return { cases, issues };
}

/** Loads the cases for the bot; throws one ContentError listing every problem. */
export async function loadPracticeCases(dir: string, ctx: PracticeContext): Promise<PracticeCase[]> {
  const { cases, issues } = await readPracticeCases(dir, ctx);
  if (issues.length > 0) throw new ContentError(issues);
  return cases;
}
