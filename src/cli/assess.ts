/**
 * @module cli/assess
 * Assesses signals from the command line with the real `dialogs/` content, for curators and tests:
 *
 *   npm run --silent assess -- [--minor] [--location-only] SIGNAL_ID...
 *     prints {"outcome","rule","signals","reasons"} as one JSON line (reasons in Dutch); an unknown id exits 2.
 *   npm run --silent assess -- --cases FILE.jsonl
 *     lines {"signals":[...],"minor":bool,"locationOnly":bool,"expect":"..."}; prints each mismatch to stderr and,
 *     as the last stdout line, {"n":..,"agree":..}; exits 0.
 *   npm run --silent assess -- --trees
 *     plays every route of every tree (dialogs/tree-safety) and prints, per tree, the signals it can record and the
 *     outcomes reachable for an adult and a minor; each violation goes to stderr; the last stdout line is
 *     {"trees":[{"id","signals","acuteOffered","outcomes":{"adult","minor","ageUnknown","location"}}],"violations":N}.
 *     Exits 0 when there is no violation, 1 otherwise.
 * Exit 1 means broken content or an unreadable file, exit 2 wrong usage or an unknown signal id.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { checkDialogContent } from "../dialogs/load.js";
import { ContentError } from "../errors.js";
import { findUnknownSignals, type SignalCatalogue } from "../signals/catalogue.js";
import { loadSignalContent } from "../signals/load.js";
import { assess, Outcome, type Policy } from "../signals/policy.js";

// The repo's dialogs/, found from this file's own location so the CLI works from any working directory.
const DIALOGS_DIR = fileURLToPath(new URL("../../dialogs/", import.meta.url));
const TOPICS_DIR = fileURLToPath(new URL("../../knowledge/topics/", import.meta.url));
const USAGE =
  "usage: assess [--minor] [--location-only] SIGNAL_ID...\n       assess --cases FILE.jsonl\n       assess --trees\n";

const EvalCase = z.object({
  signals: z.array(z.string()),
  minor: z.boolean().default(false),
  locationOnly: z.boolean().default(false),
  expect: Outcome,
});

type Args =
  | { mode: "single"; ids: string[]; minor: boolean; locationOnly: boolean }
  | { mode: "cases"; file: string }
  | { mode: "trees" };

function parseArgs(argv: readonly string[]): Args | string {
  let minor = false;
  let locationOnly = false;
  let casesFile: string | undefined;
  let trees = false;
  const ids: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--minor") minor = true;
    else if (arg === "--trees") trees = true;
    else if (arg === "--location-only") locationOnly = true;
    else if (arg === "--cases") {
      casesFile = argv[++i];
      if (casesFile === undefined) return "--cases needs a file";
    } else if (arg.startsWith("-")) return `unknown option ${arg}`;
    else ids.push(arg);
  }
  if (trees) {
    return ids.length > 0 || minor || locationOnly || casesFile !== undefined
      ? "--trees takes no other arguments"
      : { mode: "trees" };
  }
  if (casesFile !== undefined) {
    return ids.length > 0 || minor || locationOnly
      ? "--cases takes no other arguments"
      : { mode: "cases", file: casesFile };
  }
  return { mode: "single", ids, minor, locationOnly };
}

async function runCases(file: string, catalogue: SignalCatalogue, policy: Policy): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    process.stderr.write(`cannot read ${file}: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    return 1;
  }
  let n = 0;
  let agree = 0;
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    n++;
    const where = `${file}:${index + 1}`;
    let parsed;
    try {
      parsed = EvalCase.safeParse(JSON.parse(line));
    } catch {
      process.stderr.write(`${where}: not valid JSON\n`);
      continue;
    }
    if (!parsed.success) {
      process.stderr.write(`${where}: ${parsed.error.issues[0]?.message ?? "invalid case"}\n`);
      continue;
    }
    const c = parsed.data;
    const unknown = findUnknownSignals(catalogue, c.signals);
    if (unknown.length > 0) {
      process.stderr.write(`${where}: unknown signal id(s): ${unknown.join(", ")}\n`);
      continue;
    }
    const result = assess(catalogue, policy, c.signals, { minor: c.minor, locationOnly: c.locationOnly });
    if (result.outcome === c.expect) agree++;
    else {
      process.stderr.write(
        `${where}: expected ${c.expect}, got ${result.outcome} (rule ${result.rule}) for ${JSON.stringify(c)}\n`,
      );
    }
  }
  process.stdout.write(`${JSON.stringify({ n, agree })}\n`);
  return 0;
}

/** Plays every route of every tree and prints what each tree can do; exit 1 when a safety rule is broken. */
async function runTrees(): Promise<number> {
  const topics = new Set(
    (await readdir(TOPICS_DIR)).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3)),
  );
  const { errors, reports } = await checkDialogContent(DIALOGS_DIR, topics);
  for (const e of errors) process.stderr.write(`${e.file}${e.path ? ` at ${e.path}` : ""}: ${e.message}\n`);
  for (const r of reports) {
    const outcomes = (Object.entries(r.outcomes) as [string, string[]][])
      .filter(([, list]) => list.length > 0)
      .map(([cls, list]) => `${cls} ${list.join("/")}`)
      .join("; ");
    process.stdout.write(
      `${r.id}: ${r.signals.length} signals, ${r.routes} routes (${r.mode}); ${outcomes}\n`,
    );
  }
  const trees = reports.map(({ id, signals, acuteOffered, outcomes }) => ({
    id,
    signals,
    acuteOffered,
    outcomes,
  }));
  process.stdout.write(`${JSON.stringify({ trees, violations: errors.length })}\n`);
  return errors.length > 0 ? 1 : 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(`${args}\n${USAGE}`);
    return 2;
  }
  if (args.mode === "trees") return runTrees();
  let content;
  try {
    content = await loadSignalContent(DIALOGS_DIR);
  } catch (error) {
    if (error instanceof ContentError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const { catalogue, policy } = content;
  if (args.mode === "cases") return runCases(args.file, catalogue, policy);
  const unknown = findUnknownSignals(catalogue, args.ids);
  if (unknown.length > 0) {
    process.stderr.write(`unknown signal id(s): ${unknown.join(", ")}\n`);
    return 2;
  }
  const result = assess(catalogue, policy, args.ids, { minor: args.minor, locationOnly: args.locationOnly });
  process.stdout.write(
    `${JSON.stringify({ outcome: result.outcome, rule: result.rule, signals: result.signals, reasons: result.reasons.nl })}\n`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
