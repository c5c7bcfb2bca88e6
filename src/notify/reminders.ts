/**
 * @module notify/reminders
 * When an unclaimed case is overdue: ACUTE and ESCALATE after a number of hours, CONSULT, MONITOR and NONE after
 * a number of working days (Saturday and Sunday skipped, in Dutch time; public holidays are not known here and
 * count as working days). Pure; the case service re-announces what `findOverdue` returns, once per case.
 */
import { effectiveOutcome, type CaseRecord } from "../cases/case-schema.js";

/** The reminder thresholds from settings (defaults: 4 hours, 2 working days). */
export interface ReminderSettings {
  escalateHours: number;
  consultWorkdays: number;
}

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
const weekday = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", weekday: "short" });

function isWorkday(at: Date): boolean {
  const day = weekday.format(at);
  return day !== "Sat" && day !== "Sun";
}

/** The moment `record` becomes overdue if nobody has claimed it. */
export function reminderDeadline(record: CaseRecord, settings: ReminderSettings): Date {
  const created = new Date(record.createdAt);
  const outcome = effectiveOutcome(record);
  if (outcome === "ACUTE" || outcome === "ESCALATE") {
    return new Date(created.getTime() + settings.escalateHours * HOUR_MS);
  }
  // Step whole days forward and count only the days that land on a working day.
  let counted = 0;
  let at = created;
  while (counted < settings.consultWorkdays) {
    at = new Date(at.getTime() + DAY_MS);
    if (isWorkday(at)) counted += 1;
  }
  return at;
}

/** The cases still unclaimed (status "new") and not yet reminded whose deadline has passed at `now`. */
export function findOverdue(
  cases: readonly CaseRecord[],
  now: Date,
  settings: ReminderSettings,
): CaseRecord[] {
  return cases.filter(
    (c) => c.status === "new" && !c.remindedAt && reminderDeadline(c, settings).getTime() <= now.getTime(),
  );
}
