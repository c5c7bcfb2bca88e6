/**
 * @module cases/playbook-load
 * Loads the follow-up playbooks from `dialogs/playbooks/*.yaml` and checks them against the rest of the content:
 * shape with the zod schema, then cross-checks (ids unique and equal to the file name, step ids unique within a
 * playbook, every step's topic exists, every step's partner is in the municipality settings, exactly one
 * fallback playbook without other conditions, and a playbook for every adult and minor case of every form; the
 * checks across files run once every file parses).
 * Every problem is reported with file and path, as the other content loaders do.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { ContentError, type ContentIssue } from "../errors.js";
import { ExploitationForm } from "./case-schema.js";
import { choosePlaybook, Playbook, type PlaybookFacts, type PlaybookWhen } from "./playbook-schema.js";

/** The folder of the playbooks, under the dialogs folder. */
export const PLAYBOOK_DIR = "playbooks";

/** What the playbooks are checked against. */
export interface PlaybookContext {
  /** The knowledge topic ids (file names of `knowledge/topics/*.md` without `.md`). */
  topicIds: ReadonlySet<string>;
  /**
   * The partner keys of the municipality settings (`partners` in knowledge/municipality.yaml); undefined when
   * the settings do not load, whose problems the knowledge check reports, so the partner check is skipped.
   */
  partnerIds: ReadonlySet<string> | undefined;
}

interface ParsedPlaybook {
  file: string;
  playbook: Playbook;
}

/** Formats a zod issue path as `steps[2].partner`, the form the knowledge and practice checks use. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

async function parsePlaybookFile(file: string): Promise<{ playbook: Playbook } | { issues: ContentIssue[] }> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, "utf8"));
  } catch (error) {
    return { issues: [{ file, path: "", message: `not valid YAML: ${(error as Error).message}` }] };
  }
  const parsed = Playbook.safeParse(raw);
  if (parsed.success) return { playbook: parsed.data };
  return {
    issues: parsed.error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message })),
  };
}

/** The conditions a `when` sets besides `fallback`. */
function conditionNames(when: PlaybookWhen): string[] {
  return (["minor", "locationOnly", "acute", "forms"] as const).filter((k) => when[k] !== undefined);
}

/** The problems of one parsed playbook on its own and against the content. */
function checkPlaybook(file: string, playbook: Playbook, ctx: PlaybookContext): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const conditions = conditionNames(playbook.when);
  if (playbook.when.fallback && conditions.length > 0)
    issues.push({
      file,
      path: "when",
      message: `a fallback playbook has no other conditions; remove ${conditions.join(", ")}`,
    });
  if (!playbook.when.fallback && conditions.length === 0)
    issues.push({
      file,
      path: "when",
      message:
        "no condition given, so the playbook fits every case; give a condition or mark it fallback: true",
    });
  const firstIndex = new Map<string, number>();
  playbook.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    const first = firstIndex.get(step.id);
    if (first !== undefined)
      issues.push({
        file,
        path: `${at}.id`,
        message: `step id '${step.id}' is used more than once in this playbook (first at steps[${first}])`,
      });
    else firstIndex.set(step.id, i);
    if (step.topic !== undefined && !ctx.topicIds.has(step.topic))
      issues.push({
        file,
        path: `${at}.topic`,
        message: `step '${step.id}': unknown knowledge topic '${step.topic}'`,
      });
    if (step.partner !== undefined && ctx.partnerIds && !ctx.partnerIds.has(step.partner))
      issues.push({
        file,
        path: `${at}.partner`,
        message: `step '${step.id}': partner '${step.partner}' is not among the partners in knowledge/municipality.yaml`,
      });
  });
  return issues;
}

/**
 * The situations every set of playbooks must cover: adult and minor, each form and no known form, not acute, not
 * location only. With a fallback every case has a playbook; this states the guarantee choosePlaybook relies on.
 */
function requiredSituations(): PlaybookFacts[] {
  const forms: ExploitationForm[][] = [[], ...ExploitationForm.options.map((f) => [f])];
  return [false, true].flatMap((minor) =>
    forms.map((f) => ({ minor, locationOnly: false, acute: false, forms: f })),
  );
}

/** Checks across the playbooks: exactly one fallback, and a playbook for every required situation. */
function checkPlaybookSet(dir: string, parsed: readonly ParsedPlaybook[]): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const fallbacks = parsed.filter((p) => p.playbook.when.fallback);
  if (fallbacks.length === 0)
    issues.push({
      file: dir,
      path: "",
      message: "no fallback playbook: exactly one playbook needs when: { fallback: true }",
    });
  for (const extra of fallbacks.slice(1)) {
    issues.push({
      file: extra.file,
      path: "when.fallback",
      message: `only one playbook may be the fallback; '${fallbacks[0]?.playbook.id}' already is`,
    });
  }
  const missing = requiredSituations().filter(
    (facts) =>
      choosePlaybook(
        parsed.map((p) => p.playbook),
        facts,
      ) === undefined,
  );
  if (missing.length > 0)
    issues.push({
      file: dir,
      path: "",
      message:
        "no playbook fits these cases: " +
        missing.map((f) => `${f.minor ? "minor" : "adult"} with ${f.forms[0] ?? "no form"}`).join("; "),
    });
  return issues;
}

/**
 * Reads and checks every playbook in `dir`; returns the valid playbooks sorted by id and all problems. A missing
 * or empty folder is a problem: without a fallback a case would have no follow-up steps.
 */
export async function readPlaybooks(
  dir: string,
  ctx: PlaybookContext,
): Promise<{ playbooks: Playbook[]; issues: ContentIssue[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    return {
      playbooks: [],
      issues: [{ file: dir, path: "", message: `cannot read the playbooks folder: ${String(error)}` }],
    };
  }
  const issues: ContentIssue[] = [];
  if (names.length === 0) issues.push({ file: dir, path: "", message: "no playbook files (*.yaml) found" });
  const parsed: ParsedPlaybook[] = [];
  const valid: Playbook[] = [];
  let unreadable = 0;
  for (const name of names) {
    const file = join(dir, name);
    const result = await parsePlaybookFile(file);
    if ("issues" in result) {
      issues.push(...result.issues);
      unreadable += 1;
      continue;
    }
    const { playbook } = result;
    const found: ContentIssue[] = [];
    const stem = basename(name).replace(/\.ya?ml$/, "");
    if (playbook.id !== stem)
      found.push({ file, path: "id", message: `id '${playbook.id}' must equal the file name '${stem}'` });
    const twin = parsed.find((p) => p.playbook.id === playbook.id);
    if (twin)
      found.push({
        file,
        path: "id",
        message: `playbook id '${playbook.id}' is already used in ${twin.file}`,
      });
    found.push(...checkPlaybook(file, playbook, ctx));
    issues.push(...found);
    if (twin) continue;
    parsed.push({ file, playbook });
    if (found.length === 0) valid.push(playbook);
  }
  // A file that does not parse may be the fallback or the one covering a case: checking the set without it would
  // only report follow-on problems, so the set is checked once every file parses.
  if (unreadable === 0) issues.push(...checkPlaybookSet(dir, parsed));
  return { playbooks: valid.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), issues };
}

/** Loads the playbooks for the bot, sorted by id; throws one ContentError listing every problem. */
export async function loadPlaybooks(dir: string, ctx: PlaybookContext): Promise<Playbook[]> {
  const { playbooks, issues } = await readPlaybooks(dir, ctx);
  if (issues.length > 0) throw new ContentError(issues);
  return playbooks;
}
