/**
 * @module knowledge/gaps
 * The curator's gap report: unanswered questions grouped by their normalised wording and counted, so the
 * questions asked most often (the biggest gaps) come first.
 */
import { normaliseText } from "../text/normalise.js";

/** One group of unanswered questions that read the same once case, accents and punctuation are ignored. */
export interface UnansweredGroup {
  question: string;
  count: number;
  lastAt: string;
  candidates: string[];
}

function groupKey(question: string): string {
  return normaliseText(question)
    .replace(/[^\p{L}\p{N}[\]]+/gu, " ")
    .trim();
}

/** Groups questions (each `{question, at, candidates}`) by normalised wording; most frequent, then latest, first. */
export function groupUnanswered(
  questions: ReadonlyArray<{ question: string; at: string; candidates: readonly string[] }>,
): UnansweredGroup[] {
  const groups = new Map<string, UnansweredGroup>();
  for (const q of questions) {
    const key = groupKey(q.question);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { question: q.question, count: 1, lastAt: q.at, candidates: [...q.candidates] });
      continue;
    }
    group.count += 1;
    if (q.at > group.lastAt) group.lastAt = q.at;
    for (const c of q.candidates) if (!group.candidates.includes(c)) group.candidates.push(c);
  }
  return [...groups.values()].sort(
    (a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt) || a.question.localeCompare(b.question),
  );
}
