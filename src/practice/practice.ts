/**
 * @module practice/practice
 * The rules of practice mode, pure: which case to offer, which follow-up fact a typed question asks for, and how a
 * finished practice check compares with the case (signals found, missed and wrongly ticked; advice right or not).
 * Practice never creates a case or notifies anyone; the bot layer only shows what these functions return.
 */
import type { Outcome } from "../signals/policy.js";
import { editDistance, maxTypoDistance } from "../text/fuzzy.js";
import { normaliseText } from "../text/normalise.js";
import type { PracticeCase, PracticeFact } from "./practice-schema.js";

/** How many recently done cases `pickCase` avoids repeating. */
export const RECENT_CASES = 10;

/**
 * The next case for a user: one of their department's cases they did not do recently, else any case they did not
 * do recently, else any case; `random` in [0, 1) picks among the candidates.
 */
export function pickCase(
  cases: readonly PracticeCase[],
  department: string | undefined,
  recent: readonly string[],
  random: number,
): PracticeCase | undefined {
  const fresh = cases.filter((c) => !recent.includes(c.id));
  const own = fresh.filter((c) => department !== undefined && c.departments.some((d) => d === department));
  const pool = own.length > 0 ? own : fresh.length > 0 ? fresh : cases;
  return pool[Math.min(pool.length - 1, Math.floor(random * pool.length))];
}

const words = (text: string) =>
  normaliseText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Whether `word` is `wanted`, or a typo of it (the knowledge search's typo distance), or starts with it. */
function sameWord(word: string, wanted: string): boolean {
  if (word === wanted) return true;
  if (wanted.length >= 5 && word.startsWith(wanted)) return true;
  const limit = maxTypoDistance(wanted.length);
  return limit > 0 && editDistance(word, wanted, limit) <= limit;
}

/**
 * The facts a typed question asks for: a fact matches when every word of one of its `ask` phrases is in the
 * question (normalised, typos allowed), in the question's language or the other.
 */
export function matchFacts(c: PracticeCase, question: string): PracticeFact[] {
  const asked = words(question);
  return c.facts.filter((fact) =>
    [...fact.ask.nl, ...fact.ask.en].some((phrase) =>
      words(phrase).every((wanted) => asked.some((word) => sameWord(word, wanted))),
    ),
  );
}

/** How a finished practice check compares with its case. */
export interface PracticeScore {
  caseId: string;
  found: string[];
  missed: string[];
  wronglyTicked: string[];
  reached: Outcome;
  expected: Outcome;
  adviceRight: boolean;
}

/** Compares the signals and advice of a finished check with the case. */
export function scorePractice(c: PracticeCase, signals: readonly string[], reached: Outcome): PracticeScore {
  const chosen = new Set(signals);
  return {
    caseId: c.id,
    found: c.signals.filter((s) => chosen.has(s)),
    missed: c.signals.filter((s) => !chosen.has(s)),
    wronglyTicked: [...chosen].filter((s) => !c.signals.includes(s)),
    reached,
    expected: c.expected,
    adviceRight: reached === c.expected,
  };
}

/** A user's practice so far: runs, signals found of those present, the last cases done, the last month active. */
export interface PracticeProgress {
  runs: number;
  found: number;
  present: number;
  recent: string[];
  month?: string;
}

/** The progress after one more scored run in `month`. */
export function addRun(progress: PracticeProgress | undefined, score: PracticeScore, month: string) {
  const before = progress ?? { runs: 0, found: 0, present: 0, recent: [] };
  return {
    runs: before.runs + 1,
    found: before.found + score.found.length,
    present: before.present + score.found.length + score.missed.length,
    recent: [score.caseId, ...before.recent.filter((id) => id !== score.caseId)].slice(0, RECENT_CASES),
    month,
  } satisfies PracticeProgress;
}
