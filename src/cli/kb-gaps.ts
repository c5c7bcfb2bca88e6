/**
 * @module cli/kb-gaps
 * `npm run kb:gaps [-- --data-dir DIR]`: lists the questions the bot could not answer, grouped and counted, and
 * the topics staff rated "not useful", so curators know what to write or fix. Reads the configured storage
 * (DATA_DIR for lowdb, DATABASE_URL for STORAGE=postgres) unless a data directory is given.
 */
import { resolve } from "node:path";
import pg from "pg";
import { loadConfig } from "../config.js";
import { groupUnanswered } from "../knowledge/gaps.js";
import type { KnowledgeLog } from "../storage/knowledge-log.js";
import { openLowdbKnowledgeLog } from "../storage/lowdb-knowledge-log.js";
import { openPgKnowledgeLog } from "../storage/pg-knowledge-log.js";

const USAGE = "usage: npm run kb:gaps [-- --data-dir DIR]";

function parseArgs(argv: readonly string[]): { dataDir?: string } | undefined {
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--data-dir" && argv[i + 1]) dataDir = resolve(argv[++i] ?? "");
    else return undefined;
  }
  return { dataDir };
}

async function openLog(
  dataDir: string | undefined,
): Promise<{ log: KnowledgeLog; release: () => Promise<void> }> {
  const config = loadConfig(process.env);
  if (dataDir || config.storage.kind === "lowdb") {
    const log = await openLowdbKnowledgeLog(dataDir ?? config.storage.dataDir);
    return { log, release: () => log.close() };
  }
  const pool = new pg.Pool({ connectionString: config.storage.url, max: 1 });
  return { log: await openPgKnowledgeLog(pool), release: () => pool.end() };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const { log, release } = await openLog(args.dataDir);
  const gaps = await log.listGaps();
  await release();
  const groups = groupUnanswered(gaps.unanswered);
  const out: string[] = [];
  out.push(
    `Onbeantwoorde vragen / unanswered questions: ${gaps.unanswered.length} (${groups.length} distinct)`,
  );
  for (const g of groups) {
    const candidates = g.candidates.length > 0 ? `  [candidates: ${g.candidates.join(", ")}]` : "";
    out.push(
      `  ${String(g.count).padStart(4)}x  ${g.question}  (last ${g.lastAt.slice(0, 10)})${candidates}`,
    );
  }
  out.push("");
  out.push(
    `Onderwerpen met negatieve feedback / topics with negative feedback: ${gaps.negativeFeedback.length}`,
  );
  for (const f of gaps.negativeFeedback) {
    out.push(`  ${f.topicId}: nee/no ${f.no}, ja/yes ${f.yes}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
