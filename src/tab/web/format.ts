/**
 * @module tab/web/format
 * Pure formatting for the tab: durations, the waiting-time line of the case list, dates in Dutch time, month
 * arithmetic and the labels of statistics keys. No DOM, so the rules are unit-tested in Node.
 */
import type { CaseSummary, Cell, Insight } from "./contract.js";
import { fill, type Lang, type TabTexts } from "./texts.js";

/** The longest texts a coordinator may send, as the API checks them (`CASE_TEXT_LIMITS` in cases/case-schema). */
export const TEXT_LIMITS = { question: 1000, note: 1000, reason: 1000 } as const;

/** A duration in whole minutes as the largest sensible unit: "12 min", "5 uur", "3 dagen". */
export function formatDuration(minutes: number, t: TabTexts): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return fill(t.time.minutes, { n: String(m) });
  const hours = Math.floor(m / 60);
  if (hours < 48) return hours === 1 ? t.time.hour : fill(t.time.hours, { n: String(hours) });
  const days = Math.floor(hours / 24);
  return days === 1 ? t.time.day : fill(t.time.days, { n: String(days) });
}

/**
 * The waiting line of a case: "wacht 5 uur · herinnering over 19 uur" while unclaimed, "wacht 30 uur · te laat"
 * once overdue, "opgepakt na 2 uur" once claimed.
 */
export function waitingText(c: CaseSummary, now: number, t: TabTexts): string {
  const time = formatDuration(c.waitingMinutes, t);
  if (c.claimedBy) return fill(t.time.claimedAfter, { time });
  if (c.status !== "new") return time;
  const waiting = fill(t.time.waiting, { time });
  if (c.overdue) return `${waiting} · ${t.time.overdue}`;
  if (!c.reminderAt) return waiting;
  const left = (Date.parse(c.reminderAt) - now) / 60_000;
  if (left <= 0) return `${waiting} · ${t.time.overdue}`;
  return `${waiting} · ${fill(t.time.reminderIn, { time: formatDuration(left, t) })}`;
}

/** A date-time in Dutch time, e.g. "2 mrt 2026, 10:00". */
export function formatTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", {
    timeZone: "Europe/Amsterdam",
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}

/** A month `YYYY-MM` as "mrt 2026" / "Mar 2026". */
export function formatMonth(month: string, lang: Lang): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", {
    timeZone: "UTC",
    month: "short",
    year: "numeric",
  }).format(new Date(Date.UTC(year, m - 1, 15)));
}

/** The current month in the Netherlands, `YYYY-MM`. */
export function currentMonth(now: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit" })
    .format(new Date(now))
    .slice(0, 7);
}

/** The month `delta` months after `month` (`YYYY-MM`; negative goes back). */
export function addMonths(month: string, delta: number): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** A table cell as shown: the number, or "< 5" for a suppressed one. */
export function cellText(cell: Cell, minCell: number, t: TabTexts): string {
  return cell === "suppressed" ? fill(t.insight.suppressed, { min: String(minCell) }) : String(cell);
}

/** An id such as `acute_threat_to_life` or `alleen-locatie` as words, for keys the tab has no label for. */
export function humanize(id: string): string {
  const words = id.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The human label of a row key of a statistics table. Signal and check names come with the report (`labels`,
 * from the content); the tab's own table of check names and a readable form of the id are the fallbacks.
 */
export function rowLabel(table: string, key: string, t: TabTexts, labels?: Insight["labels"]): string {
  const lang = t.lang;
  switch (table) {
    case "caseSignals":
    case "checkSignals":
    case "practiceMissed":
      return labels?.signals?.[key]?.[lang] ?? humanize(key);
    case "casesByOutcome":
    case "checksByOutcome":
      return t.outcome[key as keyof TabTexts["outcome"]] ?? humanize(key);
    case "casesByDepartment":
    case "checksByDepartment":
    case "practiceByDepartment":
    case "practiceStaff":
      return key === "unknown" ? t.insight.unknownDepartment : (t.department[key] ?? humanize(key));
    case "casesByForm":
    case "checksByForm":
      return t.insight.forms[key] ?? humanize(key);
    case "unansweredByArea":
      return t.insight.areas[key] ?? humanize(key);
    case "caseReferrals":
      return t.referral[key] ?? humanize(key);
    case "checksByTree":
      return labels?.trees?.[key]?.[lang] ?? t.insight.trees[key] ?? humanize(key);
    case "claimHours":
    case "closeDays":
    case "contactHours":
      return bucketLabel(table, key, t);
    case "casesByCluster":
      return t.insight.clusters[key] ?? humanize(key);
    case "closesByPlaybook":
      return t.insight.closes[key] ?? humanize(key);
    case "stepsSkipped":
      return labels?.steps?.[key]?.[lang] ?? humanize(key.split("|")[1] ?? key);
    default:
      return humanize(key);
  }
}

/** A duration bucket's upper bound as words: "4" → "≤ 4 uur" (hours) or "≤ 4 dagen" (days), "more" → "langer". */
export function bucketLabel(
  table: "claimHours" | "closeDays" | "contactHours",
  key: string,
  t: TabTexts,
): string {
  if (key === "more") return t.insight.moreBucket;
  if (table !== "closeDays") return fill(t.insight.hoursBucket, { n: key });
  return key === "1" ? t.insight.dayBucket : fill(t.insight.daysBucket, { n: key });
}
