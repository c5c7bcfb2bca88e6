/**
 * @module storage/case-store
 * The narrow storage contract of the escalation flow: cases, their audit trail and the durable outbox. Every
 * method that changes a case also takes the outbox items (and audit entries) it causes and stores them in ONE
 * atomic operation, so a notification can never be lost between "case saved" and "notification queued".
 */
import type { AuditEntry, CaseRecord, NewCase } from "../cases/case-schema.js";
import type { Counter } from "../insight/counters.js";
import type { DeliveryResult, OutboxItem } from "../notify/outbox-schema.js";

/** The result of `createCase`: a new case, or the one an earlier submit with the same requestId created. */
export type CreateCaseResult =
  { status: "created"; case: CaseRecord } | { status: "duplicate"; case: CaseRecord };

/** Counts of outbox items by status, for `meldpunt status` and metrics. */
export interface OutboxCounts {
  pending: number;
  done: number;
  dead: number;
}

/**
 * Storage for cases, audit and outbox. Implementations: lowdb (one JSON file per case with its outbox and audit,
 * one process) and PostgreSQL (transactions, several bot instances). Both pass test/storage/case-store.contract.ts.
 */
export interface CaseStore {
  /**
   * Stores a new case with the next number of its year ("MH-2026-0042"), its outbox items and audit entries
   * atomically. Idempotent on `requestId`: a second call returns the existing case and stores nothing.
   */
  createCase(record: NewCase, outbox: OutboxItem[], audit: AuditEntry[]): Promise<CreateCaseResult>;
  getCase(id: string): Promise<CaseRecord | undefined>;
  findByNumber(number: string): Promise<CaseRecord | undefined>;
  /**
   * The cases whose `placeKey` (the keyed hash of their place, cases/place-key) is `placeKey`, reported at or
   * after `since`: the `limit` newest, newest first (see newestCaseFirst). For bringing reports about one place
   * together (cases/place-links); a purged case is gone from it.
   */
  findByPlaceKey(placeKey: string, since: Date, limit: number): Promise<CaseRecord[]>;
  /** The reporter's cases, newest first (see newestCaseFirst). */
  listByReporter(userId: string): Promise<CaseRecord[]>;
  /** Cases that are not closed, oldest first (see oldestCaseFirst). */
  listOpen(): Promise<CaseRecord[]>;
  /** The `limit` most recent closed cases, newest first (see newestCaseFirst). */
  listClosed(limit: number): Promise<CaseRecord[]>;
  /**
   * Replaces the case if its stored version is still `expectedVersion` (else ConcurrencyError), storing it with
   * version `expectedVersion + 1`, and adds the outbox items (skipping any whose idempotency key exists) and
   * audit entries in the same operation. Returns the stored record.
   */
  updateCase(
    id: string,
    expectedVersion: number,
    record: CaseRecord,
    outbox: OutboxItem[],
    audit: AuditEntry[],
  ): Promise<CaseRecord>;
  appendAudit(entry: AuditEntry): Promise<void>;
  /** The audit trail of one case, oldest first. */
  listAudit(caseId: string): Promise<AuditEntry[]>;
  /**
   * Leases the first `limit` items that are due at `now` (notify/outbox-policy `isDue`, in `dueOrder`) until
   * `now + leaseMs`, raises their `attempts` and returns them in that order. Two dispatchers never get the same
   * item while its lease runs. In the same pass, delivered items past their retention (`isExpiredDelivery`) are
   * dropped, so the outbox stays bounded.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  /**
   * Marks an item done. A channel delivery can give the case its card (`cardAfterDelivery`), raising the case
   * version, in the same operation; delivered items of that case past their retention are dropped.
   */
  markDelivered(id: string, result: DeliveryResult, at: Date): Promise<void>;
  /**
   * Records a failed attempt: back to pending until `nextAttemptAt`, or dead. A `fallback` item (ignored when its
   * idempotency key exists) is queued in the same operation.
   */
  markFailed(
    id: string,
    error: string,
    nextAttemptAt: Date,
    dead: boolean,
    fallback?: OutboxItem,
  ): Promise<void>;
  /** Items that will not be retried, for coordinators to see: newest first (the due order reversed). */
  listDead(): Promise<OutboxItem[]>;
  countOutbox(): Promise<OutboxCounts>;
  /**
   * Retention: deletes cases closed before `cutoff` with their outbox items and audit trail, and audit entries
   * older than `cutoff` that belong to no stored case. Open cases are never touched. With `dryRun` only counts.
   * What a deleted case contributed to the statistics (insight/counters `caseCounters`) is folded into the
   * stored counters in the same operation, so `insightCounters` gives the same sums before and after.
   */
  purgeClosed(cutoff: Date, dryRun: boolean): Promise<{ cases: number; looseAuditEntries: number }>;
  /**
   * The anonymous statistics: what every stored case contributes (`caseCounters`) plus the stored counters
   * (finished checks, purged cases), summed per month, metric and key (`sumCounters`).
   */
  insightCounters(): Promise<Counter[]>;
  /** Adds anonymous counters (a finished check) to the stored ones. */
  addInsight(counters: readonly Counter[]): Promise<void>;
  /** Waits for pending writes; the PostgreSQL pool itself is owned by the caller. */
  close(): Promise<void>;
}

/**
 * The order of `listByReporter`: newest first; cases created in the same millisecond by number, highest (the
 * later one) first. In SQL: `ORDER BY created_at DESC, length(number) DESC, number DESC`.
 */
export function newestCaseFirst(a: CaseRecord, b: CaseRecord): number {
  return oldestCaseFirst(b, a);
}

/**
 * The order of `listOpen`: oldest first; cases created in the same millisecond by number, lowest first. In SQL:
 * `ORDER BY created_at, length(number), number` (so MH-2026-10000 follows MH-2026-9999).
 */
export function oldestCaseFirst(a: CaseRecord, b: CaseRecord): number {
  return (
    Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
    a.number.length - b.number.length ||
    (a.number < b.number ? -1 : a.number > b.number ? 1 : 0)
  );
}
