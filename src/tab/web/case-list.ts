/**
 * @module tab/web/case-list
 * The case list's filtering and sorting, pure: which rows a filter keeps and in what order a column sorts them
 * (advice by severity, status by lifecycle, waiting by minutes, text columns by their shown label).
 */
import type { CaseStatus, CaseSummary, Outcome } from "./contract.js";

/** The sortable columns of the case list, in their order on screen. */
export const COLUMNS = [
  "number",
  "outcome",
  "urgent",
  "waiting",
  "claimedBy",
  "status",
  "department",
] as const;
export type Column = (typeof COLUMNS)[number];

/** A sort: column and direction, named as `aria-sort` names them. */
export interface Sort {
  column: Column;
  direction: "ascending" | "descending";
}

/** The client-side filters; `undefined` keeps every value. */
export interface Filters {
  outcome?: Outcome;
  status?: CaseStatus;
}

/** The advice levels, most severe first (the order of the filter and of sorting by advice). */
export const OUTCOMES: readonly Outcome[] = ["ACUTE", "ESCALATE", "CONSULT", "MONITOR", "NONE"];
/** The statuses in lifecycle order. */
export const STATUSES: readonly CaseStatus[] = ["new", "claimed", "referred", "closed"];

/** The rows that pass `filters`, sorted by `sort`; ties keep the server's order. */
export function visibleCases(
  cases: readonly CaseSummary[],
  filters: Filters,
  sort: Sort,
  label: (column: "claimedBy" | "department", c: CaseSummary) => string,
): CaseSummary[] {
  const kept = cases.filter(
    (c) =>
      (filters.outcome === undefined || c.outcome === filters.outcome) &&
      (filters.status === undefined || c.status === filters.status),
  );
  const key = (c: CaseSummary): number | string => {
    switch (sort.column) {
      case "number":
        return c.number;
      case "outcome":
        // Most severe first when ascending, like a triage list.
        return OUTCOMES.indexOf(c.outcome);
      case "urgent":
        return c.urgent ? 0 : 1;
      case "waiting":
        return c.waitingMinutes;
      case "status":
        return STATUSES.indexOf(c.status);
      case "claimedBy":
      case "department":
        return label(sort.column, c).toLocaleLowerCase();
    }
  };
  const sign = sort.direction === "ascending" ? 1 : -1;
  return kept
    .map((c, i) => ({ c, i, k: key(c) }))
    .sort((a, b) => {
      const order =
        typeof a.k === "number" && typeof b.k === "number"
          ? a.k - b.k
          : String(a.k).localeCompare(String(b.k), "nl");
      return order * sign || a.i - b.i;
    })
    .map(({ c }) => c);
}
