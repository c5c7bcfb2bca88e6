/**
 * The case service brings reports about one place together: the keyed hash is stored at creation (never the
 * plain key, in the case file or the log), the links come from cases within the retention window, and the
 * cluster hint changes nothing about the case.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createCaseService } from "../../src/cases/case-service.js";
import { normalisePlace, placeKeyer } from "../../src/cases/place-key.js";
import { openLowdbCaseStore } from "../../src/storage/lowdb-case-store.js";
import { assessment, coordinator, draft, FakeClock } from "../fixtures/cases/service.js";

const SECRET = "test-secret-of-sixteen+";
const DAY = 24 * 60 * 60 * 1000;

describe("case service: reports about one place", () => {
  let dir: string;
  let lines: string[];
  let clock: FakeClock;
  let store: Awaited<ReturnType<typeof openLowdbCaseStore>>;
  let service: ReturnType<typeof createCaseService>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-places-"));
    store = await openLowdbCaseStore(dir);
    clock = new FakeClock(new Date("2026-03-02T09:00:00.000Z"));
    lines = [];
    service = createCaseService({
      store,
      coordinators: { ids: [coordinator.id], onDuty: [] },
      clock,
      ids: { uuid: randomUUID },
      logger: pino({ level: "debug" }, { write: (line: string) => lines.push(line) }),
      places: {
        key: placeKeyer(SECRET),
        retentionDays: 100,
        cluster: { minReports: 3, minDepartments: 2, months: 6 },
      },
    });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function report(place: string, department = "wijkteam", requestId = randomUUID()) {
    const result = await service.submitReport(
      { ...draft, place, department },
      assessment,
      { userId: `u-${requestId}`, name: "Rita", conversationId: "c" },
      requestId,
    );
    if (result.status !== "created") throw new Error(result.status);
    return result.case;
  }

  it("should store only the keyed hash of the place and link a differently spelled report to it", async () => {
    const first = await report("Dorpsstraat 1, 1234 AB");
    clock.advance(DAY);
    const second = await report("1234ab dorpsstraat 1");
    expect(first.placeKey).toMatch(/^[0-9a-f]{64}$/);
    expect(second.placeKey).toBe(first.placeKey);
    expect([first.placeMatch, second.placeMatch]).toEqual(["single", "linked"]);
    const links = await service.placeLinks(second);
    expect(links?.earlier.map((c) => c.number)).toEqual([first.number]);
    expect(links?.cluster).toBeUndefined();
    expect((await service.placeLinks(first))?.later.map((c) => c.number)).toEqual([second.number]);
    // The plain key is nowhere: not in a case file, not in the log.
    const plain = normalisePlace("Dorpsstraat 1, 1234 AB")!;
    const files = await readdir(join(dir, "cases"));
    for (const file of files.filter((f) => f.endsWith(".json"))) {
      expect(await readFile(join(dir, "cases", file), "utf8")).not.toContain(plain);
    }
    expect(lines.join("\n")).not.toContain(plain);
    expect(lines.join("\n")).not.toContain(first.placeKey);
    const audit = await store.listAudit(second.id);
    expect(audit[0]?.detail).toMatchObject({ placeMatch: "linked" });
  });

  it("should raise the hint for a third report from another department without changing the advice", async () => {
    await report("Dorpsstraat 1, 1234 AB", "wijkteam");
    await report("1234ab dorpsstraat 1", "wijkteam");
    const third = await report("Dorpsstraat 1 1234 AB", "handhaving");
    expect(third.placeMatch).toBe("cluster");
    expect((await service.placeLinks(third))?.cluster).toEqual({ reports: 3, departments: 2, months: 6 });
    // The hint is a hint: the case keeps the advice and status of its own report.
    expect(third).toMatchObject({ outcome: assessment.outcome, status: "new", urgent: false });
    expect(third.outcomeOverride).toBeUndefined();
  });

  it("should not link a case reported before the retention window, nor one without a usable place", async () => {
    const old = await report("camping De Berk");
    clock.advance(101 * DAY);
    const fresh = await report("Camping 'de berk'");
    expect(fresh.placeKey).toBe(old.placeKey);
    expect(fresh.placeMatch).toBe("single");
    expect((await service.placeLinks(fresh))?.earlier).toEqual([]);
    const vague = await report("bij de supermarkt");
    expect(vague.placeKey).toBeUndefined();
    expect(vague.placeMatch).toBe("no_place");
    expect(await service.placeLinks(vague)).toBeUndefined();
  });

  it("should not link a case once retention has purged it", async () => {
    const first = await report("Dorpsstraat 1, 1234 AB");
    await service.claim(first.id, coordinator);
    await service.close(first.id, coordinator, "afgehandeld");
    clock.advance(DAY);
    await store.purgeClosed(new Date(clock.now().getTime()), false);
    const second = await report("1234ab dorpsstraat 1");
    expect(second.placeMatch).toBe("single");
    expect((await service.placeLinks(second))?.earlier).toEqual([]);
  });
});
