/**
 * `npm run bench:kb`: evaluates the knowledge search and two baselines on the same questions in one run
 * (natural's TfIdf over the same topic texts; a plain BM25 without Dutch stemming, synonyms or typo tolerance),
 * then measures query latency (p50/p99 over many queries) and index build time for the whole knowledge base.
 */
import { isAbsolute } from "node:path";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import TfIdf from "natural/lib/natural/tfidf/tfidf.js";
import { buildBm25, scoreBm25 } from "../src/knowledge/bm25.js";
import {
  evaluate,
  parseEvalLines,
  roundMetrics,
  type EvalLine,
  type EvalOutcome,
} from "../src/knowledge/evaluate.js";
import { loadKnowledgeBase } from "../src/knowledge/load.js";
import { buildKnowledgeIndex } from "../src/knowledge/search-index.js";
import { findAnswers } from "../src/knowledge/search.js";
import { isStopword, tokenize } from "../src/knowledge/text.js";
import type { KnowledgeBase, Topic } from "../src/knowledge/topic-schema.js";

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
// `npm run bench:kb -- FILE...` compares on other sets, e.g. a blind set nobody tuned on.
const EVAL_SETS =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ["test/fixtures/knowledge/kb-dev.jsonl", "test/fixtures/knowledge/kb-holdout.jsonl"];
const LATENCY_ROUNDS = 50;
const BUILD_ROUNDS = 20;

type Answerer = (question: string) => EvalOutcome;

/** All of a topic's text in both languages: what every system indexes. */
function topicText(topic: Topic): string {
  return [
    topic.title.nl,
    topic.title.en,
    ...topic.variants.nl,
    ...topic.variants.en,
    topic.tags.join(" "),
    topic.body.nl.lead,
    topic.body.nl.details,
    topic.body.en.lead,
    topic.body.en.details,
  ].join("\n");
}

// Baselines have no confidence model: they decline only when nothing matches and otherwise answer their top hit.
function outcomeFromRanking(ids: string[]): EvalOutcome {
  return ids.length === 0
    ? { decision: "decline", shown: [] }
    : { decision: "answer", shown: ids.slice(0, 3) };
}

function buildTfIdf(kb: KnowledgeBase): Answerer {
  const tfidf = new TfIdf();
  for (const topic of kb.topics) tfidf.addDocument(topicText(topic), topic.id);
  return (question) => {
    const measures = tfidf.tfidfs(question);
    const ranked = measures
      .map((measure, i) => ({ id: kb.topics[i]?.id ?? "", measure }))
      .filter((r) => r.measure > 0)
      .sort((a, b) => b.measure - a.measure);
    return outcomeFromRanking(ranked.map((r) => r.id));
  };
}

function buildPlainBm25(kb: KnowledgeBase): Answerer {
  const words = (text: string) => tokenize(text).filter((t) => !isStopword(t));
  const index = buildBm25(
    kb.topics.map((topic) => ({ all: words(topicText(topic)) })),
    { k1: 1.2, fields: { all: { weight: 1, b: 0.75 } } },
  );
  return (question) => {
    const terms = [...new Set(words(question))].map((term) => ({ term, weight: 1 }));
    return outcomeFromRanking(scoreBm25(index, terms).map((s) => kb.topics[s.doc]?.id ?? ""));
  };
}

/** Ranking quality alone (ignoring decisions), on lines with an expected topic: fair to systems without one. */
function rankingOnly(
  lines: readonly EvalLine[],
  rank: (q: string) => string[],
): { rank1: number; rank3: number } {
  const idLines = lines.filter((l) => l.expect !== null);
  let rank1 = 0;
  let rank3 = 0;
  for (const line of idLines) {
    const ids = rank(line.q);
    if (ids[0] === line.expect) rank1 += 1;
    if (ids.slice(0, 3).includes(line.expect ?? "")) rank3 += 1;
  }
  return { rank1: rank1 / idLines.length, rank3: rank3 / idLines.length };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function latency(
  questions: readonly string[],
  answer: Answerer,
): { p50: number; p99: number; count: number } {
  // One unmeasured round lets the JIT compile the code paths, as in the long-running bot.
  for (const q of questions) answer(q);
  const times: number[] = [];
  for (let round = 0; round < LATENCY_ROUNDS; round++) {
    for (const q of questions) {
      const start = performance.now();
      answer(q);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), count: times.length };
}

const fmt = (v: number, digits = 3) => v.toFixed(digits).padStart(7);

async function main(): Promise<void> {
  const kb = await loadKnowledgeBase(root("knowledge"));
  const buildTimes: number[] = [];
  for (let i = 0; i < BUILD_ROUNDS; i++) {
    const start = performance.now();
    buildKnowledgeIndex(kb);
    buildTimes.push(performance.now() - start);
  }
  const firstBuild = buildTimes[0] ?? 0;
  buildTimes.sort((a, b) => a - b);
  const index = buildKnowledgeIndex(kb);
  const systems: Array<{ name: string; answer: Answerer; rank: (q: string) => string[] }> = [
    {
      name: "signaalwijzer",
      answer: (q) => {
        const r = findAnswers(index, q);
        return { decision: r.decision, shown: r.hits.map((h) => h.topicId) };
      },
      rank: (q) => findAnswers(index, q).hits.map((h) => h.topicId),
    },
    { name: "natural-tfidf", answer: buildTfIdf(kb), rank: (q) => [...buildTfIdf(kb)(q).shown] },
    { name: "plain-bm25", answer: buildPlainBm25(kb), rank: (q) => [...buildPlainBm25(kb)(q).shown] },
  ];
  // Ranking functions reuse one built baseline each (rebuilding per question would only slow the run).
  const tfidf = buildTfIdf(kb);
  const plain = buildPlainBm25(kb);
  systems[1] = { ...systems[1]!, answer: tfidf, rank: (q) => [...tfidf(q).shown] };
  systems[2] = { ...systems[2]!, answer: plain, rank: (q) => [...plain(q).shown] };

  const allQuestions: string[] = [];
  const results: Record<
    string,
    Record<string, ReturnType<typeof roundMetrics> & { rank1: number; rank3: number }>
  > = {};
  for (const set of EVAL_SETS) {
    const lines = parseEvalLines(await readFile(isAbsolute(set) ? set : root(set), "utf8"), set);
    allQuestions.push(...lines.map((l) => l.q));
    for (const system of systems) {
      const { metrics } = evaluate(lines, system.answer);
      // For our system the decision-free ranking is the candidate list, which declines also carry.
      const ranking = rankingOnly(lines, system.rank);
      (results[system.name] ??= {})[set] = { ...roundMetrics(metrics), ...ranking };
    }
  }

  console.log(`knowledge base: ${kb.topics.length} topics; eval sets: ${EVAL_SETS.join(", ")}`);
  // Other processes on the machine stretch wall-clock figures; the load average says how much.
  const load = loadavg().map((l) => l.toFixed(2));
  console.log(`machine: ${cpus().length} CPUs, load average ${load.join(" ")}\n`);
  for (const set of EVAL_SETS) {
    console.log(`== ${set}`);
    console.log("system            top1    top3     mrr  wrongC  abstR   abstP   rank1   rank3");
    for (const system of systems) {
      const m = results[system.name]?.[set];
      if (!m) continue;
      console.log(
        `${system.name.padEnd(14)}${fmt(m.top1)} ${fmt(m.top3)} ${fmt(m.mrr)} ${fmt(m.wrongConfident)}` +
          `${fmt(m.abstainRecall)} ${fmt(m.abstainPrecision)} ${fmt(m.rank1)} ${fmt(m.rank3)}`,
      );
    }
    const ours = results.signaalwijzer?.[set];
    for (const baseline of ["natural-tfidf", "plain-bm25"]) {
      const b = results[baseline]?.[set];
      if (!ours || !b) continue;
      const ratio = (a: number, c: number) => (c === 0 ? "inf" : (a / c).toFixed(2));
      console.log(
        `  vs ${baseline}: top1 x${ratio(ours.top1, b.top1)}, top3 x${ratio(ours.top3, b.top3)}, ` +
          `rank1 x${ratio(ours.rank1, b.rank1)}, wrongConfident ${ours.wrongConfident} vs ${b.wrongConfident}`,
      );
    }
    console.log("");
  }
  console.log(`latency over ${LATENCY_ROUNDS} rounds of ${allQuestions.length} questions (ms):`);
  for (const system of systems) {
    const l = latency(allQuestions, system.answer);
    console.log(`  ${system.name.padEnd(14)} p50 ${fmt(l.p50)}  p99 ${fmt(l.p99)}  (${l.count} queries)`);
  }
  console.log(
    `index build (ms): first ${firstBuild.toFixed(1)}, median ${percentile(buildTimes, 50).toFixed(1)}, ` +
      `max ${(buildTimes[buildTimes.length - 1] ?? 0).toFixed(1)} over ${BUILD_ROUNDS} builds`,
  );
}

await main();
