import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { applyRetention } from "../../src/privacy/retention.js";
import { openStorage, type Storage } from "../../src/storage/open-storage.js";
import { auditEntry, newCase } from "../fixtures/cases/build.js";

const settings = { closedCaseDays: 365, conversationDays: 30, unansweredDays: 180 };
// One day ahead of the real clock: what is written during the test counts as one day old.
const now = new Date(Date.now() + 86_400_000);
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe("applyRetention", () => {
  let dir: string;
  let storage: Storage;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-retention-"));
    storage = await openStorage(loadConfig({ DATA_DIR: dir }), createLogger("silent"));
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function age(key: string, days: number): Promise<void> {
    // The lowdb store keeps one file per key; its modification time is when the key was last written.
    const stateDir = join(dir, "state");
    for (const name of await readdir(stateDir)) {
      const file = join(stateDir, name);
      const { readFile } = await import("node:fs/promises");
      if ((await readFile(file, "utf8")).includes(JSON.stringify(key)))
        await utimes(file, daysAgo(days), daysAgo(days));
    }
  }

  it("should purge what is past its period, count only in a dry run, and keep open cases and the channel", async () => {
    const closedAt = (d: number) => ({
      reason: "afgehandeld",
      by: { id: "c", name: "C" },
      at: daysAgo(d).toISOString(),
    });
    const oldClosed = (
      await storage.cases.createCase(newCase({ status: "closed", closed: closedAt(400) }), [], [])
    ).case;
    const freshClosed = (
      await storage.cases.createCase(newCase({ status: "closed", closed: closedAt(10) }), [], [])
    ).case;
    const oldOpen = (
      await storage.cases.createCase(newCase({ createdAt: daysAgo(900).toISOString() }), [], [])
    ).case;
    await storage.cases.appendAudit(auditEntry("*", { at: daysAgo(500).toISOString() }));
    await storage.kv.write({
      "conversation/msteams/old": { v: 1 },
      "conversation/msteams/new": { v: 2 },
      "ref/contact-point": { v: 3 },
      "ref/user/gone": { v: 4 },
    });
    await age("conversation/msteams/old", 45);
    await age("ref/contact-point", 4000);
    await age("ref/user/gone", 400);
    await storage.knowledgeLog.recordUnanswered({
      question: "oud",
      lang: "nl",
      at: daysAgo(200),
      candidates: [],
    });
    await storage.knowledgeLog.recordUnanswered({
      question: "nieuw",
      lang: "nl",
      at: daysAgo(5),
      candidates: [],
    });
    await writeFile(join(dir, "cases", `.${oldOpen.id}.json.5f5f5f5f.tmp`), "{");

    const expected = {
      closedCases: 1,
      looseAuditEntries: 1,
      conversations: 1,
      userReferences: 1,
      unansweredQuestions: 1,
    };
    expect(await applyRetention(storage, settings, now, true)).toEqual({ dryRun: true, ...expected });
    expect(await storage.cases.getCase(oldClosed.id)).toBeDefined();
    expect(await applyRetention(storage, settings, now, false)).toEqual({ dryRun: false, ...expected });
    expect(await applyRetention(storage, settings, now, false)).toMatchObject({
      closedCases: 0,
      conversations: 0,
    });

    expect(await storage.cases.getCase(oldClosed.id)).toBeUndefined();
    expect(await storage.cases.getCase(freshClosed.id)).toBeDefined();
    expect(await storage.cases.getCase(oldOpen.id)).toBeDefined();
    const kv = await storage.kv.read([
      "conversation/msteams/old",
      "conversation/msteams/new",
      "ref/contact-point",
      "ref/user/gone",
    ]);
    expect(Object.keys(kv).sort()).toEqual(["conversation/msteams/new", "ref/contact-point"]);
    expect((await storage.knowledgeLog.listGaps()).unanswered.map((q) => q.question)).toEqual(["nieuw"]);
    // Stray temp files with case data are gone once the store has been opened again.
    await storage.close();
    storage = await openStorage(loadConfig({ DATA_DIR: dir }), createLogger("silent"));
    expect((await readdir(join(dir, "cases"))).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("should delete nothing when its signal has aborted before it starts", async () => {
    const closed = { reason: "afgehandeld", by: { id: "c", name: "C" }, at: daysAgo(400).toISOString() };
    const oldClosed = (await storage.cases.createCase(newCase({ status: "closed", closed }), [], [])).case;
    await storage.kv.write({ "conversation/msteams/old": { v: 1 } });
    await age("conversation/msteams/old", 45);

    await expect(applyRetention(storage, settings, now, false, AbortSignal.abort())).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(await storage.cases.getCase(oldClosed.id)).toBeDefined();
    expect(Object.keys(await storage.kv.read(["conversation/msteams/old"]))).toEqual([
      "conversation/msteams/old",
    ]);
  });
});
