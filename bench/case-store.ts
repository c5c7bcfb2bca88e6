/**
 * `npx tsx bench/case-store.ts`: measures the lowdb case store, per-case files (src/storage/lowdb-case-store.ts)
 * against the earlier single-document layout (a copy kept below as the baseline), at 100, 2,000 and 10,000
 * existing cases: submits/s (createCase with one outbox item and one audit entry, as the case service does) and
 * updates/s (updateCase with one outbox item and one audit entry), both at concurrency 4, time-bounded.
 */
import { newCase } from "../test/fixtures/cases/build.js";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import {
  AuditEntry,
  CaseRecord,
  caseYear,
  formatCaseNumber,
  type NewCase,
} from "../src/cases/case-schema.js";
import { ConcurrencyError, StorageError } from "../src/errors.js";
import { newOutboxItem, OutboxItem } from "../src/notify/outbox-schema.js";
import type { CaseStore, CreateCaseResult } from "../src/storage/case-store.js";
import { JsonFileStore } from "../src/storage/json-file.js";
import { openLowdbCaseStore } from "../src/storage/lowdb-case-store.js";

const SIZES = [100, 2_000, 10_000];
const CONCURRENCY = 4;
// Each measurement stops starting new operations after this long; in-flight ones are awaited and counted.
const BUDGET_MS = 1_000;
const T0 = Date.parse("2026-03-02T09:00:00.000Z");

// ---------------------------------------------------------------------------------------------------------------
// BASELINE: the single-document layout as it was before per-case files (cases, outbox and audit in one
// `<dataDir>/cases.json` through JsonFileStore). Only the methods this bench calls are kept.
// ---------------------------------------------------------------------------------------------------------------

/** BASELINE: the whole cases document of the old layout. */
const CasesDocument = z.object({
  schemaVersion: z.literal(1),
  counters: z.record(z.string(), z.number().int().min(0)),
  cases: z.record(z.string(), CaseRecord),
  outbox: z.record(z.string(), OutboxItem),
  audit: z.array(AuditEntry),
});
type CasesDocument = z.infer<typeof CasesDocument>;

/** BASELINE: createCase and updateCase of the old single-document store, unchanged. */
class BaselineSingleDocumentStore {
  private constructor(private readonly doc: JsonFileStore<CasesDocument>) {}

  static async open(dataDir: string): Promise<BaselineSingleDocumentStore> {
    const doc = await JsonFileStore.open(join(dataDir, "cases.json"), CasesDocument, {
      schemaVersion: 1,
      counters: {},
      cases: {},
      outbox: {},
      audit: [],
    });
    return new BaselineSingleDocumentStore(doc);
  }

  createCase(record: NewCase, outbox: OutboxItem[], audit: AuditEntry[]): Promise<CreateCaseResult> {
    return this.doc.update((data): CreateCaseResult => {
      const existing = Object.values(data.cases).find((c) => c.requestId === record.requestId);
      if (existing) return { status: "duplicate", case: structuredClone(existing) };
      if (data.cases[record.id]) throw new StorageError(`case ${record.id} already exists`);
      const year = String(caseYear(record.createdAt));
      const sequence = (data.counters[year] ?? 0) + 1;
      const stored: CaseRecord = {
        ...structuredClone(record),
        number: formatCaseNumber(Number(year), sequence),
      };
      data.counters[year] = sequence;
      data.cases[stored.id] = stored;
      baselineAddOutbox(data, outbox);
      data.audit.push(...structuredClone(audit));
      return { status: "created", case: structuredClone(stored) };
    });
  }

  async getCase(id: string): Promise<CaseRecord | undefined> {
    const found = this.doc.data.cases[id];
    return found && structuredClone(found);
  }

  updateCase(
    id: string,
    expectedVersion: number,
    record: CaseRecord,
    outbox: OutboxItem[],
    audit: AuditEntry[],
  ): Promise<CaseRecord> {
    return this.doc.update((data) => {
      const stored = data.cases[id];
      if (!stored) throw new StorageError(`case ${id} not found`);
      if (stored.version !== expectedVersion) {
        throw new ConcurrencyError(
          `case ${id} changed: version ${stored.version}, expected ${expectedVersion}`,
        );
      }
      const next: CaseRecord = {
        ...structuredClone(record),
        id,
        number: stored.number,
        version: expectedVersion + 1,
      };
      data.cases[id] = next;
      baselineAddOutbox(data, outbox);
      data.audit.push(...structuredClone(audit));
      return structuredClone(next);
    });
  }

  async close(): Promise<void> {
    await this.doc.flush();
  }
}

function baselineAddOutbox(data: CasesDocument, items: OutboxItem[]): void {
  if (items.length === 0) return;
  const keys = new Set(Object.values(data.outbox).map((i) => i.idempotencyKey));
  for (const item of items) {
    if (keys.has(item.idempotencyKey)) continue;
    keys.add(item.idempotencyKey);
    data.outbox[item.id] = structuredClone(item);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// END OF BASELINE
// ---------------------------------------------------------------------------------------------------------------

/** The part of a store this bench drives; both layouts have it. */
type Driven = Pick<CaseStore, "createCase" | "getCase" | "updateCase" | "close">;

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

/**
 * Writes an old-layout `cases.json` with `n` cases, each with two delivered outbox items and two audit entries.
 * Opening the new store on it migrates it into per-case files, so both layouts start from the same data.
 */
async function seed(dir: string, n: number): Promise<string[]> {
  const doc: CasesDocument = { schemaVersion: 1, counters: {}, cases: {}, outbox: {}, audit: [] };
  for (let i = 0; i < n; i++) {
    const record: CaseRecord = { ...benchCase(i), number: formatCaseNumber(2026, i + 1) };
    doc.cases[record.id] = record;
    for (const item of [benchItem(record.id, 0, true), benchItem(record.id, 1, true)])
      doc.outbox[item.id] = item;
    doc.audit.push(benchAudit(record.id), benchAudit(record.id));
  }
  doc.counters["2026"] = n;
  await writeFile(join(dir, "cases.json"), JSON.stringify(doc));
  return Object.keys(doc.cases);
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
  store: Driven,
  ids: string[],
  budgetMs: number,
): Promise<{ submits: number; updates: number }> {
  let n = 0;
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
  layout: "single document (old)" | "file per case (new)";
  submits: number;
  updates: number;
  openMs: number;
}

async function runSize(size: number, budgetMs = BUDGET_MS): Promise<Row[]> {
  const rows: Row[] = [];
  const oldDir = await mkdtemp(join(tmpdir(), "sw-bench-old-"));
  const newDir = await mkdtemp(join(tmpdir(), "sw-bench-new-"));
  try {
    const oldIds = await seed(oldDir, size);
    let t = performance.now();
    const baseline = await BaselineSingleDocumentStore.open(oldDir);
    let openMs = performance.now() - t;
    rows.push({
      size,
      layout: "single document (old)",
      openMs,
      ...(await measure(baseline, oldIds, budgetMs)),
    });
    await baseline.close();

    const newIds = await seed(newDir, size);
    await (await openLowdbCaseStore(newDir)).close(); // migrates cases.json into per-case files
    t = performance.now();
    const store = await openLowdbCaseStore(newDir); // the scan every start does
    openMs = performance.now() - t;
    rows.push({ size, layout: "file per case (new)", openMs, ...(await measure(store, newIds, budgetMs)) });
    await store.close();
  } finally {
    await rm(oldDir, { recursive: true, force: true });
    await rm(newDir, { recursive: true, force: true });
  }
  return rows;
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
  // A short untimed round first, so the first timed row does not pay for JIT warm-up.
  await runSize(50, 300);
  const rows: Row[] = [];
  for (const size of SIZES) rows.push(...(await runSize(size)));
  const fmt = (v: number, w: number) => v.toFixed(v < 10 ? 1 : 0).padStart(w);
  console.log("existing cases  layout                   submits/s  updates/s   open ms");
  for (const row of rows) {
    console.log(
      `${String(row.size).padStart(14)}  ${row.layout.padEnd(23)}${fmt(row.submits, 11)}${fmt(row.updates, 11)}${fmt(row.openMs, 10)}`,
    );
  }
  console.log("\nratio new / old (higher is better for the new layout)");
  console.log("existing cases   submits   updates");
  for (const size of SIZES) {
    const [old, cur] = [
      rows.find((r) => r.size === size && r.layout.startsWith("single")),
      rows.find((r) => r.size === size && r.layout.startsWith("file")),
    ];
    if (!old || !cur) continue;
    console.log(
      `${String(size).padStart(14)}  ${(cur.submits / old.submits).toFixed(1).padStart(7)}x ${(cur.updates / old.updates).toFixed(1).padStart(7)}x`,
    );
  }
  console.log(`\ntotal run time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
