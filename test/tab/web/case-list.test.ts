import { visibleCases, type Sort } from "../../../src/tab/web/case-list.js";
import type { CaseSummary } from "../../../src/tab/web/contract.js";

const row = (number: string, extra: Partial<CaseSummary>): CaseSummary => ({
  id: number,
  number,
  createdAt: "2026-03-02T05:00:00Z",
  outcome: "CONSULT",
  urgent: false,
  status: "new",
  department: "wijkteam",
  forms: [],
  waitingMinutes: 10,
  overdue: false,
  ...extra,
});
const cases = [
  row("MH-2026-0003", { outcome: "MONITOR", waitingMinutes: 30, department: "kcc", claimedBy: "Zoë" }),
  row("MH-2026-0001", {
    outcome: "ACUTE",
    urgent: true,
    waitingMinutes: 5,
    status: "claimed",
    claimedBy: "Anna",
  }),
  row("MH-2026-0002", { outcome: "NONE", waitingMinutes: 300, department: "anders" }),
];
const label = (column: "claimedBy" | "department", c: CaseSummary) =>
  column === "claimedBy" ? (c.claimedBy ?? "") : c.department;
const numbers = (sort: Sort, filters = {}) => visibleCases(cases, filters, sort, label).map((c) => c.number);

describe("tab/web/case-list", () => {
  it("should sort advice by severity, most severe first when ascending", () => {
    expect(numbers({ column: "outcome", direction: "ascending" })).toEqual([
      "MH-2026-0001",
      "MH-2026-0003",
      "MH-2026-0002",
    ]);
  });

  it("should sort waiting time by minutes and text columns by their label", () => {
    expect(numbers({ column: "waiting", direction: "descending" })).toEqual([
      "MH-2026-0002",
      "MH-2026-0003",
      "MH-2026-0001",
    ]);
    expect(numbers({ column: "department", direction: "ascending" })).toEqual([
      "MH-2026-0002",
      "MH-2026-0003",
      "MH-2026-0001",
    ]);
    expect(numbers({ column: "number", direction: "ascending" })).toEqual([
      "MH-2026-0001",
      "MH-2026-0002",
      "MH-2026-0003",
    ]);
  });

  it("should keep the server's order for equal keys", () => {
    expect(numbers({ column: "urgent", direction: "descending" })).toEqual([
      "MH-2026-0003",
      "MH-2026-0002",
      "MH-2026-0001",
    ]);
  });

  it("should keep only the rows that match the advice and status filters", () => {
    const sort: Sort = { column: "number", direction: "ascending" };
    expect(numbers(sort, { outcome: "ACUTE" })).toEqual(["MH-2026-0001"]);
    expect(numbers(sort, { status: "new" })).toEqual(["MH-2026-0002", "MH-2026-0003"]);
    expect(numbers(sort, { outcome: "ACUTE", status: "new" })).toEqual([]);
  });
});
