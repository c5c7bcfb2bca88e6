import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLowdbCaseStore } from "../../src/storage/lowdb-case-store.js";
import { openPgCaseStore } from "../../src/storage/pg-case-store.js";
import { newCase, outboxItem } from "../fixtures/cases/build.js";
import { createTestSchema } from "../helpers/pg.js";
import { caseStoreContract } from "./case-store.contract.js";

caseStoreContract("lowdb", async () => {
  const dir = await mkdtemp(join(tmpdir(), "sw-cases-"));
  return { store: await openLowdbCaseStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

caseStoreContract("postgres", async () => {
  const db = await createTestSchema();
  return { store: await openPgCaseStore(db.pool), cleanup: db.drop };
});

describe("lowdb case store", () => {
  it("should write the case and its outbox in one document that survives a reopen", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sw-cases-"));
    try {
      const store = await openLowdbCaseStore(dir);
      const record = newCase();
      await store.createCase(record, [outboxItem(record.id)], []);
      await store.close();
      const doc = JSON.parse(await readFile(join(dir, "cases.json"), "utf8"));
      expect(Object.keys(doc.cases)).toEqual([record.id]);
      expect(Object.values(doc.outbox)).toHaveLength(1);
      const reopened = await openLowdbCaseStore(dir);
      expect((await reopened.getCase(record.id))?.number).toBe("MH-2026-0001");
      expect(await reopened.claimDue(new Date("2026-03-02T10:00:00.000Z"), 10, 1000)).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
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
