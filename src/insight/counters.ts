/**
 * @module insight/counters
 * The anonymous statistics the municipality keeps: counters per calendar month (Europe/Amsterdam), metric and
 * key, never an id, a name or a text. A case contributes to them while it is stored (the stores aggregate live
 * cases) and, when retention deletes it, its contribution is folded into the stored counters in the same write,
 * so the figures survive the purge. A finished signal check adds its counters directly, whether or not a report
 * follows. `caseCounters` is the one definition of what a case contributes; the PostgreSQL store mirrors it in
 * SQL and the contract tests hold both to it.
 */
import { z } from "zod";
import { effectiveOutcome, type CaseRecord } from "../cases/case-schema.js";

/**
 * What is counted:
 * - `cases`: one per case, key `outcome|department` (the effective outcome, after a coordinator's override);
 * - `case_forms`: one per form of exploitation a case's signals point to (`unknown` when none), key the form;
 * - `case_signals`: one per signal of a case, key the signal id;
 * - `case_referrals`: one per referral, key the partner;
 * - `claim_hours`, `close_days`: one per claimed or closed case, key the upper bound of its duration bucket;
 * - `checks`: one per finished signal check, key `outcome|tree|department` (the department the user chose, or
 *   `unknown`; counters stored before departments were counted have `outcome|tree`);
 * - `check_forms`: one per form of exploitation a finished check's signals point to (`unknown` when none);
 * - `check_signals`: one per signal of a finished check, key the signal id;
 * - `kb_unanswered`: one per question the knowledge base could not answer, key the topic area of its closest
 *   topic (`none` when nothing came close). The question itself is never counted here;
 * - `practice_runs`: one per finished practice case, key the user's department (or `unknown`);
 * - `practice_staff`: one per user per month who finished a practice case, key the department;
 * - `practice_missed`: one per signal a practice run missed, key the signal id;
 * - `case_clusters`: one per case, key how it stood to earlier reports about its place when it came in
 *   (`no_place`, `single`, `linked` or `cluster`; cases/place-links). Never the place or its key;
 * - `case_steps`: one per step of a case's follow-up playbook, key `playbook|step|state` (open, done, skipped),
 *   so the municipality sees which steps are usually skipped;
 * - `contact_hours`: one per claimed case that reached a partner, key the bucket of the hours from the claim to the
 *   first partner contact (the first referral, or the first ticked step with a partner, whichever came first);
 * - `case_closes`: one per closed case, key `complete` (every playbook step done or skipped), `override` (closed
 *   with steps open) or `no_playbook`.
 */
export const InsightMetric = z.enum([
  "cases",
  "case_forms",
  "case_signals",
  "case_referrals",
  "claim_hours",
  "close_days",
  "checks",
  "check_forms",
  "check_signals",
  "kb_unanswered",
  "practice_runs",
  "practice_staff",
  "practice_missed",
  "case_clusters",
  "case_steps",
  "contact_hours",
  "case_closes",
]);
export type InsightMetric = z.infer<typeof InsightMetric>;

/** One counter. `n` may be negative in an increment (a check whose advice changed moves its count). */
export const Counter = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  metric: InsightMetric,
  key: z.string().min(1).max(120),
  n: z.int(),
});
export type Counter = z.infer<typeof Counter>;

/** Upper bounds of the time-to-claim buckets in hours; a longer wait falls in the open bucket `more`. */
export const CLAIM_HOUR_BOUNDS = [1, 4, 8, 24, 48, 72, 168] as const;
/** Upper bounds of the claim-to-first-partner-contact buckets in hours. */
export const CONTACT_HOUR_BOUNDS = [4, 24, 72, 168, 336, 720] as const;
/** Upper bounds of the time-to-close buckets in days. */
export const CLOSE_DAY_BOUNDS = [1, 7, 14, 30, 60, 90, 180] as const;
/** The key of the bucket past the last bound. */
export const OPEN_BUCKET = "more";
/** The form key of a case whose signals point to no particular form of exploitation. */
export const UNKNOWN_FORM = "unknown";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The bucket key of `value` for `bounds`: the first bound it does not exceed, or `more`. */
export function bucketOf(value: number, bounds: readonly number[]): string {
  const bound = bounds.find((b) => value <= b);
  return bound === undefined ? OPEN_BUCKET : String(bound);
}

const monthFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "2-digit",
});

/** The calendar month of `iso` in the Netherlands, as `YYYY-MM`. */
export function monthOf(iso: string): string {
  return monthFormat.format(new Date(iso)).slice(0, 7);
}

/** What one stored case contributes to the counters, in the month it was reported. */
export function caseCounters(record: CaseRecord): Counter[] {
  const month = monthOf(record.createdAt);
  const one = (metric: InsightMetric, key: string): Counter => ({ month, metric, key, n: 1 });
  const forms = record.forms?.length ? record.forms : [UNKNOWN_FORM];
  const counters = [
    one("cases", `${effectiveOutcome(record)}|${record.reporter.department}`),
    ...forms.map((form) => one("case_forms", form)),
    ...record.signals.map((signal) => one("case_signals", signal)),
    ...record.referrals.map((referral) => one("case_referrals", referral.to)),
    ...(record.placeMatch ? [one("case_clusters", record.placeMatch)] : []),
  ];
  const created = Date.parse(record.createdAt);
  if (record.claimedAt) {
    const hours = (Date.parse(record.claimedAt) - created) / HOUR_MS;
    counters.push(one("claim_hours", bucketOf(hours, CLAIM_HOUR_BOUNDS)));
  }
  if (record.closed) {
    const days = (Date.parse(record.closed.at) - created) / DAY_MS;
    counters.push(one("close_days", bucketOf(days, CLOSE_DAY_BOUNDS)));
    counters.push(
      one(
        "case_closes",
        !record.playbook ? "no_playbook" : record.closed.openSteps?.length ? "override" : "complete",
      ),
    );
  }
  const playbook = record.playbook;
  if (playbook)
    counters.push(...playbook.steps.map((s) => one("case_steps", `${playbook.id}|${s.id}|${s.state}`)));
  const contact = firstPartnerContact(record);
  if (record.claimedAt && contact !== undefined) {
    const hours = (contact - Date.parse(record.claimedAt)) / HOUR_MS;
    counters.push(one("contact_hours", bucketOf(hours, CONTACT_HOUR_BOUNDS)));
  }
  return counters;
}

/** The time (ms) of a case's first partner contact: its first referral or first ticked step with a partner. */
function firstPartnerContact(record: CaseRecord): number | undefined {
  const times = [
    ...record.referrals.map((r) => Date.parse(r.at)),
    ...(record.playbook?.steps ?? [])
      .filter((s) => s.partner && s.state === "done" && s.at)
      .map((s) => Date.parse(s.at ?? "")),
  ];
  return times.length > 0 ? Math.min(...times) : undefined;
}

/** The department key of a check whose user never chose one. */
export const UNKNOWN_DEPARTMENT = "unknown";

/**
 * A finished signal check as the counters see it: when, which tree, the advice, the signal ids, the forms of
 * exploitation they point to and the user's department (when they chose one). No person, no text.
 */
export interface CheckFact {
  at: string;
  treeId: string;
  outcome: string;
  signals: readonly string[];
  forms: readonly string[];
  department?: string;
}

/** What one finished check contributes; with `sign` -1 it takes that contribution back. */
export function checkCounters(fact: CheckFact, sign: 1 | -1 = 1): Counter[] {
  const month = monthOf(fact.at);
  const department = fact.department ?? UNKNOWN_DEPARTMENT;
  const forms = fact.forms.length > 0 ? fact.forms : [UNKNOWN_FORM];
  return [
    { month, metric: "checks", key: `${fact.outcome}|${fact.treeId}|${department}`, n: sign },
    ...forms.map((form): Counter => ({ month, metric: "check_forms", key: form, n: sign })),
    ...fact.signals.map((signal): Counter => ({ month, metric: "check_signals", key: signal, n: sign })),
  ];
}

/** The topic area key of an unanswered question nothing came close to. */
export const NO_AREA = "none";

/** What one unanswered knowledge question contributes: its month and the topic area of its closest topic. */
export function unansweredCounter(at: string, area: string | undefined): Counter {
  return { month: monthOf(at), metric: "kb_unanswered", key: area ?? NO_AREA, n: 1 };
}

const counterKey = (c: Pick<Counter, "month" | "metric" | "key">) =>
  `${c.month}\u0000${c.metric}\u0000${c.key}`;

/** Adds up counters with the same month, metric and key; zero sums are dropped; ordered by month, metric, key. */
export function sumCounters(...lists: ReadonlyArray<readonly Counter[]>): Counter[] {
  const sums = new Map<string, Counter>();
  for (const list of lists) {
    for (const c of list) {
      const k = counterKey(c);
      const seen = sums.get(k);
      sums.set(k, seen ? { ...seen, n: seen.n + c.n } : { ...c });
    }
  }
  return [...sums.values()]
    .filter((c) => c.n !== 0)
    .sort((a, b) => (counterKey(a) < counterKey(b) ? -1 : counterKey(a) > counterKey(b) ? 1 : 0));
}

/**
 * What one finished practice run contributes: the run and (the user's first this month) the person, by department,
 * and each signal missed. No case, no person, no answer.
 */
export function practiceCounters(
  at: string,
  department: string | undefined,
  missed: readonly string[],
  firstThisMonth: boolean,
): Counter[] {
  const month = monthOf(at);
  const key = department ?? UNKNOWN_DEPARTMENT;
  return [
    { month, metric: "practice_runs", key, n: 1 },
    ...(firstThisMonth ? [{ month, metric: "practice_staff" as const, key, n: 1 }] : []),
    ...missed.map((signal): Counter => ({ month, metric: "practice_missed", key: signal, n: 1 })),
  ];
}
