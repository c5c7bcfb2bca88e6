/**
 * @module insight/report
 * Turns the anonymous counters into the tables a municipality reads (cases by outcome, department and form,
 * checks by outcome, tree, department and form, signals, referrals, time to claim and to close, unanswered
 * knowledge questions by topic area, cases by how they stood to earlier reports about their place; one column
 * per month) and applies
 * small-cell suppression: a count above zero and under the minimum is shown as "< min", and so is any further
 * cell or total that would let a hidden count be worked out from the sums (complementary suppression, applied
 * until no row or column sum gives a hidden cell away). Zeros are shown: they describe no person.
 */
import { UNKNOWN_DEPARTMENT, type Counter, type InsightMetric } from "./counters.js";

/** A shown count, or a suppressed one (rendered as "< minCell"). */
export type Cell = number | "suppressed";

/** One table: rows by key, columns by month, with row totals, and column totals where cells add up. */
export interface InsightTable {
  id: TableId;
  months: string[];
  rows: Array<{ key: string; cells: Cell[]; total: Cell }>;
  /** Column totals and the grand total; absent where one record can count in several rows (forms, signals). */
  totals?: { cells: Cell[]; total: Cell };
}

export type TableId =
  | "casesByOutcome"
  | "casesByDepartment"
  | "casesByForm"
  | "caseSignals"
  | "caseReferrals"
  | "claimHours"
  | "closeDays"
  | "checksByOutcome"
  | "checksByTree"
  | "checksByDepartment"
  | "checksByForm"
  | "checkSignals"
  | "unansweredByArea"
  | "practiceByDepartment"
  | "practiceStaff"
  | "practiceMissed"
  | "casesByCluster"
  | "stepsSkipped"
  | "contactHours"
  | "closesByPlaybook";

interface TableSpec {
  id: TableId;
  metric: InsightMetric;
  /** The row a counter's key belongs to. */
  row: (key: string) => string;
  /** Whether each record counts once (so a column adds up to a meaningful total). */
  additive: boolean;
  order: "count" | "bucket" | "key";
  /** Only counters whose key passes (all when absent). */
  only?: (key: string) => boolean;
}

const part = (i: number) => (key: string) => key.split("|")[i] ?? key;
const whole = (key: string) => key;
/** The department of a check; counters stored before checks carried one have none. */
const checkDepartment = (key: string) => key.split("|")[2] ?? UNKNOWN_DEPARTMENT;

const SPECS: readonly TableSpec[] = [
  { id: "casesByOutcome", metric: "cases", row: part(0), additive: true, order: "key" },
  { id: "casesByDepartment", metric: "cases", row: part(1), additive: true, order: "count" },
  { id: "casesByForm", metric: "case_forms", row: whole, additive: false, order: "count" },
  { id: "caseSignals", metric: "case_signals", row: whole, additive: false, order: "count" },
  { id: "caseReferrals", metric: "case_referrals", row: whole, additive: false, order: "count" },
  { id: "claimHours", metric: "claim_hours", row: whole, additive: true, order: "bucket" },
  { id: "closeDays", metric: "close_days", row: whole, additive: true, order: "bucket" },
  { id: "checksByOutcome", metric: "checks", row: part(0), additive: true, order: "key" },
  { id: "checksByTree", metric: "checks", row: part(1), additive: true, order: "count" },
  { id: "checksByDepartment", metric: "checks", row: checkDepartment, additive: true, order: "count" },
  { id: "checksByForm", metric: "check_forms", row: whole, additive: false, order: "count" },
  { id: "checkSignals", metric: "check_signals", row: whole, additive: false, order: "count" },
  { id: "unansweredByArea", metric: "kb_unanswered", row: whole, additive: true, order: "count" },
  { id: "practiceByDepartment", metric: "practice_runs", row: whole, additive: true, order: "count" },
  { id: "practiceStaff", metric: "practice_staff", row: whole, additive: true, order: "count" },
  { id: "practiceMissed", metric: "practice_missed", row: whole, additive: false, order: "count" },
  { id: "casesByCluster", metric: "case_clusters", row: whole, additive: true, order: "key" },
  // Which steps are skipped: `playbook|step` of the skipped ones (the done and open ones are counted too, for a
  // later share; this table shows the skips).
  {
    id: "stepsSkipped",
    metric: "case_steps",
    row: (key) => key.split("|").slice(0, 2).join("|"),
    only: (key) => key.endsWith("|skipped"),
    additive: false,
    order: "count",
  },
  { id: "contactHours", metric: "contact_hours", row: whole, additive: true, order: "bucket" },
  { id: "closesByPlaybook", metric: "case_closes", row: whole, additive: true, order: "key" },
];

/** The default smallest count shown; a municipality may set a higher one. */
export const DEFAULT_MIN_CELL = 5;

/** Options of a report: the smallest count shown, and the months to include (all when absent). */
export interface ReportOptions {
  minCell: number;
  months?: readonly string[];
}

/** The months from `from` to `to` inclusive (`YYYY-MM`), for a report period. */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split("-").map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const m = `${year}-${String(month).padStart(2, "0")}`;
    if (m > to) break;
    months.push(m);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

/** The month `delta` months after `month` (`YYYY-MM`; negative goes back). */
export function addMonths(month: string, delta: number): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

const bucketRank = (key: string) => (key === "more" ? Number.POSITIVE_INFINITY : Number(key));

/** Every table of the report, suppressed. */
export function insightReport(counters: readonly Counter[], options: ReportOptions): InsightTable[] {
  const months = options.months ? [...options.months] : [...new Set(counters.map((c) => c.month))].sort();
  const column = new Map(months.map((m, i) => [m, i]));
  return SPECS.map((spec) => {
    const values = new Map<string, number[]>();
    for (const c of counters) {
      const i = column.get(c.month);
      if (c.metric !== spec.metric || i === undefined || (spec.only && !spec.only(c.key))) continue;
      const key = spec.row(c.key);
      const row = values.get(key) ?? new Array<number>(months.length).fill(0);
      row[i] = (row[i] ?? 0) + c.n;
      values.set(key, row);
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const keys = [...values.keys()].sort((a, b) => {
      if (spec.order === "bucket") return bucketRank(a) - bucketRank(b);
      if (spec.order === "count") return sum(values.get(b)!) - sum(values.get(a)!) || (a < b ? -1 : 1);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    const matrix = keys.map((k) => values.get(k)!);
    return suppressTable(spec.id, months, keys, matrix, spec.additive, options.minCell);
  });
}

/**
 * Builds one table from its counts and suppresses it. The equations an outsider can use are each row's cells
 * against its total and, where columns add up, each column against its total and the totals against the grand
 * total. Whenever an equation has exactly one hidden member, or its hidden members add up to a small count,
 * one more member is hidden (the total when it is shown, else the smallest shown count above zero).
 */
export function suppressTable(
  id: TableId,
  months: string[],
  keys: string[],
  matrix: number[][],
  additive: boolean,
  minCell: number,
): InsightTable {
  const rowTotals = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = months.map((_, m) => matrix.reduce((a, row) => a + (row[m] ?? 0), 0));
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  // Every value gets a slot; an equation is a list of cell slots and its total's slot.
  const value: number[] = [...matrix.flat(), ...rowTotals, ...(additive ? [...colTotals, grand] : [])];
  const width = months.length;
  const cellSlot = (r: number, m: number) => r * width + m;
  const rowTotalSlot = (r: number) => keys.length * width + r;
  const colTotalSlot = (m: number) => keys.length * width + keys.length + m;
  const grandSlot = keys.length * width + keys.length + width;
  const equations: Array<{ parts: number[]; total: number }> = keys.map((_, r) => ({
    parts: months.map((_, m) => cellSlot(r, m)),
    total: rowTotalSlot(r),
  }));
  if (additive) {
    months.forEach((_, m) =>
      equations.push({ parts: keys.map((_, r) => cellSlot(r, m)), total: colTotalSlot(m) }),
    );
    equations.push({ parts: keys.map((_, r) => rowTotalSlot(r)), total: grandSlot });
    equations.push({ parts: months.map((_, m) => colTotalSlot(m)), total: grandSlot });
  }
  const hidden = value.map((v) => v > 0 && v < minCell);
  const small = (n: number) => n > 0 && n < minCell;
  for (let changed = true; changed;) {
    changed = false;
    for (const { parts, total } of equations) {
      const members = [...parts, total];
      const unknown = members.filter((s) => hidden[s]);
      if (unknown.length === 0) continue;
      const revealed = !hidden[total] && small(unknown.reduce((a, s) => a + (value[s] ?? 0), 0));
      if (unknown.length > 1 && !revealed) continue;
      const shownParts = parts.filter((s) => !hidden[s]);
      const next = !hidden[total]
        ? total
        : (shownParts.filter((s) => (value[s] ?? 0) > 0).sort((a, b) => value[a]! - value[b]!)[0] ??
          shownParts[0]);
      if (next === undefined) continue;
      hidden[next] = true;
      changed = true;
    }
  }
  const cell = (slot: number): Cell => (hidden[slot] ? "suppressed" : (value[slot] ?? 0));
  return {
    id,
    months,
    rows: keys.map((key, r) => ({
      key,
      cells: months.map((_, m) => cell(cellSlot(r, m))),
      total: cell(rowTotalSlot(r)),
    })),
    ...(additive
      ? { totals: { cells: months.map((_, m) => cell(colTotalSlot(m))), total: cell(grandSlot) } }
      : {}),
  };
}

/** The bucket that holds the median of a bucketed table's total column, or undefined when it is suppressed. */
export function medianBucket(table: InsightTable): string | undefined {
  if (typeof table.totals?.total !== "number" || table.totals.total === 0) return undefined;
  const totals = table.rows.map((r) => r.total);
  if (totals.some((t) => t === "suppressed")) return undefined;
  const half = table.totals.total / 2;
  let running = 0;
  for (const [i, row] of table.rows.entries()) {
    running += totals[i] as number;
    if (running >= half) return row.key;
  }
  return undefined;
}

/** The report as CSV (one line per table, row and month; suppressed cells as "<minCell"), for export. */
export function insightCsv(tables: readonly InsightTable[], minCell: number): string {
  const shown = (c: Cell) => (c === "suppressed" ? `<${minCell}` : String(c));
  const lines = ["table,row,month,count"];
  for (const t of tables) {
    for (const row of t.rows) {
      t.months.forEach((m, i) => lines.push(`${t.id},${csvField(row.key)},${m},${shown(row.cells[i]!)}`));
      lines.push(`${t.id},${csvField(row.key)},total,${shown(row.total)}`);
    }
    if (t.totals) {
      t.months.forEach((m, i) => lines.push(`${t.id},total,${m},${shown(t.totals!.cells[i]!)}`));
      lines.push(`${t.id},total,total,${shown(t.totals.total)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A CSV field, quoted when it holds a comma, a quote or a line break; a leading formula sign is neutralised. */
function csvField(text: string): string {
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
