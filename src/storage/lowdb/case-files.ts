/**
 * @module storage/lowdb/case-files
 * The on-disk layout of the embedded case store under `<dataDir>/cases`: one file per case with its outbox and
 * audit, the yearly counters, the anonymous statistics, and a folder of loose audit entries per day. Schemas, names and the small edits a
 * case file undergoes; the store (storage/lowdb-case-store) decides when they happen.
 */
import { join } from "node:path";
import { z } from "zod";
import { AuditEntry, CaseRecord } from "../../cases/case-schema.js";
import { StorageError } from "../../errors.js";
import { Counter } from "../../insight/counters.js";
import { isExpiredDelivery } from "../../notify/outbox-policy.js";
import { OutboxItem } from "../../notify/outbox-schema.js";
import { readValidated, writeJsonDurably } from "../stored-json.js";

/** One case file: the case with everything that must change together with it. */
export const CaseFile = z.object({
  schemaVersion: z.literal(1),
  case: CaseRecord,
  outbox: z.array(OutboxItem),
  audit: z.array(AuditEntry),
});
export type CaseFile = z.infer<typeof CaseFile>;

/** The last case number handed out per calendar year. */
const CountersFile = z.object({
  schemaVersion: z.literal(1),
  counters: z.record(z.string().regex(/^\d{4}$/), z.number().int().min(0)),
});
type CountersFile = z.infer<typeof CountersFile>;

/**
 * The stored anonymous statistics (insight/counters): finished checks and the contribution of purged cases.
 * `folding` lists the cases a purge has folded in but may not have deleted yet: at open they are deleted, so a
 * crash between the two writes neither loses nor double-counts a case.
 */
export const InsightFile = z.object({
  schemaVersion: z.literal(1),
  counters: z.array(Counter),
  folding: z.array(z.uuid()).default([]),
});
export type InsightFile = z.infer<typeof InsightFile>;

/** Audit entries of one UTC day that belong to no stored case ("*", or a case id that does not exist). */
export const AuditDayFile = z.object({ schemaVersion: z.literal(1), entries: z.array(AuditEntry) });
export type AuditDayFile = z.infer<typeof AuditDayFile>;

/** Enough parallel reads to keep the disk busy at open without running into the open-file limit. */
export const SCAN_CONCURRENCY = 64;
/** The folder of loose audit entries, inside the cases folder (beside the counters file). */
export const AUDIT_DIR = "_audit";
const COUNTERS = "_counters.json";
const INSIGHT = "_insight.json";
/** A case file is named after its case id. */
export const CASE_FILE_NAME = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/i;
/** The readable number stored in a case ("MH-2026-0042"): year and sequence. */
export const NUMBER_PATTERN = /^MH-(\d{4})-(\d+)$/;

/** The UTC day ("2026-03-02") of an ISO time. */
export const dayOf = (iso: string) => new Date(iso).toISOString().slice(0, 10);

/** The counters in `dir`, or none when the file does not exist yet. */
export async function readCounters(dir: string): Promise<Record<string, number>> {
  return (await readValidated(join(dir, COUNTERS), CountersFile))?.counters ?? {};
}

/** Replaces the counters file in `dir` (durably). */
export async function writeCounters(dir: string, counters: Record<string, number>): Promise<void> {
  await writeJsonDurably(join(dir, COUNTERS), { schemaVersion: 1, counters } satisfies CountersFile);
}

/** The stored statistics in `dir`, or none yet. */
export async function readInsight(dir: string): Promise<InsightFile> {
  return (
    (await readValidated(join(dir, INSIGHT), InsightFile)) ?? { schemaVersion: 1, counters: [], folding: [] }
  );
}

/** Replaces the statistics file in `dir` (durably). */
export async function writeInsight(dir: string, file: InsightFile): Promise<void> {
  await writeJsonDurably(join(dir, INSIGHT), file);
}

/** Drops delivered items past their retention (notify/outbox-policy) from a case file about to be written. */
export function pruneDelivered(doc: CaseFile, now: Date): void {
  doc.outbox = doc.outbox.filter((item) => !isExpiredDelivery(item, now));
}

/** The outbox item `id` of a case file; a StorageError when it is not there. */
export function findItem(doc: CaseFile, id: string): OutboxItem {
  const item = doc.outbox.find((i) => i.id === id);
  if (!item) throw new StorageError(`outbox item ${id} not found`);
  return item;
}

/** Adds items whose idempotency key is new in this case file; keys start with the case id, so that suffices. */
export function addOutbox(doc: CaseFile, items: OutboxItem[]): void {
  const keys = new Set(doc.outbox.map((i) => i.idempotencyKey));
  for (const item of items) {
    if (keys.has(item.idempotencyKey)) continue;
    keys.add(item.idempotencyKey);
    doc.outbox.push(structuredClone(item));
  }
}

/** Runs `work` over `items` with at most `limit` running at once. */
export async function forEachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
