/**
 * `npm run bench:cases`: throughput of the two real CaseStores, lowdb (a file per case) and PostgreSQL, at 100,
 * 2,000 and 10,000 existing cases: submits/s (createCase with one outbox item and one audit entry, as the case
 * service does) and updates/s (getCase + updateCase with one outbox item and one audit entry), both at
 * concurrency 4, time-bounded. Every ratio compares figures measured in this run: lowdb against PostgreSQL at the
 * same size, and each store at a size against itself at the smallest one (1.0x = the cost stays flat as cases
 * accumulate, which is what the per-case layout is for). PostgreSQL is the test database (TEST_DATABASE_URL);
 * when it cannot be reached only the lowdb rows are printed.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  formatCaseNumber,
  type AuditEntry,
  type CaseRecord,
  type NewCase,
} from "../src/cases/case-schema.js";
import { newOutboxItem, type OutboxItem } from "../src/notify/outbox-schema.js";
import type { CaseStore } from "../src/storage/case-store.js";
import { openLowdbCaseStore } from "../src/storage/lowdb-case-store.js";
import { openPgCaseStore } from "../src/storage/pg-case-store.js";
import { newCase } from "../test/fixtures/cases/build.js";
import { createTestSchema, testDatabaseUrl } from "../test/helpers/pg.js";

const SIZES = [100, 2_000, 10_000];
const CONCURRENCY = 4;
// Each measurement stops starting new operations after this long; in-flight ones are awaited and counted.
const BUDGET_MS = 1_000;
// Parallel creates while seeding PostgreSQL (seeding is not measured).
const SEED_CONCURRENCY = 8;
const T0 = Date.parse("2026-03-02T09:00:00.000Z");

type StoreName = "lowdb" | "postgres";

/** A case as the service hands it over, with realistic text lengths. */
function benchCase(i: number): NewCase {
  const base = newCase();
  return newCase({
    createdAt: new Date(T0 + i * 1000).toISOString(),
    signals: ["no-own-passport", "debt-to-employer", "lives-at-work"],
    reasons: ["Twee sterke signalen van arbeidsuitbuiting.", "Woont op het terrein van de werkgever."],
    description: "Acht mannen wonen in een schuur naast het bedrijf en werken zes dagen per week. ".repeat(4),
    reporter: { ...base.reporter, userId: `user-${i % 50}` },
  });
}

function benchItem(caseId: string, seq: number, done: boolean): OutboxItem {
  const item = newOutboxItem({
    id: randomUUID(),
    caseId,
    seq,
    event: seq === 1 ? "case.created" : "case.updated",
    target: { kind: "channel" },
    payload: { seq },
    now: new Date(T0),
  });
  return done
    ? { ...item, status: "done", attempts: 1, deliveredAt: new Date(T0 + 5000).toISOString() }
    : item;
}

function benchAudit(caseId: string): AuditEntry {
  return {
    id: randomUUID(),
    caseId,
    at: new Date(T0).toISOString(),
    actor: { id: "coord-1", name: "Coby Coördinator" },
    action: "case.claim",
    allowed: true,
    detail: { result: "ok" },
  };
}

/** Each seeded case carries two delivered outbox items and two audit entries, like a case a while after submit. */
function seedParts(caseId: string): { outbox: OutboxItem[]; audit: AuditEntry[] } {
  return {
    outbox: [benchItem(caseId, 0, true), benchItem(caseId, 1, true)],
    audit: [benchAudit(caseId), benchAudit(caseId)],
  };
}

/**
 * Seeds `n` lowdb cases fast: writes the old single-document layout, which opening the store migrates into
 * per-case files (its documented upgrade path), then closes it so the timed open is the ordinary start-up scan.
 */
async function seedLowdb(dir: string, n: number): Promise<string[]> {
  const doc = {
    schemaVersion: 1,
    counters: { "2026": n },
    cases: {} as Record<string, CaseRecord>,
    outbox: {} as Record<string, OutboxItem>,
    audit: [] as AuditEntry[],
  };
  for (let i = 0; i < n; i++) {
    const record: CaseRecord = { ...benchCase(i), number: formatCaseNumber(2026, i + 1) };
    const { outbox, audit } = seedParts(record.id);
    doc.cases[record.id] = record;
    for (const item of outbox) doc.outbox[item.id] = item;
    doc.audit.push(...audit);
  }
  await writeFile(join(dir, "cases.json"), JSON.stringify(doc));
  await (await openLowdbCaseStore(dir)).close();
  return Object.keys(doc.cases);
}

/** Seeds `n` PostgreSQL cases through the store itself, in parallel. */
async function seedPg(store: CaseStore, n: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < n) {
        const record = benchCase(next++);
        const { outbox, audit } = seedParts(record.id);
        ids.push((await store.createCase(record, outbox, audit)).case.id);
      }
    }),
  );
  return ids;
}

/** Runs `op` from CONCURRENCY workers until `budgetMs` is spent; returns completed operations per second. */
async function throughput(
  budgetMs: number,
  op: (worker: number, i: number) => Promise<void>,
): Promise<number> {
  let done = 0;
  const start = performance.now();
  const deadline = start + budgetMs;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await op(worker, i);
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

async function measure(
  store: CaseStore,
  ids: string[],
  budgetMs: number,
): Promise<{ submits: number; updates: number }> {
  let n = ids.length;
  const submits = await throughput(budgetMs, async () => {
    const record = benchCase(n++);
    await store.createCase(record, [benchItem(record.id, 1, false)], [benchAudit(record.id)]);
  });
  // Each worker updates its own slice of the existing cases, so no update loses a version race.
  const updates = await throughput(budgetMs, async (worker, i) => {
    const id = ids[(worker + i * CONCURRENCY) % ids.length] ?? "";
    const current = await store.getCase(id);
    if (!current) throw new Error(`bench case ${id} missing`);
    const seq = current.seq + 1;
    await store.updateCase(
      id,
      current.version,
      { ...current, status: "claimed", claimedBy: { id: "coord-1", name: "Coby" }, seq },
      [benchItem(id, seq, false)],
      [benchAudit(id)],
    );
  });
  return { submits, updates };
}

interface Row {
  size: number;
  store: StoreName;
  submits: number;
  updates: number;
  openMs: number;
}

async function runLowdb(size: number, budgetMs: number): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), "sw-bench-cases-"));
  try {
    const ids = await seedLowdb(dir, size);
    const t = performance.now();
    const store = await openLowdbCaseStore(dir); // the scan every start does
    const openMs = performance.now() - t;
    const row: Row = { size, store: "lowdb", openMs, ...(await measure(store, ids, budgetMs)) };
    await store.close();
    return row;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runPg(size: number, budgetMs: number): Promise<Row> {
  const db = await createTestSchema();
  try {
    const ids = await seedPg(await openPgCaseStore(db.pool), size);
    const t = performance.now();
    const store = await openPgCaseStore(db.pool); // the idempotent migration every start does
    const openMs = performance.now() - t;
    const row: Row = { size, store: "postgres", openMs, ...(await measure(store, ids, budgetMs)) };
    await store.close();
    return row;
  } finally {
    await db.drop();
  }
}

async function pgReachable(): Promise<boolean> {
  try {
    await (await createTestSchema()).drop();
    return true;
  } catch (error) {
    console.log(`postgres not reachable at ${testDatabaseUrl} (${(error as Error).message}): lowdb only\n`);
    return false;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  // Other processes on the machine stretch wall-clock figures; the load average says how much.
  console.log(
    `machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(`concurrency ${CONCURRENCY}, ${BUDGET_MS} ms per measurement, temp dir ${tmpdir()}\n`);
  const stores: StoreName[] = (await pgReachable()) ? ["lowdb", "postgres"] : ["lowdb"];
  const run = (store: StoreName, size: number, budgetMs = BUDGET_MS) =>
    store === "lowdb" ? runLowdb(size, budgetMs) : runPg(size, budgetMs);
  // A short untimed round first, so the first timed row does not pay for JIT warm-up.
  for (const store of stores) await run(store, 50, 300);
  const rows: Row[] = [];
  for (const size of SIZES) for (const store of stores) rows.push(await run(store, size));
  const find = (store: StoreName, size: number) => rows.find((r) => r.store === store && r.size === size);
  const fmt = (v: number, w: number) => v.toFixed(v < 10 ? 1 : 0).padStart(w);
  const ratio = (a: number, b: number, w: number) => `${(a / b).toFixed(2)}x`.padStart(w);

  console.log("existing cases  store      submits/s  updates/s   open ms");
  for (const row of rows) {
    console.log(
      `${String(row.size).padStart(14)}  ${row.store.padEnd(9)}${fmt(row.submits, 11)}${fmt(row.updates, 11)}${fmt(row.openMs, 10)}`,
    );
  }
  if (stores.includes("postgres")) {
    console.log("\nratio lowdb / postgres at the same size (above 1 the embedded store is faster)");
    console.log("existing cases   submits   updates");
    for (const size of SIZES) {
      const [low, pg] = [find("lowdb", size), find("postgres", size)];
      if (!low || !pg) continue;
      console.log(
        `${String(size).padStart(14)}${ratio(low.submits, pg.submits, 10)}${ratio(low.updates, pg.updates, 10)}`,
      );
    }
  }
  const [smallest] = SIZES;
  console.log(`\nratio to the same store at ${smallest} cases (1.00x = flat as cases accumulate)`);
  console.log("store      existing cases   submits   updates");
  for (const store of stores) {
    const base = find(store, smallest ?? 0);
    for (const size of SIZES.slice(1)) {
      const row = find(store, size);
      if (!base || !row) continue;
      console.log(
        `${store.padEnd(9)}${String(size).padStart(16)}${ratio(row.submits, base.submits, 10)}${ratio(row.updates, base.updates, 10)}`,
      );
    }
  }
  console.log(`\ntotal run time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
