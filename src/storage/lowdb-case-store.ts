/**
 * @module storage/lowdb-case-store
 * The embedded CaseStore: cases, outbox and audit in ONE JSON document (`<dataDir>/cases.json`), so "case + its
 * outbox items" is literally one atomic file write. Meant for a single bot process (no cross-process lock); the
 * document stays small because cases are few and delivered outbox items are pruned after a week.
 */
import { join } from "node:path";
import { z } from "zod";
import { AuditEntry, CaseRecord, caseYear, formatCaseNumber, type NewCase } from "../cases/case-schema.js";
import { ConcurrencyError, StorageError } from "../errors.js";
import { OutboxItem, type DeliveryResult } from "../notify/outbox-schema.js";
import { cardFromResult, type CaseStore, type CreateCaseResult, type OutboxCounts } from "./case-store.js";
import { JsonFileStore } from "./json-file.js";

/** The whole cases document. */
const CasesDocument = z.object({
  schemaVersion: z.literal(1),
  counters: z.record(z.string(), z.number().int().min(0)),
  cases: z.record(z.string(), CaseRecord),
  outbox: z.record(z.string(), OutboxItem),
  audit: z.array(AuditEntry),
});
type CasesDocument = z.infer<typeof CasesDocument>;

// Delivered items are only needed for idempotency while their case event is fresh.
const DONE_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** Opens (or creates) `<dataDir>/cases.json`; a corrupt file raises a StorageError naming it. */
export async function openLowdbCaseStore(dataDir: string): Promise<CaseStore> {
  const file = join(dataDir, "cases.json");
  const doc = await JsonFileStore.open(file, CasesDocument, {
    schemaVersion: 1,
    counters: {},
    cases: {},
    outbox: {},
    audit: [],
  });
  return new LowdbCaseStore(doc);
}

const byTime = (a: string, b: string) => Date.parse(a) - Date.parse(b);

class LowdbCaseStore implements CaseStore {
  constructor(private readonly doc: JsonFileStore<CasesDocument>) {}

  private get data(): CasesDocument {
    return this.doc.data;
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
      addOutbox(data, outbox);
      data.audit.push(...structuredClone(audit));
      return { status: "created", case: structuredClone(stored) };
    });
  }

  async getCase(id: string): Promise<CaseRecord | undefined> {
    const found = this.data.cases[id];
    return found && structuredClone(found);
  }

  async findByNumber(number: string): Promise<CaseRecord | undefined> {
    const found = Object.values(this.data.cases).find((c) => c.number === number);
    return found && structuredClone(found);
  }

  async listByReporter(userId: string): Promise<CaseRecord[]> {
    return Object.values(this.data.cases)
      .filter((c) => c.reporter.userId === userId)
      .sort((a, b) => byTime(b.createdAt, a.createdAt))
      .map((c) => structuredClone(c));
  }

  async listOpen(): Promise<CaseRecord[]> {
    return Object.values(this.data.cases)
      .filter((c) => c.status !== "closed")
      .sort((a, b) => byTime(a.createdAt, b.createdAt))
      .map((c) => structuredClone(c));
  }

  updateCase(
    id: string,
    expectedVersion: number,
    record: CaseRecord,
    outbox: OutboxItem[],
    audit: AuditEntry[],
  ): Promise<CaseRecord> {
    return this.doc.update((data) => {
      // Every check comes before the first change: a throw inside `update` must leave the document untouched.
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
      addOutbox(data, outbox);
      data.audit.push(...structuredClone(audit));
      return structuredClone(next);
    });
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.doc.update((data) => {
      data.audit.push(structuredClone(entry));
    });
  }

  async listAudit(caseId: string): Promise<AuditEntry[]> {
    return this.data.audit.filter((a) => a.caseId === caseId).map((a) => structuredClone(a));
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    const t = now.getTime();
    const isDue = (item: OutboxItem) =>
      item.status === "pending" &&
      Date.parse(item.nextAttemptAt) <= t &&
      (!item.leaseUntil || Date.parse(item.leaseUntil) <= t);
    // Most passes find nothing: skip the write (and its whole-document serialisation) then.
    if (!Object.values(this.data.outbox).some(isDue)) return [];
    return this.doc.update((data) => {
      const due = Object.values(data.outbox)
        .filter(isDue)
        .sort((a, b) => byTime(a.nextAttemptAt, b.nextAttemptAt) || byTime(a.createdAt, b.createdAt))
        .slice(0, limit);
      const leaseUntil = new Date(t + leaseMs).toISOString();
      for (const item of due) {
        item.leaseUntil = leaseUntil;
        item.attempts += 1;
      }
      return due.map((item) => structuredClone(item));
    });
  }

  async markDelivered(id: string, result: DeliveryResult, at: Date): Promise<void> {
    await this.doc.update((data) => {
      const item = data.outbox[id];
      if (!item) throw new StorageError(`outbox item ${id} not found`);
      item.status = "done";
      item.deliveredAt = at.toISOString();
      delete item.leaseUntil;
      if (result.activityId) item.activityId = result.activityId;
      const card = cardFromResult(result);
      const owner = data.cases[item.caseId];
      if (card && item.target.kind === "channel" && owner && !owner.card) {
        owner.card = card;
        owner.version += 1;
      }
      pruneDone(data, at.getTime());
    });
  }

  async markFailed(
    id: string,
    error: string,
    nextAttemptAt: Date,
    dead: boolean,
    fallback?: OutboxItem,
  ): Promise<void> {
    await this.doc.update((data) => {
      const item = data.outbox[id];
      if (!item) throw new StorageError(`outbox item ${id} not found`);
      item.status = dead ? "dead" : "pending";
      item.lastError = error;
      item.nextAttemptAt = nextAttemptAt.toISOString();
      delete item.leaseUntil;
      if (fallback) addOutbox(data, [fallback]);
    });
  }

  async listDead(): Promise<OutboxItem[]> {
    return Object.values(this.data.outbox)
      .filter((i) => i.status === "dead")
      .sort((a, b) => byTime(b.nextAttemptAt, a.nextAttemptAt))
      .map((i) => structuredClone(i));
  }

  async countOutbox(): Promise<OutboxCounts> {
    const counts: OutboxCounts = { pending: 0, done: 0, dead: 0 };
    for (const item of Object.values(this.data.outbox)) counts[item.status] += 1;
    return counts;
  }

  async close(): Promise<void> {
    await this.doc.flush();
  }
}

/** Adds items whose idempotency key is new; a repeated key means that event was already queued for that target. */
function addOutbox(data: CasesDocument, items: OutboxItem[]): void {
  if (items.length === 0) return;
  const keys = new Set(Object.values(data.outbox).map((i) => i.idempotencyKey));
  for (const item of items) {
    if (keys.has(item.idempotencyKey)) continue;
    keys.add(item.idempotencyKey);
    data.outbox[item.id] = structuredClone(item);
  }
}

function pruneDone(data: CasesDocument, now: number): void {
  for (const [id, item] of Object.entries(data.outbox)) {
    if (
      item.status === "done" &&
      item.deliveredAt &&
      now - Date.parse(item.deliveredAt) > DONE_RETENTION_MS
    ) {
      delete data.outbox[id];
    }
  }
}
