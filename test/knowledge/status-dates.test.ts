import { ContentError, type ContentIssue } from "../../src/errors.js";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import {
  checkStatusDates,
  isStatusStale,
  parseMaxStatusAge,
  STATUS_MAX_AGE_MONTHS,
  standMentions,
  statusDateWarnings,
} from "../../src/knowledge/status-dates.js";
import { fixture, realKnowledge } from "./paths.js";

const today = new Date("2026-12-02T09:00:00Z");
const at = (warnings: ContentIssue[], file: string) =>
  warnings.filter((w) => w.file.endsWith(`topics/${file}`)).map((w) => w.path);

describe("status dates", () => {
  it("should warn about a status fact older than the default six months, naming the fact", async () => {
    const warnings = await checkStatusDates(fixture("status-dates"), today);
    expect(STATUS_MAX_AGE_MONTHS).toBe(6);
    expect(at(warnings, "oude-stand.md")).toEqual(["status[0].asOf"]);
    expect(warnings.find((w) => w.file.endsWith("oude-stand.md"))?.message).toMatch(
      /"Wetsvoorstel nog niet in werking" is stand 2025-11, more than 6 months ago/,
    );
  });

  it("should count a bare year from January and honour a configured age", async () => {
    expect(at(await checkStatusDates(fixture("status-dates"), today), "alleen-jaar.md")).toEqual([
      "status[0].asOf",
    ]);
    const lenient = await checkStatusDates(fixture("status-dates"), today, 12);
    expect(at(lenient, "alleen-jaar.md")).toEqual([]);
    expect(at(lenient, "oude-stand.md")).toEqual(["status[0].asOf"]);
    expect(at(await checkStatusDates(fixture("status-dates"), today, 24), "oude-stand.md")).toEqual([]);
  });

  it("should compare whole months", () => {
    expect(isStatusStale("2026-06", today, 6)).toBe(false);
    expect(isStatusStale("2026-05", today, 6)).toBe(true);
    expect(isStatusStale("2026", today, 12)).toBe(false);
  });

  it("should warn when the text names a stand date that no status entry carries", async () => {
    const warnings = await checkStatusDates(fixture("status-dates"), today);
    expect(at(warnings, "zonder-status.md")).toEqual(["body.nl.lead"]);
    expect(warnings.find((w) => w.file.endsWith("zonder-status.md"))?.message).toMatch(
      /"stand 2025".*asOf 2025/,
    );
  });

  it("should read Dutch and English stand mentions", () => {
    expect(
      standMentions("(stand 2025) en stand van november 2025; as of late 2025, status December 2025").map(
        (m) => m.asOf,
      ),
    ).toEqual(["2025", "2025-11", "2025", "2025-12"]);
    expect(standMentions("de status van je melding; stand-by")).toEqual([]);
  });

  it("should reject a malformed status entry when loading", async () => {
    const issues = await loadKnowledgeBase(fixture("broken")).then(
      () => [] as readonly ContentIssue[],
      (error: unknown) => (error instanceof ContentError ? error.issues : []),
    );
    const paths = issues.filter((i) => i.file.endsWith("bad-front-matter.md")).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["status[0].asOf", "status[1].fact"]));
  });

  it("should read --max-status-age-months", () => {
    expect(parseMaxStatusAge(undefined)).toBe(STATUS_MAX_AGE_MONTHS);
    expect(parseMaxStatusAge("12")).toBe(12);
    for (const bad of ["0", "-1", "x", "1.5", ""]) expect(() => parseMaxStatusAge(bad)).toThrow(RangeError);
  });

  it("should find every stand date in the real topics backed by a status entry", async () => {
    const kb = await loadKnowledgeBase(realKnowledge);
    const unbacked = statusDateWarnings(kb.topics, (id) => id, today).filter((w) =>
      w.path.startsWith("body."),
    );
    expect(unbacked).toEqual([]);
  });
});
