/**
 * @module knowledge/evaluate
 * Scores a question-answering function on an evaluation set of `{"q": "...", "expect": "<topic id>" | null}`
 * lines, with the metrics issue 3 defines. kb:eval, the benchmark and the jest target test all use this, and
 * they pass in the very `findAnswers` the bot calls.
 *
 * A line may also name, in `also`, up to three other topics its labeller judged to answer it well too (labelled
 * before any measurement, like `expect`). The strict metrics ignore them; `top1Any` and `top3Any` count a hit on
 * any of them, which is closer to whether the member of staff was helped when two topics answer a question.
 */
import { z } from "zod";
import { ContentError, type ContentIssue } from "../errors.js";
import type { Decision } from "./decision.js";

/** One evaluation question and the topic it should get, or null when the bot should decline. */
export const EvalLine = z
  .strictObject({
    q: z.string().min(1),
    expect: z.string().min(1).nullable(),
    also: z.array(z.string().min(1)).max(3).optional(),
  })
  .refine((line) => line.expect !== null || !line.also?.length, {
    message: "a line that expects a decline names no other topic in `also`",
  })
  .refine((line) => !line.also?.includes(line.expect ?? ""), {
    message: "`also` repeats the expected topic",
  })
  .refine((line) => new Set(line.also).size === (line.also?.length ?? 0), {
    message: "`also` names a topic twice",
  });
export type EvalLine = z.infer<typeof EvalLine>;

/** Parses JSON Lines text (blank lines ignored); every bad line is reported in one ContentError. */
export function parseEvalLines(text: string, file: string): EvalLine[] {
  const lines: EvalLine[] = [];
  const issues: ContentIssue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (cause) {
      issues.push({ file, path: `line ${i + 1}`, message: `not JSON: ${(cause as Error).message}` });
      return;
    }
    const parsed = EvalLine.safeParse(json);
    if (parsed.success) lines.push(parsed.data);
    else
      issues.push({
        file,
        path: `line ${i + 1}`,
        message: parsed.error.issues[0]?.message ?? "invalid line",
      });
  });
  if (issues.length > 0) throw new ContentError(issues);
  return lines;
}

/** One issue per label (`expect` or `also`) that names no topic in `knownIds`: a typo would silently count as a miss. */
export function unknownLabelIssues(
  lines: readonly EvalLine[],
  knownIds: ReadonlySet<string>,
  file: string,
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  lines.forEach((line, i) => {
    for (const id of [line.expect, ...(line.also ?? [])])
      if (id !== null && !knownIds.has(id))
        issues.push({ file, path: `line ${i + 1}`, message: `unknown topic id '${id}'` });
  });
  return issues;
}

/** What the system under test did with one question: its decision and the topic ids it showed, best first. */
export interface EvalOutcome {
  decision: Decision;
  shown: readonly string[];
}

/** The metrics of issue 3, each a share in 0..1 (abstain metrics are 1 when there is nothing to count). */
export interface EvalMetrics {
  n: number;
  top1: number;
  top3: number;
  mrr: number;
  abstainPrecision: number;
  abstainRecall: number;
  wrongConfident: number;
  /** top1 and top3 counting a topic of `also` as a hit too (equal to top1 and top3 on sets without `also`). */
  top1Any: number;
  top3Any: number;
}

/** A line the system got wrong: declined an answerable question, missed the topic, or answered a null line. */
export interface EvalMiss {
  line: EvalLine;
  outcome: EvalOutcome;
  kind: "declined" | "wrong-top1" | "not-in-top3" | "answered-null" | "suggested-null";
}

const share = (count: number, total: number, empty: number): number => (total === 0 ? empty : count / total);

/** Runs every line through `answer` and computes the metrics and the list of misses. */
export function evaluate(
  lines: readonly EvalLine[],
  answer: (question: string) => EvalOutcome,
): { metrics: EvalMetrics; misses: EvalMiss[] } {
  let idLines = 0;
  let top1 = 0;
  let top3 = 0;
  let top1Any = 0;
  let top3Any = 0;
  let reciprocal = 0;
  let nullLines = 0;
  let nullDeclined = 0;
  let declines = 0;
  let wrongConfident = 0;
  const misses: EvalMiss[] = [];
  for (const line of lines) {
    const outcome = answer(line.q);
    const shown = outcome.decision === "decline" ? [] : outcome.shown.slice(0, 3);
    if (outcome.decision === "decline") declines += 1;
    if (outcome.decision === "answer" && shown[0] !== line.expect) wrongConfident += 1;
    if (line.expect === null) {
      nullLines += 1;
      if (outcome.decision === "decline") nullDeclined += 1;
      else
        misses.push({
          line,
          outcome,
          kind: outcome.decision === "answer" ? "answered-null" : "suggested-null",
        });
      continue;
    }
    idLines += 1;
    const rank = shown.indexOf(line.expect);
    if (rank === 0) top1 += 1;
    if (rank >= 0) {
      top3 += 1;
      reciprocal += 1 / (rank + 1);
    }
    const accepted = new Set([line.expect, ...(line.also ?? [])]);
    if (shown[0] !== undefined && accepted.has(shown[0])) top1Any += 1;
    if (shown.some((id) => accepted.has(id))) top3Any += 1;
    if (outcome.decision === "decline") misses.push({ line, outcome, kind: "declined" });
    else if (rank < 0) misses.push({ line, outcome, kind: "not-in-top3" });
    else if (rank > 0) misses.push({ line, outcome, kind: "wrong-top1" });
  }
  return {
    metrics: {
      n: lines.length,
      top1: share(top1, idLines, 1),
      top3: share(top3, idLines, 1),
      mrr: share(reciprocal, idLines, 1),
      abstainPrecision: share(nullDeclined, declines, 1),
      abstainRecall: share(nullDeclined, nullLines, 1),
      wrongConfident: share(wrongConfident, lines.length, 0),
      top1Any: share(top1Any, idLines, 1),
      top3Any: share(top3Any, idLines, 1),
    },
    misses,
  };
}

/** Rounds every metric to four decimals for printing. */
export function roundMetrics(metrics: EvalMetrics): EvalMetrics {
  const r = (v: number) => Math.round(v * 10000) / 10000;
  return {
    n: metrics.n,
    top1: r(metrics.top1),
    top3: r(metrics.top3),
    mrr: r(metrics.mrr),
    abstainPrecision: r(metrics.abstainPrecision),
    abstainRecall: r(metrics.abstainRecall),
    wrongConfident: r(metrics.wrongConfident),
    top1Any: r(metrics.top1Any),
    top3Any: r(metrics.top3Any),
  };
}
