/**
 * @module storage/lowdb-case-store
 * The embedded CaseStore: one JSON file per case (`<dataDir>/cases/<caseId>.json`) holding the case, its outbox
 * items and its audit trail, written atomically and durably (temp file, fsync, rename; see durable-write), so "a
 * case and its outbox items" is still literally one atomic file write, and a write costs the same with 100 or
 * 10,000 cases. Small in-memory indexes (lowdb/case-indexes, built by one directory scan at open) answer look-ups
 * and outbox queries; the outbox rules come from notify/outbox-policy. Meant for a single bot process: writes are
 * serialised by in-process locks, there is no cross-process lock.
 */
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { AuditEntry, CaseRecord, caseYear, formatCaseNumber, type NewCase } from "../cases/case-schema.js";
import { ConcurrencyError, StorageError } from "../errors.js";
import { caseCounters, sumCounters, type Counter } from "../insight/counters.js";
import { cardAfterDelivery, dueOrder, isDue, isInFlight } from "../notify/outbox-policy.js";
import type { DeliveryResult, OutboxItem } from "../notify/outbox-schema.js";
import { KeyedLock } from "../util/keyed-lock.js";
import {
  newestCaseFirst,
  oldestCaseFirst,
  type CaseStore,
  type CreateCaseResult,
  type OutboxCounts,
} from "./case-store.js";
import { removeStrayTempFiles } from "./durable-write.js";
import {
  addOutbox,
  AUDIT_DIR,
  CASE_FILE_NAME,
  CaseFile,
  dayOf,
  findItem,
  forEachLimited,
  NUMBER_PATTERN,
  pruneDelivered,
  readCounters,
  readInsight,
  SCAN_CONCURRENCY,
  writeCounters,
  writeInsight,
  type InsightFile,
} from "./lowdb/case-files.js";
import { addToSet, CaseIndexes, type PlaceEntry } from "./lowdb/case-indexes.js";
import { migrateLegacyDocument } from "./lowdb/legacy-migration.js";
import { LooseAudit } from "./lowdb/loose-audit.js";
import { readValidated, writeJsonDurably } from "./stored-json.js";

// Case files pruned of expired deliveries per claim, besides the ones claimed from: bounds the extra writes of a
// pass when many cases have old deliveries at once (the first start after an upgrade).
const PRUNE_FILES_PER_CLAIM = 20;

/**
 * Opens (or creates) the case store under `<dataDir>/cases`, scanning it once to build the indexes. A corrupt
 * file raises a StorageError naming it; leftover temp files of an interrupted write are removed. An old
 * single-document `<dataDir>/cases.json` is migrated into the per-case layout and kept as `cases.json.migrated`.
 */
export async function openLowdbCaseStore(dataDir: string): Promise<CaseStore> {
  const dir = join(dataDir, "cases");
  await mkdir(join(dir, AUDIT_DIR), { recursive: true });
  await removeStrayTempFiles(dir);
  const store = new LowdbCaseStore(dir);
  await migrateLegacyDocument(join(dataDir, "cases.json"), store);
  await store.load();
  return store;
}

const byTime = (a: string, b: string) => Date.parse(a) - Date.parse(b);
/** case-store `newestCaseFirst` on the place index's entries. */
const newestPlaceFirst = (a: PlaceEntry, b: PlaceEntry) =>
  byTime(b.createdAt, a.createdAt) ||
  b.number.length - a.number.length ||
  (a.number < b.number ? 1 : a.number > b.number ? -1 : 0);

class LowdbCaseStore implements CaseStore {
  private readonly lock = new KeyedLock();
  private readonly index = new CaseIndexes();
  private readonly looseAudit: LooseAudit;
  private counters: Record<string, number> = {};
  /** The stored statistics (checks, purged cases), as on disk. */
  private stored: InsightFile = { schemaVersion: 1, counters: [], folding: [] };
  /** Case files whose pruning failed once: reported then, not retried by every claim until the next open. */
  private readonly unprunable = new Set<string>();

  constructor(readonly dir: string) {
    this.looseAudit = new LooseAudit(dir);
  }

  private caseFile(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** Scans the directory once and builds every index. */
  async load(): Promise<void> {
    this.counters = { ...(await readCounters(this.dir)) };
    await this.finishFolding();
    const names = (await readdir(this.dir)).filter((n) => CASE_FILE_NAME.test(n));
    await forEachLimited(names, SCAN_CONCURRENCY, async (name) => {
      const file = join(this.dir, name);
      const doc = await readValidated(file, CaseFile);
      if (!doc) return;
      const id = CASE_FILE_NAME.exec(name)?.[1] ?? "";
      if (doc.case.id !== id) {
        throw new StorageError(`corrupt storage file ${file}: holds case ${doc.case.id}`, { file });
      }
      this.index.addCase(doc, file);
    });
    for (const [number, id] of this.index.byNumber) {
      // Never hand out a number that is already on disk, even if the counters file was lost or restored.
      const match = NUMBER_PATTERN.exec(number);
      if (!match?.[1] || !match[2]) {
        throw new StorageError(`corrupt case number in ${this.caseFile(id)}`, { file: this.caseFile(id) });
      }
      this.counters[match[1]] = Math.max(this.counters[match[1]] ?? 0, Number(match[2]));
    }
    await forEachLimited(await this.looseAudit.days(), SCAN_CONCURRENCY, async (day) => {
      for (const entry of await this.looseAudit.read(day)) this.index.addAuditDay(entry.caseId, day);
    });
    this.index.markOpened();
  }

  private async readCase(id: string): Promise<CaseFile> {
    const file = this.caseFile(id);
    const doc = await readValidated(file, CaseFile);
    if (!doc) throw new StorageError(`case file ${file} is missing`, { file });
    return doc;
  }

  private async writeCase(doc: CaseFile): Promise<void> {
    await writeJsonDurably(this.caseFile(doc.case.id), doc);
  }

  /**
   * Reads a case file, lets `change` edit the copy (throwing leaves the file untouched), writes it and only then
   * updates the indexes, so memory never runs ahead of disk. Runs under the case's lock.
   */
  private mutateCase<R>(id: string, change: (doc: CaseFile) => R): Promise<R> {
    return this.lock.run(`case:${id}`, async () => {
      const doc = await this.readCase(id);
      const before = doc.outbox.map((item) => item.id);
      const result = change(doc);
      await this.writeCase(doc);
      const kept = new Set(doc.outbox.map((item) => item.id));
      this.index.dropItems(before.filter((itemId) => !kept.has(itemId)));
      this.index.indexContents(doc);
      return result;
    });
  }

  /** Hands out the next number of `year`; the counters file is written before the case, so a crash leaves a gap. */
  private nextNumber(year: string): Promise<number> {
    return this.lock.run("counters", async () => {
      const sequence = (this.counters[year] ?? 0) + 1;
      const next = { ...this.counters, [year]: sequence };
      await writeCounters(this.dir, next);
      this.counters = next;
      return sequence;
    });
  }

  createCase(record: NewCase, outbox: OutboxItem[], audit: AuditEntry[]): Promise<CreateCaseResult> {
    return this.lock.run(`request:${record.requestId}`, async (): Promise<CreateCaseResult> => {
      const existing = this.index.byRequest.get(record.requestId);
      if (existing) {
        const stored = await this.getCase(existing);
        if (!stored) throw new StorageError(`case ${existing} not found`);
        return { status: "duplicate", case: stored };
      }
      if (this.index.caseIds.has(record.id)) throw new StorageError(`case ${record.id} already exists`);
      const year = String(caseYear(record.createdAt));
      const sequence = await this.nextNumber(year);
      const stored: CaseRecord = {
        ...structuredClone(record),
        number: formatCaseNumber(Number(year), sequence),
      };
      const doc: CaseFile = { schemaVersion: 1, case: stored, outbox: [], audit: structuredClone(audit) };
      addOutbox(doc, outbox);
      await this.lock.run(`case:${stored.id}`, async () => {
        await this.writeCase(doc);
        this.index.addCase(doc, this.caseFile(stored.id));
      });
      return { status: "created", case: structuredClone(stored) };
    });
  }

  async getCase(id: string): Promise<CaseRecord | undefined> {
    const open = this.index.open.get(id);
    if (open) return structuredClone(open);
    if (!this.index.caseIds.has(id)) return undefined;
    return (await this.readCase(id)).case;
  }

  async findByNumber(number: string): Promise<CaseRecord | undefined> {
    const id = this.index.byNumber.get(number);
    return id === undefined ? undefined : this.getCase(id);
  }

  async findByPlaceKey(placeKey: string, since: Date, limit: number): Promise<CaseRecord[]> {
    // The index holds time and number, so only the cases returned are read (a closed one from its file).
    const chosen = [...(this.index.byPlaceKey.get(placeKey) ?? [])]
      .filter(([, entry]) => Date.parse(entry.createdAt) >= since.getTime())
      .sort(([, a], [, b]) => newestPlaceFirst(a, b))
      .slice(0, Math.max(0, Math.floor(limit)));
    const cases = await Promise.all(chosen.map(([id]) => this.getCase(id)));
    return cases.filter((c): c is CaseRecord => c !== undefined);
  }

  async listByReporter(userId: string): Promise<CaseRecord[]> {
    const ids = [...(this.index.byReporter.get(userId) ?? [])];
    const cases = await Promise.all(ids.map((id) => this.getCase(id)));
    return cases.filter((c): c is CaseRecord => c !== undefined).sort(newestCaseFirst);
  }

  async listOpen(): Promise<CaseRecord[]> {
    return [...this.index.open.values()].sort(oldestCaseFirst).map((c) => structuredClone(c));
  }

  updateCase(
    id: string,
    expectedVersion: number,
    record: CaseRecord,
    outbox: OutboxItem[],
    audit: AuditEntry[],
  ): Promise<CaseRecord> {
    if (!this.index.caseIds.has(id)) return Promise.reject(new StorageError(`case ${id} not found`));
    return this.mutateCase(id, (doc) => {
      const stored = doc.case;
      if (stored.version !== expectedVersion) {
        throw new ConcurrencyError(
          `case ${id} changed: version ${stored.version}, expected ${expectedVersion}`,
        );
      }
      doc.case = { ...structuredClone(record), id, number: stored.number, version: expectedVersion + 1 };
      addOutbox(doc, outbox);
      doc.audit.push(...structuredClone(audit));
      return structuredClone(doc.case);
    });
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    if (this.index.caseIds.has(entry.caseId)) {
      await this.mutateCase(entry.caseId, (doc) => {
        doc.audit.push(structuredClone(entry));
      });
      return;
    }
    const day = dayOf(entry.at);
    await this.lock.run(`audit:${day}`, async () => {
      await this.looseAudit.append(day, entry);
      this.index.addAuditDay(entry.caseId, day);
    });
  }

  async listAudit(caseId: string): Promise<AuditEntry[]> {
    const own = this.index.caseIds.has(caseId) ? [caseId] : [];
    const hosts = [...own, ...(this.index.auditHosts.get(caseId) ?? [])];
    const days = [...(this.index.auditDays.get(caseId) ?? [])].sort();
    const parts = [
      ...(await Promise.all(hosts.map(async (host) => (await this.readCase(host)).audit))),
      ...(await Promise.all(days.map((day) => this.looseAudit.read(day)))),
    ];
    const entries = parts.flat().filter((a) => a.caseId === caseId);
    // One source is already in append order; entries from several files are merged by time (a stable sort).
    return hosts.length + days.length > 1 ? entries.sort((a, b) => byTime(a.at, b.at)) : entries;
  }

  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    const orphaned = (item: OutboxItem) => this.index.orphanedLeases.has(item.id);
    const due = (item: OutboxItem) => isDue(item, now, orphaned(item));
    // One claim at a time: the second claimer chooses only after the first one's leases are on disk.
    return this.lock.run("claim", async () => {
      await this.pruneExpiredDeliveries(now);
      const active = [...this.index.active.values()];
      // A case with a delivery in flight waits until it is done (outbox-policy isInFlight).
      const busy = new Set(
        active.filter((e) => isInFlight(e.item, now, orphaned(e.item))).map((e) => e.item.caseId),
      );
      const chosen = active.filter((e) => due(e.item) && !busy.has(e.item.caseId));
      if (chosen.length === 0) return [];
      chosen.sort((a, b) => dueOrder(a.item, b.item));
      const byHost = new Map<string, Set<string>>();
      for (const { item, host } of chosen.slice(0, limit)) addToSet(byHost, host, item.id);
      const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
      const claimed = await Promise.all(
        [...byHost].map(([host, ids]) =>
          this.mutateCase(host, (doc) => {
            // Checked again on the file: the item may have changed between choosing and locking.
            const leased = doc.outbox.filter((item) => ids.has(item.id) && due(item));
            for (const item of leased) {
              this.index.orphanedLeases.delete(item.id);
              item.leaseUntil = leaseUntil;
              item.attempts += 1;
            }
            pruneDelivered(doc, now);
            return leased.map((item) => structuredClone(item));
          }),
        ),
      );
      return claimed.flat().sort(dueOrder);
    });
  }

  /**
   * Drops expired deliveries from a bounded number of case files, before any lease of the pass is written. A file
   * that cannot be pruned fails this one pass (so the cause is seen) and is left alone until the next open, so it
   * cannot hold up every later delivery.
   */
  private async pruneExpiredDeliveries(now: Date): Promise<void> {
    const hosts = [...this.index.hostsWithExpiredDeliveries(now, PRUNE_FILES_PER_CLAIM, this.unprunable)];
    const results = await Promise.allSettled(
      hosts.map((host) => this.mutateCase(host, (doc) => pruneDelivered(doc, now))),
    );
    const failed = results.flatMap((r, i) => (r.status === "rejected" ? [{ host: hosts[i], r }] : []));
    for (const { host } of failed) if (host !== undefined) this.unprunable.add(host);
    if (failed[0]) throw failed[0].r.reason;
  }

  async markDelivered(id: string, result: DeliveryResult, at: Date): Promise<void> {
    await this.mutateCase(this.index.hostOf(id), (doc) => {
      const item = findItem(doc, id);
      item.status = "done";
      item.deliveredAt = at.toISOString();
      delete item.leaseUntil;
      if (result.activityId) item.activityId = result.activityId;
      const card =
        doc.case.id === item.caseId ? cardAfterDelivery(item.target, result, doc.case.card) : undefined;
      if (card) {
        doc.case.card = card;
        doc.case.version += 1;
      }
      pruneDelivered(doc, at);
    });
  }

  async markFailed(
    id: string,
    error: string,
    nextAttemptAt: Date,
    dead: boolean,
    fallback?: OutboxItem,
  ): Promise<void> {
    await this.mutateCase(this.index.hostOf(id), (doc) => {
      const item = findItem(doc, id);
      item.status = dead ? "dead" : "pending";
      item.lastError = error;
      item.nextAttemptAt = nextAttemptAt.toISOString();
      delete item.leaseUntil;
      if (fallback) addOutbox(doc, [fallback]);
    });
  }

  async listDead(): Promise<OutboxItem[]> {
    return [...this.index.active.values()]
      .map((e) => e.item)
      .filter((i) => i.status === "dead")
      .sort((a, b) => dueOrder(b, a))
      .map((i) => structuredClone(i));
  }

  async countOutbox(): Promise<OutboxCounts> {
    const counts: OutboxCounts = { pending: 0, done: this.index.done.size, dead: 0 };
    for (const { item } of this.index.active.values()) counts[item.status] += 1;
    return counts;
  }

  async close(): Promise<void> {
    await this.lock.drain();
  }

  async purgeClosed(cutoff: Date, dryRun: boolean): Promise<{ cases: number; looseAuditEntries: number }> {
    const expired: CaseFile[] = [];
    for (const id of [...this.index.caseIds]) {
      if (this.index.open.has(id)) continue;
      const doc = await this.readCase(id);
      const closedAt = doc.case.closed?.at;
      if (doc.case.status === "closed" && closedAt && Date.parse(closedAt) < cutoff.getTime())
        expired.push(doc);
    }
    if (!dryRun && expired.length > 0) {
      // A closed case never changes again, so the documents read above are final. Their statistics are folded
      // into the stored counters first, naming them in `folding`, and only then are their files deleted.
      await this.lock.run("insight", async () => {
        const next: InsightFile = {
          schemaVersion: 1,
          counters: sumCounters(this.stored.counters, ...expired.map((doc) => caseCounters(doc.case))),
          folding: [...this.stored.folding, ...expired.map((doc) => doc.case.id)],
        };
        await writeInsight(this.dir, next);
        this.stored = next;
      });
      for (const doc of expired) {
        await this.lock.run(`case:${doc.case.id}`, async () => {
          await rm(this.caseFile(doc.case.id), { force: true });
          this.index.forget(doc);
        });
      }
      await this.finishFolding();
    }
    let looseAuditEntries = 0;
    const cutoffDay = cutoff.toISOString().slice(0, 10);
    for (const day of (await this.looseAudit.days()).filter((d) => d < cutoffDay)) {
      await this.lock.run(`audit:${day}`, async () => {
        const entries = await this.looseAudit.read(day);
        looseAuditEntries += entries.length;
        if (dryRun) return;
        await this.looseAudit.remove(day);
        for (const entry of entries) this.index.auditDays.get(entry.caseId)?.delete(day);
      });
    }
    return { cases: expired.length, looseAuditEntries };
  }

  /**
   * Completes a purge that folded cases into the statistics: deletes those still on disk (a crash came between
   * the two writes) and clears the list. Runs at open before the scan, and at the end of every purge after the
   * deletions, so no folded case is ever indexed here.
   */
  private async finishFolding(): Promise<void> {
    await this.lock.run("insight", async () => {
      this.stored = await readInsight(this.dir);
      if (this.stored.folding.length === 0) return;
      for (const id of this.stored.folding) await rm(this.caseFile(id), { force: true });
      this.stored = { ...this.stored, folding: [] };
      await writeInsight(this.dir, this.stored);
    });
  }

  async listClosed(limit: number): Promise<CaseRecord[]> {
    const closed: CaseRecord[] = [];
    for (const id of this.index.caseIds) {
      if (this.index.open.has(id)) continue;
      const doc = await this.readCase(id).catch(() => undefined);
      if (doc) closed.push(doc.case);
    }
    return closed.sort(newestCaseFirst).slice(0, limit);
  }

  async insightCounters(): Promise<Counter[]> {
    return sumCounters(this.stored.counters, ...this.index.insight.values());
  }

  /**
   * Adds counters and rewrites the statistics file. Its size is bounded by the content (months x trees, outcomes
   * and signal ids), never by what users type, and the rate limits bound how often a user can finish a check.
   */
  async addInsight(counters: readonly Counter[]): Promise<void> {
    if (counters.length === 0) return;
    await this.lock.run("insight", async () => {
      const next: InsightFile = { ...this.stored, counters: sumCounters(this.stored.counters, counters) };
      await writeInsight(this.dir, next);
      this.stored = next;
    });
  }

  /** Writes a migrated case file as is (numbers and outbox state are kept); used before `load`. */
  async importCase(doc: CaseFile): Promise<void> {
    await this.writeCase(doc);
  }

  /** Writes migrated counters and loose audit entries; used before `load`. */
  async importRest(counters: Record<string, number>, loose: AuditEntry[]): Promise<void> {
    const merged = { ...(await readCounters(this.dir)) };
    for (const [year, n] of Object.entries(counters)) merged[year] = Math.max(merged[year] ?? 0, n);
    await writeCounters(this.dir, merged);
    const days = new Map<string, AuditEntry[]>();
    for (const entry of loose) days.set(dayOf(entry.at), [...(days.get(dayOf(entry.at)) ?? []), entry]);
    for (const [day, entries] of days) await this.looseAudit.writeDocument(day, entries);
  }
}
