/**
 * @module knowledge/status-dates
 * The curator check of time-bound facts ("stand 2025"): a topic lists them in its `status` front matter, each
 * with the date at which a source showed it to hold. `npm run content:check` warns (it never fails) when such a
 * date is older than the allowed age, and when the text names a stand date that no `status` entry carries, so
 * the text and the front matter cannot drift apart.
 */
import { join } from "node:path";
import { ContentError, type ContentIssue } from "../errors.js";
import { loadKnowledgeBase } from "./load.js";
import type { Topic } from "./topic-schema.js";

/** Default age in months after which a status fact is flagged for re-checking. */
export const STATUS_MAX_AGE_MONTHS = 6;

const MONTHS: Readonly<Record<string, number>> = {
  januari: 1,
  january: 1,
  februari: 2,
  february: 2,
  maart: 3,
  march: 3,
  april: 4,
  mei: 5,
  may: 5,
  juni: 6,
  june: 6,
  juli: 7,
  july: 7,
  augustus: 8,
  august: 8,
  september: 9,
  oktober: 10,
  october: 10,
  november: 11,
  december: 12,
};

/** "stand 2025", "stand van november 2025", "stand december 2025", "status 2025", "as of 2025", "as of late 2025". */
const STAND_MENTION = new RegExp(
  String.raw`\b(?:stand(?: van)?|status|as of)\s+(?:(?:begin|eind|early|late)\s+)?` +
    String.raw`(?:(${Object.keys(MONTHS).join("|")})\s+)?(20\d{2})\b`,
  "gi",
);

/** A stand date as a month count (year * 12 + month - 1); a bare year counts from its first month. */
function monthIndex(asOf: string): number {
  const [year, month] = asOf.split("-");
  return Number(year) * 12 + (month === undefined ? 0 : Number(month) - 1);
}

/**
 * True when `asOf` (YYYY-MM or YYYY) lies more than `maxAgeMonths` whole months before `now`. A bare year is
 * taken from January, because the source may be from any month of it: the warning then comes early, not late.
 */
export function isStatusStale(asOf: string, now: Date, maxAgeMonths: number): boolean {
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return current - monthIndex(asOf) > maxAgeMonths;
}

/** The stand dates a text names, as YYYY-MM or YYYY, with the words found. */
export function standMentions(text: string): Array<{ asOf: string; words: string }> {
  return [...text.matchAll(STAND_MENTION)].map((m) => {
    const month = m[1] === undefined ? undefined : MONTHS[m[1].toLowerCase()];
    const year = m[2] ?? "";
    return { asOf: month === undefined ? year : `${year}-${String(month).padStart(2, "0")}`, words: m[0] };
  });
}

/** A mention matches a status entry of the same month, or, when it names only a year, any entry of that year. */
function mentionCovered(mention: string, entries: readonly string[]): boolean {
  return entries.some((asOf) => asOf === mention || (mention.length === 4 && asOf.startsWith(`${mention}-`)));
}

/**
 * Warnings for the topics' status facts: each `status[i].asOf` older than `maxAgeMonths` before `now`, and each
 * stand date in a topic's text that no status entry carries. `fileOf` maps a topic id to its file for messages.
 */
export function statusDateWarnings(
  topics: readonly Topic[],
  fileOf: (id: string) => string,
  now: Date,
  maxAgeMonths: number = STATUS_MAX_AGE_MONTHS,
): ContentIssue[] {
  const warnings: ContentIssue[] = [];
  for (const topic of topics) {
    const file = fileOf(topic.id);
    const status = topic.status ?? [];
    status.forEach((entry, i) => {
      if (isStatusStale(entry.asOf, now, maxAgeMonths)) {
        warnings.push({
          file,
          path: `status[${i}].asOf`,
          message:
            `status fact "${entry.fact}" is stand ${entry.asOf}, more than ${maxAgeMonths} months ago; ` +
            "check it against the source and update the text and asOf",
        });
      }
    });
    const entries = status.map((s) => s.asOf);
    for (const lang of ["nl", "en"] as const) {
      const { lead, details } = topic.body[lang];
      for (const [part, text] of [
        ["lead", lead],
        ["details", details],
      ] as const) {
        for (const mention of standMentions(text)) {
          if (!mentionCovered(mention.asOf, entries)) {
            warnings.push({
              file,
              path: `body.${lang}.${part}`,
              message: `the text says "${mention.words}" but no status entry has asOf ${mention.asOf}; add it under status`,
            });
          }
        }
      }
    }
  }
  return warnings;
}

/**
 * Loads knowledge/ from `dir` and returns its status-date warnings. A knowledge base that does not load gives
 * none: its errors are reported by the content check itself.
 */
export async function checkStatusDates(
  dir: string,
  now: Date,
  maxAgeMonths: number = STATUS_MAX_AGE_MONTHS,
): Promise<ContentIssue[]> {
  try {
    const kb = await loadKnowledgeBase(dir);
    return statusDateWarnings(kb.topics, (id) => join(dir, "topics", `${id}.md`), now, maxAgeMonths);
  } catch (error) {
    if (error instanceof ContentError) return [];
    throw error;
  }
}

/** Reads the --max-status-age-months value: a whole number of months, at least 1; the default when absent. */
export function parseMaxStatusAge(value: string | undefined): number {
  if (value === undefined) return STATUS_MAX_AGE_MONTHS;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new RangeError(
      `--max-status-age-months expects a whole number of months (1 or more), got '${value}'`,
    );
  }
  return Number(value);
}
