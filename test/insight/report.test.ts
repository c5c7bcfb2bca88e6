import fc from "fast-check";
import {
  caseCounters,
  checkCounters,
  sumCounters,
  unansweredCounter,
  type Counter,
} from "../../src/insight/counters.js";
import {
  addMonths,
  insightCsv,
  insightReport,
  medianBucket,
  monthRange,
  suppressTable,
} from "../../src/insight/report.js";
import type { InsightTable } from "../../src/insight/report.js";
import { newCase } from "../fixtures/cases/build.js";

const MIN = 5;

/** Every equation an outsider can use on a table: cells against row totals and, where shown, columns. */
function equations(
  t: InsightTable,
): Array<{ parts: Array<number | "suppressed">; total: number | "suppressed" }> {
  const rows = t.rows.map((r) => ({ parts: r.cells, total: r.total }));
  if (!t.totals) return rows;
  const cols = t.months.map((_, m) => ({
    parts: t.rows.map((r) => r.cells[m]!),
    total: t.totals!.cells[m]!,
  }));
  return [
    ...rows,
    ...cols,
    { parts: t.rows.map((r) => r.total), total: t.totals.total },
    { parts: t.totals.cells, total: t.totals.total },
  ];
}

/** Solves by elimination (an equation with one hidden member gives it away) and says how many it found. */
function solvable(matrix: number[][], t: InsightTable): { found: number; smallSums: number } {
  // Work on slot identities: rebuild the same layout with ids so solving can mark them known.
  const id = (r: number, m: number) => `c${r}.${m}`;
  const eqs: Array<string[]> = t.rows.map((_, r) => [...t.months.map((__, m) => id(r, m)), `r${r}`]);
  if (t.totals) {
    t.months.forEach((_, m) => eqs.push([...t.rows.map((__, r) => id(r, m)), `m${m}`]));
    eqs.push([...t.rows.map((_, r) => `r${r}`), "g"]);
    eqs.push([...t.months.map((_, m) => `m${m}`), "g"]);
  }
  const hidden = new Set<string>();
  t.rows.forEach((row, r) => {
    row.cells.forEach((c, m) => c === "suppressed" && hidden.add(id(r, m)));
    if (row.total === "suppressed") hidden.add(`r${r}`);
  });
  t.totals?.cells.forEach((c, m) => c === "suppressed" && hidden.add(`m${m}`));
  if (t.totals?.total === "suppressed") hidden.add("g");
  let found = 0;
  for (let progress = true; progress;) {
    progress = false;
    for (const eq of eqs) {
      const unknown = eq.filter((s) => hidden.has(s));
      if (unknown.length === 1) {
        hidden.delete(unknown[0]!);
        found += 1;
        progress = true;
      }
    }
  }
  // A shown total whose hidden parts add up to a small count gives that count away.
  const smallSums = equations(t).filter((e) => {
    if (e.total === "suppressed") return false;
    const shown = e.parts.filter((p): p is number => p !== "suppressed").reduce((a, b) => a + b, 0);
    const rest = e.total - shown;
    return e.parts.includes("suppressed") && rest > 0 && rest < MIN;
  }).length;
  void matrix;
  return { found, smallSums };
}

describe("insight report", () => {
  it("should hide small counts, the totals that would give them away, and show zeros", () => {
    const t = suppressTable(
      "casesByOutcome",
      ["2026-01", "2026-02"],
      ["ACUTE", "ESCALATE"],
      [
        [0, 2],
        [6, 7],
      ],
      true,
      MIN,
    );
    expect(t.rows[0]).toEqual({ key: "ACUTE", cells: [0, "suppressed"], total: "suppressed" });
    // February's column total would give ACUTE's 2 away (9 - 7): it goes, and with it the grand total.
    expect(t.rows[1]).toEqual({ key: "ESCALATE", cells: [6, 7], total: 13 });
    expect(t.totals).toEqual({ cells: [6, "suppressed"], total: "suppressed" });
    expect(solvable([], t)).toEqual({ found: 0, smallSums: 0 });
  });

  it("should leave no hidden count recoverable from row, column and grand totals (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((rows) =>
          fc.tuple(
            fc.array(fc.array(fc.nat({ max: 12 }), { minLength: 4, maxLength: 4 }), {
              minLength: rows,
              maxLength: rows,
            }),
            fc.boolean(),
          ),
        ),
        ([matrix, additive]) => {
          const months = ["2026-01", "2026-02", "2026-03", "2026-04"];
          const keys = matrix.map((_, i) => `k${i}`);
          const t = suppressTable("casesByOutcome", months, keys, matrix, additive, MIN);
          // Nothing shown is small, every shown number is the true one, nothing hidden can be worked out.
          t.rows.forEach((row, r) =>
            row.cells.forEach((c, m) => {
              if (c !== "suppressed") expect(c).toBe(matrix[r]![m]);
              if (c !== "suppressed") expect(c === 0 || c >= MIN).toBe(true);
            }),
          );
          expect(solvable(matrix, t)).toEqual({ found: 0, smallSums: 0 });
        },
      ),
      { seed: 11, numRuns: 400 },
    );
  });

  it("should build every table from counters, in the asked months, with the median bucket", () => {
    const cases = Array.from({ length: 12 }, (_, i) =>
      newCase({
        createdAt: "2026-02-10T09:00:00.000Z",
        forms: ["labour"],
        claimedBy: { id: "c", name: "C" },
        claimedAt: new Date(
          Date.parse("2026-02-10T09:00:00.000Z") + (i < 7 ? 2 : 30) * 3_600_000,
        ).toISOString(),
      }),
    );
    const counters: Counter[] = sumCounters(
      ...cases.map((c) => caseCounters({ ...c, number: "MH-2026-0001" })),
      ...Array.from({ length: 6 }, () =>
        checkCounters({
          at: "2026-03-01T10:00:00.000Z",
          treeId: "algemeen",
          outcome: "CONSULT",
          signals: ["x"],
          forms: ["labour"],
          department: "wijkteam",
        }),
      ),
    );
    const report = insightReport(counters, { minCell: MIN, months: monthRange("2026-01", "2026-03") });
    const table = (id: string) => report.find((t) => t.id === id)!;
    expect(report.map((t) => t.id)).toContain("checksByTree");
    expect(table("casesByOutcome").rows).toEqual([{ key: "ESCALATE", cells: [0, 12, 0], total: 12 }]);
    expect(table("casesByDepartment").totals).toEqual({ cells: [0, 12, 0], total: 12 });
    expect(table("casesByForm").totals).toBeUndefined();
    expect(table("checksByOutcome").rows).toEqual([{ key: "CONSULT", cells: [0, 0, 6], total: 6 }]);
    expect(table("claimHours").rows.map((r) => [r.key, r.total])).toEqual([
      ["4", 7],
      ["48", 5],
    ]);
    expect(medianBucket(table("claimHours"))).toBe("4");
    expect(insightCsv([table("casesByOutcome")], MIN)).toBe(
      [
        "table,row,month,count",
        "casesByOutcome,ESCALATE,2026-01,0",
        "casesByOutcome,ESCALATE,2026-02,12",
        "casesByOutcome,ESCALATE,2026-03,0",
        "casesByOutcome,ESCALATE,total,12",
        "casesByOutcome,total,2026-01,0",
        "casesByOutcome,total,2026-02,12",
        "casesByOutcome,total,2026-03,0",
        "casesByOutcome,total,total,12",
        "",
      ].join("\n"),
    );
  });

  it("should give no median when the buckets are suppressed", () => {
    const t = suppressTable("claimHours", ["2026-01"], ["4", "more"], [[3], [9]], true, MIN);
    expect(medianBucket(t)).toBeUndefined();
  });

  it("should count the month in the Netherlands, not in UTC", () => {
    const c = caseCounters({ ...newCase({ createdAt: "2026-12-31T23:30:00.000Z" }), number: "MH-2026-0001" });
    expect(new Set(c.map((x) => x.month))).toEqual(new Set(["2027-01"]));
    expect(monthRange("2026-11", "2027-02")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect([addMonths("2026-12", -11), addMonths("2026-01", -1), addMonths("2026-12", 1)]).toEqual([
      "2026-01",
      "2025-12",
      "2027-01",
    ]);
  });

  it("should count checks by department (older counters without one as unknown) and form, and unanswered questions by area", () => {
    const at = "2026-03-02T10:00:00.000Z";
    const check = (department: string | undefined, forms: string[]) =>
      checkCounters({ at, treeId: "algemeen", outcome: "CONSULT", signals: [], forms, department });
    const counters = sumCounters(
      ...Array.from({ length: 6 }, () => check("wmo", ["labour"])),
      ...Array.from({ length: 5 }, () => check(undefined, [])),
      // Stored before checks carried a department.
      [{ month: "2026-03", metric: "checks", key: "CONSULT|algemeen", n: 7 }],
      ...Array.from({ length: 8 }, () => [unansweredCounter(at, "care")]),
      [unansweredCounter(at, undefined)],
    );
    const report = insightReport(counters, { minCell: MIN, months: ["2026-03"] });
    const table = (id: string) => report.find((t) => t.id === id)!;
    expect(table("checksByDepartment").rows).toEqual([
      { key: "unknown", cells: [12], total: 12 },
      { key: "wmo", cells: [6], total: 6 },
    ]);
    expect(table("checksByDepartment").totals).toEqual({ cells: [18], total: 18 });
    expect(table("checksByForm").rows).toEqual([
      { key: "labour", cells: [6], total: 6 },
      { key: "unknown", cells: [5], total: 5 },
    ]);
    // One question with no topic close is under the minimum, so the total that would give it away goes too.
    expect(table("unansweredByArea").rows).toEqual([
      { key: "care", cells: [8], total: 8 },
      { key: "none", cells: ["suppressed"], total: "suppressed" },
    ]);
    expect(table("unansweredByArea").totals?.total).toBe("suppressed");
  });
});

describe("insight report: reports about one place", () => {
  it("should count how often cases come in clusters, small cells suppressed, never a place or key", () => {
    const key = "f".repeat(64);
    const cases = [
      ...Array.from({ length: 7 }, () => newCase({ placeKey: key, placeMatch: "single" })),
      ...Array.from({ length: 6 }, () => newCase({ placeKey: key, placeMatch: "linked" })),
      ...Array.from({ length: 2 }, () => newCase({ placeKey: key, placeMatch: "cluster" })),
      newCase({ placeMatch: "no_place" }),
      newCase(), // reported before places were matched: not counted here
    ];
    const counters = sumCounters(...cases.map((c) => caseCounters({ ...c, number: "MH-2026-0001" })));
    const table = insightReport(counters, { minCell: MIN, months: ["2026-03"] }).find(
      (t) => t.id === "casesByCluster",
    )!;
    const cell = (k: string) => table.rows.find((r) => r.key === k)?.total;
    expect(cell("single")).toBe(7);
    expect(cell("linked")).toBe(6);
    expect(cell("cluster")).toBe("suppressed");
    expect(cell("no_place")).toBe("suppressed");
    // 2 + 1 hidden add up to a small count, so the grand total must not give them away.
    expect(table.totals?.total).toBe("suppressed");
    expect(JSON.stringify(table)).not.toContain(key);
    expect(insightCsv([table], MIN)).not.toContain(key);
  });
});

describe("insight report: follow-up playbooks", () => {
  const coord = { id: "coord-1", name: "Coby" };
  const at = (h: number) => new Date(Date.parse("2026-03-02T10:00:00.000Z") + h * 3_600_000).toISOString();
  /** A claimed case with playbook "arbeid": step "zorg" in `zorg`, the police contacted `contactAfter` h after the claim. */
  const followed = (
    zorg: "open" | "done" | "skipped",
    contactAfter: number,
    closed?: "complete" | "override",
  ) =>
    newCase({
      createdAt: at(0),
      claimedBy: coord,
      claimedAt: at(1),
      status: closed ? "closed" : "claimed",
      referrals: [{ to: "politie", note: "", by: coord, at: at(1 + contactAfter) }],
      playbook: {
        id: "arbeid",
        attachedAt: at(1),
        attachedBy: coord,
        steps: [
          {
            id: "politie",
            partner: "politie",
            state: "done",
            at: at(1 + contactAfter),
            referral: true,
            notes: [],
          },
          { id: "zorg", partner: "zorgcoordinator", state: zorg, notes: [] },
        ],
      },
      ...(closed
        ? {
            closed: {
              reason: "x",
              by: coord,
              at: at(48),
              ...(closed === "override" ? { openSteps: ["zorg"] } : {}),
            },
          }
        : {}),
    });

  it("should show which steps are skipped, the time to the first partner contact and how cases were closed", () => {
    const cases = [
      ...Array.from({ length: 6 }, () => followed("skipped", 2, "complete")),
      ...Array.from({ length: 5 }, () => followed("done", 30)),
      ...Array.from({ length: 2 }, () => followed("open", 2, "override")),
    ];
    const counters = sumCounters(...cases.map((c) => caseCounters({ ...c, number: "MH-2026-0001" })));
    const tables = insightReport(counters, { minCell: MIN, months: ["2026-03"] });
    const table = (id: string) => tables.find((t) => t.id === id)!;
    const total = (id: string, key: string) => table(id).rows.find((r) => r.key === key)?.total;
    // Only skipped steps, by playbook and step: the 5 done and 2 open "zorg" steps are not in this table.
    expect(table("stepsSkipped").rows.map((r) => [r.key, r.total])).toEqual([["arbeid|zorg", 6]]);
    expect(total("contactHours", "4")).toBe(8);
    expect(total("contactHours", "72")).toBe(5);
    expect(total("closesByPlaybook", "complete")).toBe(6);
    expect(total("closesByPlaybook", "override")).toBe("suppressed");
  });
});
