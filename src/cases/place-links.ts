/**
 * @module cases/place-links
 * Brings reports about one place together: given a case and the stored cases with the same place key, which
 * came before it and after it (numbers, dates, outcomes, departments and a short timeline of each), and whether
 * they form a cluster: at least `minReports` reports from at least `minDepartments` departments within `months`
 * ("3 meldingen uit 2 afdelingen in 6 maanden"). Only cases within the retention window take part. The cluster
 * is a hint for the coordinator and nothing else: no advice, outcome or status is ever derived from it. Pure.
 */
import { oldestCaseFirst } from "../storage/case-store.js";
import { effectiveOutcome, type CaseRecord, type PlaceMatch } from "./case-schema.js";
import type { LinkedCase, PlaceLinks, TimelineEvent } from "./place-link-types.js";

export type { ClusterHint, LinkedCase, PlaceLinks, TimelineEvent } from "./place-link-types.js";

/** The case being linked; a new one has no number yet. */
type Subject = Pick<CaseRecord, "id" | "createdAt" | "placeKey" | "reporter"> & { number?: string };

/** When reports about one place raise the cluster hint (settings PLACE_CLUSTER_*). */
export interface ClusterSettings {
  minReports: number;
  minDepartments: number;
  months: number;
}

/** What linking needs from the settings: the retention window of cases and the cluster thresholds. */
export interface PlaceLinkSettings {
  /** RETENTION_CLOSED_CASE_DAYS: a case takes part for this many days after it was reported. */
  retentionDays: number;
  cluster: ClusterSettings;
}

/** At most this many cases about one place are looked up and shown. */
export const PLACE_LINK_LIMIT = 50;

/** At most this many events of one case go into its timeline. */
const MAX_EVENTS = 20;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The first moment a case may be reported and still take part in linking at `now`. */
export function linkWindowStart(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** `months` calendar months before `now`: the start of the cluster period. */
export function clusterPeriodStart(now: Date, months: number): Date {
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - months);
  return start;
}

/** The steps of a case in time order: reported, claimed, each referral, an advice override, closed. */
export function timelineOf(c: CaseRecord): TimelineEvent[] {
  const events: TimelineEvent[] = [
    { at: c.createdAt, kind: "reported" },
    ...(c.claimedAt ? [{ at: c.claimedAt, kind: "claimed" as const }] : []),
    ...c.referrals.map((r) => ({ at: r.at, kind: "referred" as const, to: r.to })),
    ...(c.outcomeOverride ? [{ at: c.outcomeOverride.at, kind: "overridden" as const }] : []),
    ...(c.closed ? [{ at: c.closed.at, kind: "closed" as const }] : []),
  ];
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(0, MAX_EVENTS);
}

/** A case as shown beside another one. */
export function linkedCase(c: CaseRecord): LinkedCase {
  return {
    id: c.id,
    number: c.number,
    createdAt: c.createdAt,
    outcome: effectiveOutcome(c),
    department: c.reporter.department,
    status: c.status,
    events: timelineOf(c),
  };
}

/**
 * Links `record` to `found` (the stored cases with its place key): the case itself, cases reported before the
 * retention window and cases with another key are left out; the rest split into earlier and later. The cluster
 * counts `record` and every linked case reported within the cluster period before `now`.
 */
export function linkPlace(
  record: Subject,
  found: readonly CaseRecord[],
  settings: PlaceLinkSettings,
  now: Date,
): PlaceLinks {
  if (!record.placeKey) return { earlier: [], later: [] };
  const windowStart = linkWindowStart(now, settings.retentionDays).getTime();
  const others = found
    .filter(
      (c) => c.id !== record.id && c.placeKey === record.placeKey && Date.parse(c.createdAt) >= windowStart,
    )
    .sort(oldestCaseFirst)
    .slice(-PLACE_LINK_LIMIT);
  // A new case (no number yet) comes after every stored one; stored cases compare as the store orders them.
  const isEarlier = (c: CaseRecord) =>
    record.number === undefined ? true : oldestCaseFirst(c, { ...c, ...record, number: record.number }) < 0;
  const periodStart = clusterPeriodStart(now, settings.cluster.months).getTime();
  const inPeriod = [record, ...others].filter((c) => {
    const at = Date.parse(c.createdAt);
    return at >= periodStart && at <= now.getTime();
  });
  const departments = new Set(inPeriod.map((c) => c.reporter.department)).size;
  const { minReports, minDepartments, months } = settings.cluster;
  const clustered = inPeriod.length >= minReports && departments >= minDepartments;
  return {
    earlier: others.filter(isEarlier).map(linkedCase),
    later: others.filter((c) => !isEarlier(c)).map(linkedCase),
    ...(clustered ? { cluster: { reports: inPeriod.length, departments, months } } : {}),
  };
}

/** How a new case stands to earlier reports about its place (its PlaceMatch), from its links at creation. */
export function placeMatchOf(placeKey: string | undefined, links: PlaceLinks): PlaceMatch {
  if (!placeKey) return "no_place";
  if (links.cluster) return "cluster";
  return links.earlier.length > 0 ? "linked" : "single";
}
