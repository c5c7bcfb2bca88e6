import type { CaseRecord } from "../../src/cases/case-schema.js";
import {
  clusterPeriodStart,
  linkPlace,
  linkWindowStart,
  placeMatchOf,
  timelineOf,
  type PlaceLinkSettings,
} from "../../src/cases/place-links.js";
import { newCase } from "../fixtures/cases/build.js";

const KEY = "a".repeat(64);
const NOW = new Date("2026-09-01T09:00:00.000Z");
const settings: PlaceLinkSettings = {
  retentionDays: 365,
  cluster: { minReports: 3, minDepartments: 2, months: 6 },
};

let n = 0;
function stored(createdAt: string, department = "wijkteam", extra: Partial<CaseRecord> = {}): CaseRecord {
  n += 1;
  const base = newCase({ createdAt, placeKey: KEY, ...extra });
  return {
    ...base,
    number: `MH-2026-${String(n).padStart(4, "0")}`,
    reporter: { ...base.reporter, department },
  };
}

describe("place links", () => {
  it("should split the other cases about the place into earlier and later, oldest first, without the case itself", () => {
    const first = stored("2026-05-01T09:00:00.000Z");
    const second = stored("2026-06-01T09:00:00.000Z");
    const third = stored("2026-07-01T09:00:00.000Z");
    const links = linkPlace(second, [third, second, first], settings, NOW);
    expect(links.earlier.map((c) => c.number)).toEqual([first.number]);
    expect(links.later.map((c) => c.number)).toEqual([third.number]);
    expect(links.earlier[0]).toMatchObject({
      id: first.id,
      createdAt: first.createdAt,
      outcome: "ESCALATE",
      department: "wijkteam",
      status: "new",
    });
  });

  it("should put every stored case before a new case that has no number yet", () => {
    const { number: _n, ...fresh } = stored("2026-09-01T09:00:00.000Z");
    const earlier = stored("2026-09-01T09:00:00.000Z");
    expect(linkPlace(fresh, [earlier], settings, NOW).earlier.map((c) => c.id)).toEqual([earlier.id]);
  });

  it("should leave out cases reported before the retention window, and cases with another or no key", () => {
    const old = stored("2025-08-01T09:00:00.000Z");
    const inside = stored("2025-09-02T09:00:00.000Z");
    const other = stored("2026-05-01T09:00:00.000Z", "kcc", { placeKey: "b".repeat(64) });
    const current = stored("2026-08-31T09:00:00.000Z");
    const links = linkPlace(current, [old, inside, other], settings, NOW);
    expect(links.earlier.map((c) => c.id)).toEqual([inside.id]);
    expect(linkWindowStart(NOW, 365).toISOString()).toBe("2025-09-01T09:00:00.000Z");
    expect(linkPlace({ ...current, placeKey: undefined }, [inside], settings, NOW)).toEqual({
      earlier: [],
      later: [],
    });
  });

  it("should raise the cluster hint at 3 reports from 2 departments within 6 months, and not below", () => {
    const a = stored("2026-04-01T09:00:00.000Z", "wijkteam");
    const b = stored("2026-05-01T09:00:00.000Z", "wijkteam");
    const sameDept = stored("2026-08-01T09:00:00.000Z", "wijkteam");
    const otherDept = stored("2026-08-01T09:00:00.000Z", "handhaving");
    expect(linkPlace(b, [a], settings, NOW).cluster).toBeUndefined(); // 2 reports
    expect(linkPlace(sameDept, [a, b], settings, NOW).cluster).toBeUndefined(); // 1 department
    expect(linkPlace(otherDept, [a, b], settings, NOW).cluster).toEqual({
      reports: 3,
      departments: 2,
      months: 6,
    });
    // Outside the period a report still links but no longer counts towards the hint.
    const early = stored("2026-02-01T09:00:00.000Z", "kcc");
    const links = linkPlace(sameDept, [early, b], settings, NOW);
    expect(links.earlier).toHaveLength(2);
    expect(links.cluster).toBeUndefined();
    expect(clusterPeriodStart(NOW, 6).toISOString()).toBe("2026-03-01T09:00:00.000Z");
  });

  it("should follow the settings' thresholds and period", () => {
    const a = stored("2026-08-01T09:00:00.000Z", "wijkteam");
    const b = stored("2026-08-02T09:00:00.000Z", "kcc");
    const loose = { retentionDays: 365, cluster: { minReports: 2, minDepartments: 2, months: 1 } };
    expect(linkPlace(b, [a], loose, NOW).cluster).toEqual({ reports: 2, departments: 2, months: 1 });
    const strict = { ...loose, cluster: { ...loose.cluster, minDepartments: 3 } };
    expect(linkPlace(b, [a], strict, NOW).cluster).toBeUndefined();
  });

  it("should name how a new case stands to earlier reports", () => {
    const a = stored("2026-08-01T09:00:00.000Z", "wijkteam");
    const b = stored("2026-08-02T09:00:00.000Z", "wijkteam");
    const c = stored("2026-08-03T09:00:00.000Z", "kcc");
    expect(placeMatchOf(undefined, { earlier: [], later: [] })).toBe("no_place");
    expect(placeMatchOf(KEY, linkPlace(a, [], settings, NOW))).toBe("single");
    expect(placeMatchOf(KEY, linkPlace(b, [a], settings, NOW))).toBe("linked");
    expect(placeMatchOf(KEY, linkPlace(c, [a, b], settings, NOW))).toBe("cluster");
  });

  it("should give each case's timeline in time order, with referrals and closing", () => {
    const by = { id: "c", name: "C" };
    const c = stored("2026-08-01T09:00:00.000Z", "wijkteam", {
      claimedAt: "2026-08-01T10:00:00.000Z",
      referrals: [{ to: "politie", note: "n", by, at: "2026-08-02T09:00:00.000Z" }],
      closed: { reason: "r", by, at: "2026-08-03T09:00:00.000Z" },
    });
    expect(timelineOf(c).map((e) => [e.kind, e.to])).toEqual([
      ["reported", undefined],
      ["claimed", undefined],
      ["referred", "politie"],
      ["closed", undefined],
    ]);
  });
});
