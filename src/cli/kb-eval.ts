/**
 * @module cli/kb-eval
 * `npm run --silent kb:eval -- FILE.jsonl [--knowledge DIR]`: runs every question through the bot's own
 * `findAnswers`, prints each miss to stderr and, as the last stdout line, one JSON object with the metrics.
 * Exit code 0 when it ran (whatever the figures), 1 on unreadable input, broken content or a label (`expect`,
 * `also`) that names no topic.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ContentError } from "../errors.js";
import { evaluate, parseEvalLines, roundMetrics, unknownLabelIssues } from "../knowledge/evaluate.js";
import { loadKnowledgeBase } from "../knowledge/load.js";
import { buildKnowledgeIndex } from "../knowledge/search-index.js";
import { findAnswers } from "../knowledge/search.js";

const USAGE = "usage: npm run --silent kb:eval -- FILE.jsonl [--knowledge DIR]";
const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL("../../knowledge", import.meta.url));

function parseArgs(argv: readonly string[]): { file: string; knowledgeDir: string } | undefined {
  let file: string | undefined;
  let knowledgeDir = DEFAULT_KNOWLEDGE_DIR;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--knowledge") {
      const value = argv[++i];
      if (!value) return undefined;
      knowledgeDir = value;
    } else if (arg && !arg.startsWith("--") && file === undefined) file = arg;
    else return undefined;
  }
  return file ? { file, knowledgeDir } : undefined;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const lines = parseEvalLines(await readFile(args.file, "utf8"), args.file);
  const knowledge = await loadKnowledgeBase(args.knowledgeDir);
  const unknown = unknownLabelIssues(lines, new Set(knowledge.topics.map((t) => t.id)), args.file);
  if (unknown.length > 0) throw new ContentError(unknown);
  const index = buildKnowledgeIndex(knowledge);
  const { metrics, misses } = evaluate(lines, (q) => {
    const result = findAnswers(index, q);
    return { decision: result.decision, shown: result.hits.map((h) => h.topicId) };
  });
  for (const miss of misses) {
    const shown = miss.outcome.shown.join(",") || "-";
    const also = miss.line.also?.length ? ` (also ${miss.line.also.join(",")})` : "";
    process.stderr.write(
      `miss ${miss.kind}: expected ${miss.line.expect ?? "decline"}${also}, got ${miss.outcome.decision} [${shown}]: ${miss.line.q}\n`,
    );
  }
  process.stdout.write(`${JSON.stringify(roundMetrics(metrics))}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ContentError || error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
