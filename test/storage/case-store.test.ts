import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { StorageError } from "../../src/errors.js";
import { caseCounters } from "../../src/insight/counters.js";
import { openLowdbCaseStore } from "../../src/storage/lowdb-case-store.js";
import { openPgCaseStore } from "../../src/storage/pg-case-store.js";
import { auditEntry, newCase, outboxItem } from "../fixtures/cases/build.js";
import { createTestSchema } from "../helpers/pg.js";
import { caseStoreContract } from "./case-store.contract.js";

caseStoreContract(
  "lowdb",
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "sw-cases-"));
    return {
      store: await openLowdbCaseStore(dir),
      cleanup: () => rm(dir, { recursive: true, force: true }),
      reopen: () => openLowdbCaseStore(dir),
    };
  },
  { leasesSurviveReopen: false },
);

caseStoreContract(
  "postgres",
  async () => {
    const db = await createTestSchema();
    return {
      store: await openPgCaseStore(db.pool),
      cleanup: db.drop,
      reopen: () => openPgCaseStore(db.pool),
    };
  },
  { leasesSurviveReopen: true },
);

const T = new Date("2026-03-02T10:00:00.000Z");

describe("lowdb case store", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-cases-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("should write a case with its outbox and audit as one file of its own", async () => {
    const store = await openLowdbCaseStore(dir);
    const record = newCase();
    const other = newCase();
    await store.createCase(record, [outboxItem(record.id)], [auditEntry(record.id)]);
    await store.createCase(other, [], []);
    await store.close();
    const doc = JSON.parse(await readFile(join(dir, "cases", `${record.id}.json`), "utf8"));
    expect(doc.case).toMatchObject({ id: record.id, number: "MH-2026-0001" });
    expect(doc.outbox).toHaveLength(1);
    expect(doc.audit).toHaveLength(1);
    const counters = JSON.parse(await readFile(join(dir, "cases", "_counters.json"), "utf8"));
    expect(counters.counters).toEqual({ "2026": 2 });
  });

  it("should report a corrupt case file by name and leave it in place", async () => {
    const store = await openLowdbCaseStore(dir);
    const { case: stored } = await store.createCase(newCase(), [], []);
    await store.close();
    const file = join(dir, "cases", `${stored.id}.json`);
    await writeFile(file, '{"schemaVersion": 1, "case": {');
    const error = await openLowdbCaseStore(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).file).toBe(file);
    expect((error as StorageError).message).toContain(`${stored.id}.json`);
    await writeFile(file, JSON.stringify({ schemaVersion: 1, case: { ...stored, status: "lost" } }));
    await expect(openLowdbCaseStore(dir)).rejects.toThrow(
      new RegExp(`${stored.id}\\.json.*at case\\.status`),
    );
    expect(await readFile(file, "utf8")).toContain('"lost"');
  });

  it("should ignore and remove the temp files an interrupted write left (they hold case data)", async () => {
    const store = await openLowdbCaseStore(dir);
    const { case: stored } = await store.createCase(newCase(), [outboxItem(newCase().id)], []);
    await store.close();
    await writeFile(join(dir, "cases", `.${stored.id}.json.tmp`), '{"schemaVersion": 1, "ca');
    await writeFile(
      join(dir, "cases", `.${stored.id}.json.1a2b3c4d.tmp`),
      '{"schemaVersion": 1, "case": {"de',
    );
    await writeFile(join(dir, "cases", "._counters.json.tmp"), "{");
    const reopened = await openLowdbCaseStore(dir);
    expect(await reopened.getCase(stored.id)).toEqual(stored);
    expect((await readdir(join(dir, "cases"))).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect((await reopened.createCase(newCase(), [], [])).case.number).toBe("MH-2026-0002");
  });

  it("should append loose audit entries as lines, read the older day layout, and skip a torn last line", async () => {
    const store = await openLowdbCaseStore(dir);
    for (let i = 0; i < 50; i++)
      await store.appendAudit(auditEntry("*", { action: "case.list", allowed: false }));
    await store.close();
    const file = join(dir, "cases", "_audit", "2026-03-02.jsonl");
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(50);
    const legacy = auditEntry("*", { at: "2026-03-01T09:00:00.000Z" });
    await writeFile(
      join(dir, "cases", "_audit", "2026-03-01.json"),
      JSON.stringify({ schemaVersion: 1, entries: [legacy] }),
    );
    await writeFile(file, `${lines.join("\n")}\n{"id":"torn`);
    const reopened = await openLowdbCaseStore(dir);
    expect(await reopened.listAudit("*")).toHaveLength(51);
  });

  it("should finish a purge that folded a case's statistics but was stopped before deleting its file", async () => {
    const store = await openLowdbCaseStore(dir);
    const closed = newCase({
      status: "closed",
      closed: { reason: "afgehandeld", by: { id: "c", name: "C" }, at: "2026-03-05T09:00:00.000Z" },
    });
    const stored = (await store.createCase(closed, [], [])).case;
    const once = await store.insightCounters();
    await store.close();
    // What purgeClosed writes first: the counters with the case folded in, and the case named in `folding`.
    const file = { schemaVersion: 1, counters: caseCounters(stored), folding: [stored.id] };
    await writeFile(join(dir, "cases", "_insight.json"), JSON.stringify(file));
    const reopened = await openLowdbCaseStore(dir);
    expect(await reopened.getCase(stored.id)).toBeUndefined();
    expect(await reopened.insightCounters()).toEqual(once);
    expect(JSON.parse(await readFile(join(dir, "cases", "_insight.json"), "utf8")).folding).toEqual([]);
    await reopened.close();
  });

  it("should never reuse a number on disk, even when the counters file is gone", async () => {
    const store = await openLowdbCaseStore(dir);
    await store.createCase(newCase(), [], []);
    await store.createCase(newCase(), [], []);
    await store.close();
    await rm(join(dir, "cases", "_counters.json"));
    const reopened = await openLowdbCaseStore(dir);
    expect((await reopened.createCase(newCase(), [], [])).case.number).toBe("MH-2026-0003");
  });

  it("should migrate an old single-document store and keep the old file", async () => {
    const record = { ...newCase(), number: "MH-2026-0007" };
    const item = outboxItem(record.id);
    const legacy = {
      schemaVersion: 1,
      counters: { "2026": 7 },
      cases: { [record.id]: record },
      outbox: { [item.id]: item },
      audit: [auditEntry(record.id), auditEntry("*", { action: "case.list", allowed: false })],
    };
    await writeFile(join(dir, "cases.json"), JSON.stringify(legacy));
    const store = await openLowdbCaseStore(dir);
    expect(await store.getCase(record.id)).toEqual(record);
    expect(await store.listAudit(record.id)).toHaveLength(1);
    expect(await store.listAudit("*")).toHaveLength(1);
    expect((await store.claimDue(T, 10, 1000)).map((i) => i.id)).toEqual([item.id]);
    expect((await store.createCase(newCase(), [], [])).case.number).toBe("MH-2026-0008");
    expect(await readdir(dir)).toEqual(expect.arrayContaining(["cases", "cases.json.migrated"]));
    expect(await readdir(dir)).not.toContain("cases.json");
  });

  it("should leave only valid case files after SIGKILL during writes", async () => {
    const moduleUrl = pathToFileURL(join(process.cwd(), "src/storage/lowdb-case-store.ts")).href;
    const buildUrl = pathToFileURL(join(process.cwd(), "test/fixtures/cases/build.ts")).href;
    // Creates cases and keeps updating them with growing outboxes until it is killed.
    const script = `
      const { openLowdbCaseStore } = await import(${JSON.stringify(moduleUrl)});
      const { newCase, outboxItem } = await import(${JSON.stringify(buildUrl)});
      const store = await openLowdbCaseStore(${JSON.stringify(dir)});
      for (let round = 1; ; round++) {
        const { case: c } = await store.createCase(newCase({ description: "x".repeat(50_000) }), [], []);
        let current = c;
        for (let seq = 2; seq < 8; seq++) {
          current = await store.updateCase(current.id, current.version, { ...current, seq }, [outboxItem(c.id, { seq })], []);
        }
        if (round === 3) process.stdout.write("ready\\n");
      }`;
    for (const [round, afterMs] of [5, 40, 90].entries()) {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once("data", () => resolve());
        child.once("exit", (code) => reject(new Error(`writer exited early with ${code}`)));
      });
      await new Promise((r) => setTimeout(r, afterMs));
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
      const store = await openLowdbCaseStore(dir);
      const open = await store.listOpen();
      expect(open.length).toBeGreaterThanOrEqual(3);
      // Numbers are unique; a kill between writing the counters and the case leaves a gap (by design, never a reuse).
      const numbers = open.map((c) => Number(c.number.slice(-4))).sort((a, b) => a - b);
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(numbers.at(-1)! - numbers.length).toBeLessThanOrEqual(round + 1);
      // Each update wrote the case and its new outbox item together: versions and items always match.
      expect(open.every((c) => c.version === c.seq)).toBe(true);
      const pending = open.reduce((sum, c) => sum + c.seq - 1, 0);
      expect(await store.countOutbox()).toEqual({ pending, done: 0, dead: 0 });
      await store.close();
    }
  }, 60_000);
});

describe("postgres case store", () => {
  it("should migrate idempotently, also when two instances start at once", async () => {
    const db = await createTestSchema();
    try {
      const [a] = await Promise.all([openPgCaseStore(db.pool), openPgCaseStore(db.pool)]);
      await openPgCaseStore(db.pool);
      expect((await a!.createCase(newCase(), [], [])).status).toBe("created");
    } finally {
      await db.drop();
    }
  });
});
