/**
 * @module storage/lowdb-case-store
 * The embedded CaseStore: one JSON file per case (`<dataDir>/cases/<caseId>.json`) holding the case, its outbox
 * items and its audit trail, written atomically and durably (temp file, fsync, rename; see durable-write), so "a case and its
 * outbox items" is still literally one atomic file write, and a write costs the same with 100 or 10,000 cases.
 * Small in-memory indexes (built by one directory scan at open) answer look-ups and outbox queries. Meant for a
 * single bot process: writes are serialised by in-process locks, there is no cross-process lock.
 */
import { mkdir, open as openFile, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { JSONFile } from "lowdb/node";
import { z } from "zod";
import { AuditEntry, CaseRecord, caseYear, formatCaseNumber, type NewCase } from "../cases/case-schema.js";
import { ConcurrencyError, StorageError } from "../errors.js";
import { OutboxItem, type DeliveryResult } from "../notify/outbox-schema.js";
import { KeyedLock } from "../util/keyed-lock.js";
import { removeStrayTempFiles, writeFileDurably } from "./durable-write.js";
import { cardFromResult, type CaseStore, type CreateCaseResult, type OutboxCounts } from "./case-store.js";

/** One case file: the case with everything that must change together with it. */
const CaseFile = z.object({
  schemaVersion: z.literal(1),
  case: CaseRecord,
  outbox: z.array(OutboxItem),
  audit: z.array(AuditEntry),
});
type CaseFile = z.infer<typeof CaseFile>;

/** The last case number handed out per calendar year. */
const CountersFile = z.object({
  schemaVersion: z.literal(1),
  counters: z.record(z.string().regex(/^\d{4}$/), z.number().int().min(0)),
});
type CountersFile = z.infer<typeof CountersFile>;

/** Audit entries of one UTC day that belong to no stored case ("*", or a case id that does not exist). */
const AuditDayFile = z.object({ schemaVersion: z.literal(1), entries: z.array(AuditEntry) });
type AuditDayFile = z.infer<typeof AuditDayFile>;

/** The single-document layout of earlier versions, migrated once at open. */
const LegacyDocument = z.object({
  schemaVersion: z.literal(1),
  counters: z.record(z.string(), z.number().int().min(0)),
  cases: z.record(z.string(), CaseRecord),
  outbox: z.record(z.string(), OutboxItem),
  audit: z.array(AuditEntry),
});

// Delivered items are only needed for idempotency while their case event is fresh.
const DONE_RETENTION_MS = 7 * 24 * 3600 * 1000;
// Enough parallel reads to keep the disk busy at open without running into the open-file limit.
const SCAN_CONCURRENCY = 64;
const COUNTERS = "_counters.json";
const AUDIT_DIR = "_audit";
const CASE_FILE_NAME = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/i;
// A day's loose audit entries: one JSON line each, appended (O(1) per entry); `.json` is the older layout, still read.
const AUDIT_FILE_NAME = /^(\d{4}-\d{2}-\d{2})\.jsonl?$/;
const NUMBER_PATTERN = /^MH-(\d{4})-(\d+)$/;

/**
 * Opens (or creates) the case store under `<dataDir>/cases`, scanning it once to build the indexes. A corrupt
 * file raises a StorageError naming it; leftover temp files of an interrupted write are ignored. An old
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
const dayOf = (iso: string) => new Date(iso).toISOString().slice(0, 10);

/** Where an outbox item lives: its last known state (pending/dead only) and the case file that holds it. */
interface OutboxEntry {
  item: OutboxItem;
  host: string;
}

class LowdbCaseStore implements CaseStore {
  private readonly lock = new KeyedLock();
  private counters: Record<string, number> = {};
  /** Every stored case id, with its reporter, for existence checks without touching the disk. */
  private readonly caseIds = new Set<string>();
  private readonly byRequest = new Map<string, string>();
  private readonly byNumber = new Map<string, string>();
  private readonly byReporter = new Map<string, Set<string>>();
  /** Full records of open cases: the coordinator list, reminders and most getCase calls come from here. */
  private readonly open = new Map<string, CaseRecord>();
  /** Pending and dead outbox items (claimDue, listDead); done items are only known by id and file. */
  private readonly active = new Map<string, OutboxEntry>();
  private readonly doneHost = new Map<string, string>();
  /**
   * Items that were leased when this store was opened. Only one process uses a lowdb store, so such a lease
   * belonged to a process that died mid-delivery: it must not hold the item back until it expires.
   */
  private readonly orphanedLeases = new Set<string>();
  private opened = false;
  /** Audit entries stored in another case's file (a create or update that logged for another id). */
  private readonly auditHosts = new Map<string, Set<string>>();
  /** Days whose loose audit file holds entries for a case id. */
  private readonly auditDays = new Map<string, Set<string>>();

  constructor(readonly dir: string) {}

  caseFile(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private auditFile(day: string, layout: "lines" | "document" = "lines"): string {
    return join(this.dir, AUDIT_DIR, `${day}.${layout === "lines" ? "jsonl" : "json"}`);
  }

  /** The loose audit entries of one day, from both layouts (a torn last line after a crash is skipped). */
  private async readAuditDay(day: string): Promise<AuditEntry[]> {
    const legacy = (await readValidated(this.auditFile(day, "document"), AuditDayFile))?.entries ?? [];
    let text = "";
    try {
      text = await readFile(this.auditFile(day), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new StorageError(`could not read ${this.auditFile(day)}`, {
          cause: error,
          file: this.auditFile(day),
        });
      }
    }
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    const entries = lines.flatMap((line, i) => {
      try {
        return [AuditEntry.parse(JSON.parse(line))];
      } catch (cause) {
        if (i === lines.length - 1 && !text.endsWith("\n")) return []; // the write a crash interrupted
        throw new StorageError(`corrupt audit line ${i + 1} in ${this.auditFile(day)}`, {
          cause,
          file: this.auditFile(day),
        });
      }
    });
    return [...legacy, ...entries];
  }

  /** Scans the directory once and builds every index. */
  async load(): Promise<void> {
    const counters = await readValidated(join(this.dir, COUNTERS), CountersFile);
    this.counters = { ...counters?.counters };
    const names = (await readdir(this.dir)).filter((n) => CASE_FILE_NAME.test(n));
    await forEachLimited(names, SCAN_CONCURRENCY, async (name) => {
      const file = join(this.dir, name);
      const doc = await readValidated(file, CaseFile);
      if (!doc) return;
      const id = CASE_FILE_NAME.exec(name)?.[1] ?? "";
      if (doc.case.id !== id) {
        throw new StorageError(`corrupt storage file ${file}: holds case ${doc.case.id}`, { file });
      }
      this.indexCase(doc, file);
    });
    for (const [number, id] of this.byNumber) {
      // Never hand out a number that is already on disk, even if the counters file was lost or restored.
      const match = NUMBER_PATTERN.exec(number);
      if (!match?.[1] || !match[2]) {
        throw new StorageError(`corrupt case number in ${this.caseFile(id)}`, { file: this.caseFile(id) });
      }
      this.counters[match[1]] = Math.max(this.counters[match[1]] ?? 0, Number(match[2]));
    }
    const auditNames = (await readdir(join(this.dir, AUDIT_DIR))).filter((n) => AUDIT_FILE_NAME.test(n));
    const days = [...new Set(auditNames.map((name) => AUDIT_FILE_NAME.exec(name)?.[1] ?? ""))];
    await forEachLimited(days, SCAN_CONCURRENCY, async (day) => {
      for (const entry of await this.readAuditDay(day)) addToSet(this.auditDays, entry.caseId, day);
    });
    this.opened = true;
  }

  private indexCase(doc: CaseFile, file: string): void {
    const c = doc.case;
    const clash = this.byNumber.get(c.number) ?? this.byRequest.get(c.requestId);
    if (clash && clash !== c.id) {
      throw new StorageError(
        `corrupt storage file ${file}: number or request id also used by case ${clash}`,
        {
          file,
        },
      );
    }
    this.caseIds.add(c.id);
    this.byRequest.set(c.requestId, c.id);
    this.byNumber.set(c.number, c.id);
    addToSet(this.byReporter, c.reporter.userId, c.id);
    this.indexContents(doc);
  }

  /** (Re)indexes the outbox and audit of a case file after it was read or written. */
  private indexContents(doc: CaseFile): void {
    const host = doc.case.id;
    if (doc.case.status === "closed") this.open.delete(host);
    else this.open.set(host, doc.case);
    for (const item of doc.outbox) {
      if (item.status === "done") {
        this.active.delete(item.id);
        this.doneHost.set(item.id, host);
      } else {
        this.doneHost.delete(item.id);
        this.active.set(item.id, { item, host });
        if (!this.opened && item.leaseUntil) this.orphanedLeases.add(item.id);
      }
    }
    for (const entry of doc.audit) if (entry.caseId !== host) addToSet(this.auditHosts, entry.caseId, host);
  }

  private async readCase(id: string): Promise<CaseFile> {
    const file = this.caseFile(id);
    const doc = await readValidated(file, CaseFile);
    if (!doc) throw new StorageError(`case file ${file} is missing`, { file });
    return doc;
  }

  private async writeCase(doc: CaseFile): Promise<void> {
    const file = this.caseFile(doc.case.id);
    try {
      await writeFileDurably(file, JSON.stringify(doc, null, 2));
    } catch (cause) {
      throw new StorageError(`could not write storage file ${file}`, { cause, file });
    }
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
      for (const gone of before.filter((itemId) => !kept.has(itemId))) {
        this.doneHost.delete(gone);
        this.active.delete(gone);
      }
      this.indexContents(doc);
      return result;
    });
  }

  /** Hands out the next number of `year`; the counters file is written before the case, so a crash leaves a gap. */
  private nextNumber(year: string): Promise<number> {
    return this.lock.run("counters", async () => {
      const sequence = (this.counters[year] ?? 0) + 1;
      const next: CountersFile = { schemaVersion: 1, counters: { ...this.counters, [year]: sequence } };
      await writeJson(join(this.dir, COUNTERS), next);
      this.counters = next.counters;
      return sequence;
    });
  }

  createCase(record: NewCase, outbox: OutboxItem[], audit: AuditEntry[]): Promise<CreateCaseResult> {
    return this.lock.run(`request:${record.requestId}`, async (): Promise<CreateCaseResult> => {
      const existing = this.byRequest.get(record.requestId);
      if (existing) {
        const stored = await this.getCase(existing);
        if (!stored) throw new StorageError(`case ${existing} not found`);
        return { status: "duplicate", case: stored };
      }
      if (this.caseIds.has(record.id)) throw new StorageError(`case ${record.id} already exists`);
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
        this.indexCase(doc, this.caseFile(stored.id));
      });
      return { status: "created", case: structuredClone(stored) };
    });
  }

  async getCase(id: string): Promise<CaseRecord | undefined> {
    const open = this.open.get(id);
    if (open) return structuredClone(open);
    if (!this.caseIds.has(id)) return undefined;
    return (await this.readCase(id)).case;
  }

  async findByNumber(number: string): Promise<CaseRecord | undefined> {
    const id = this.byNumber.get(number);
    return id === undefined ? undefined : this.getCase(id);
  }

  async listByReporter(userId: string): Promise<CaseRecord[]> {
    const ids = [...(this.byReporter.get(userId) ?? [])];
    const cases = await Promise.all(ids.map((id) => this.getCase(id)));
    return cases
      .filter((c): c is CaseRecord => c !== undefined)
      .sort((a, b) => byTime(b.createdAt, a.createdAt));
  }

  async listOpen(): Promise<CaseRecord[]> {
    return [...this.open.values()]
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
    if (!this.caseIds.has(id)) return Promise.reject(new StorageError(`case ${id} not found`));
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
    if (this.caseIds.has(entry.caseId)) {
      await this.mutateCase(entry.caseId, (doc) => {
        doc.audit.push(structuredClone(entry));
      });
      return;
    }
    const day = dayOf(entry.at);
    await this.lock.run(`audit:${day}`, async () => {
      const file = this.auditFile(day);
      try {
        // Append and flush one line: the cost no longer grows with the day's entries.
        const handle = await openFile(file, "a");
        try {
          await handle.appendFile(`${JSON.stringify(AuditEntry.parse(entry))}\n`, "utf8");
          await handle.sync();
        } finally {
          await handle.close();
        }
      } catch (cause) {
        throw new StorageError(`could not append to ${file}`, { cause, file });
      }
      addToSet(this.auditDays, entry.caseId, day);
    });
  }

  async listAudit(caseId: string): Promise<AuditEntry[]> {
    const own = this.caseIds.has(caseId) ? [caseId] : [];
    const hosts = [...own, ...(this.auditHosts.get(caseId) ?? [])];
    const days = [...(this.auditDays.get(caseId) ?? [])].sort();
    const parts = [
      ...(await Promise.all(hosts.map(async (host) => (await this.readCase(host)).audit))),
      ...(await Promise.all(days.map((day) => this.readAuditDay(day)))),
    ];
    const entries = parts.flat().filter((a) => a.caseId === caseId);
    // One source is already in append order; entries from several files are merged by time (a stable sort).
    return hosts.length + days.length > 1 ? entries.sort((a, b) => byTime(a.at, b.at)) : entries;
  }

  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    const t = now.getTime();
    const isDue = (item: OutboxItem) =>
      item.status === "pending" &&
      Date.parse(item.nextAttemptAt) <= t &&
      (!item.leaseUntil || Date.parse(item.leaseUntil) <= t || this.orphanedLeases.has(item.id));
    const order = (a: OutboxItem, b: OutboxItem) =>
      byTime(a.nextAttemptAt, b.nextAttemptAt) || byTime(a.createdAt, b.createdAt);
    // One claim at a time: the second claimer chooses only after the first one's leases are on disk.
    return this.lock.run("claim", async () => {
      const chosen = [...this.active.values()].filter((e) => isDue(e.item));
      if (chosen.length === 0) return [];
      chosen.sort((a, b) => order(a.item, b.item));
      const byHost = new Map<string, Set<string>>();
      for (const { item, host } of chosen.slice(0, limit)) addToSet(byHost, host, item.id);
      const leaseUntil = new Date(t + leaseMs).toISOString();
      const claimed = await Promise.all(
        [...byHost].map(([host, ids]) =>
          this.mutateCase(host, (doc) => {
            // Checked again on the file: the item may have changed between choosing and locking.
            const due = doc.outbox.filter((item) => ids.has(item.id) && isDue(item));
            for (const item of due) {
              this.orphanedLeases.delete(item.id);
              item.leaseUntil = leaseUntil;
              item.attempts += 1;
            }
            pruneDone(doc, t);
            return due.map((item) => structuredClone(item));
          }),
        ),
      );
      return claimed.flat().sort(order);
    });
  }

  async markDelivered(id: string, result: DeliveryResult, at: Date): Promise<void> {
    await this.mutateCase(this.hostOf(id), (doc) => {
      const item = findItem(doc, id);
      item.status = "done";
      item.deliveredAt = at.toISOString();
      delete item.leaseUntil;
      if (result.activityId) item.activityId = result.activityId;
      const card = cardFromResult(result);
      if (card && item.target.kind === "channel" && doc.case.id === item.caseId && !doc.case.card) {
        doc.case.card = card;
        doc.case.version += 1;
      }
      pruneDone(doc, at.getTime());
    });
  }

  async markFailed(
    id: string,
    error: string,
    nextAttemptAt: Date,
    dead: boolean,
    fallback?: OutboxItem,
  ): Promise<void> {
    await this.mutateCase(this.hostOf(id), (doc) => {
      const item = findItem(doc, id);
      item.status = dead ? "dead" : "pending";
      item.lastError = error;
      item.nextAttemptAt = nextAttemptAt.toISOString();
      delete item.leaseUntil;
      if (fallback) addOutbox(doc, [fallback]);
    });
  }

  async listDead(): Promise<OutboxItem[]> {
    return [...this.active.values()]
      .map((e) => e.item)
      .filter((i) => i.status === "dead")
      .sort((a, b) => byTime(b.nextAttemptAt, a.nextAttemptAt))
      .map((i) => structuredClone(i));
  }

  async countOutbox(): Promise<OutboxCounts> {
    const counts: OutboxCounts = { pending: 0, done: this.doneHost.size, dead: 0 };
    for (const { item } of this.active.values()) counts[item.status] += 1;
    return counts;
  }

  async close(): Promise<void> {
    await this.lock.drain();
  }

  private hostOf(itemId: string): string {
    const host = this.active.get(itemId)?.host ?? this.doneHost.get(itemId);
    if (host === undefined) throw new StorageError(`outbox item ${itemId} not found`);
    return host;
  }

  async purgeClosed(cutoff: Date, dryRun: boolean): Promise<{ cases: number; looseAuditEntries: number }> {
    let cases = 0;
    for (const id of [...this.caseIds]) {
      if (this.open.has(id)) continue;
      await this.lock.run(`case:${id}`, async () => {
        if (!this.caseIds.has(id)) return;
        const doc = await this.readCase(id);
        const closedAt = doc.case.closed?.at;
        if (doc.case.status !== "closed" || !closedAt || Date.parse(closedAt) >= cutoff.getTime()) return;
        cases += 1;
        if (dryRun) return;
        await rm(this.caseFile(id), { force: true });
        this.forget(doc);
      });
    }
    let looseAuditEntries = 0;
    const cutoffDay = cutoff.toISOString().slice(0, 10);
    const names = (await readdir(join(this.dir, AUDIT_DIR))).filter((n) => AUDIT_FILE_NAME.test(n));
    for (const day of [...new Set(names.map((n) => AUDIT_FILE_NAME.exec(n)?.[1] ?? ""))].filter(
      (d) => d < cutoffDay,
    )) {
      await this.lock.run(`audit:${day}`, async () => {
        const entries = await this.readAuditDay(day);
        looseAuditEntries += entries.length;
        if (dryRun) return;
        await rm(this.auditFile(day), { force: true });
        await rm(this.auditFile(day, "document"), { force: true });
        for (const entry of entries) this.auditDays.get(entry.caseId)?.delete(day);
      });
    }
    return { cases, looseAuditEntries };
  }

  /** Drops a deleted case file from every index. */
  private forget(doc: CaseFile): void {
    const c = doc.case;
    this.caseIds.delete(c.id);
    this.open.delete(c.id);
    this.byRequest.delete(c.requestId);
    this.byNumber.delete(c.number);
    this.byReporter.get(c.reporter.userId)?.delete(c.id);
    for (const item of doc.outbox) {
      this.active.delete(item.id);
      this.doneHost.delete(item.id);
    }
    for (const entry of doc.audit) this.auditHosts.get(entry.caseId)?.delete(c.id);
    this.auditHosts.delete(c.id);
  }

  /** Writes a migrated case file as is (numbers and outbox state are kept); used before `load`. */
  async importCase(doc: CaseFile): Promise<void> {
    await this.writeCase(doc);
  }

  /** Writes migrated counters and loose audit entries; used before `load`. */
  async importRest(counters: Record<string, number>, loose: AuditEntry[]): Promise<void> {
    const existing = (await readValidated(join(this.dir, COUNTERS), CountersFile))?.counters ?? {};
    const merged = { ...existing };
    for (const [year, n] of Object.entries(counters)) merged[year] = Math.max(merged[year] ?? 0, n);
    await writeJson(join(this.dir, COUNTERS), { schemaVersion: 1, counters: merged } satisfies CountersFile);
    const days = new Map<string, AuditEntry[]>();
    for (const entry of loose) days.set(dayOf(entry.at), [...(days.get(dayOf(entry.at)) ?? []), entry]);
    for (const [day, entries] of days) {
      await writeJson(this.auditFile(day, "document"), { schemaVersion: 1, entries } satisfies AuditDayFile);
    }
  }
}

/**
 * Moves an old single-document store into the per-case layout. Re-running after a crash midway writes the same
 * files again; the old file is renamed (not deleted) only when everything is written.
 */
async function migrateLegacyDocument(file: string, store: LowdbCaseStore): Promise<void> {
  const exists = await stat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw new StorageError(`cannot read storage file ${file}`, { cause: error, file });
    },
  );
  if (!exists) return;
  const legacy = await readValidated(file, LegacyDocument);
  if (!legacy) return;
  const docs = new Map<string, CaseFile>();
  for (const c of Object.values(legacy.cases))
    docs.set(c.id, { schemaVersion: 1, case: c, outbox: [], audit: [] });
  const loose: AuditEntry[] = [];
  for (const entry of legacy.audit) {
    const doc = docs.get(entry.caseId);
    if (doc) doc.audit.push(entry);
    else loose.push(entry);
  }
  // Items of a case that does not exist could never be delivered; they stay only in the renamed old file.
  for (const item of Object.values(legacy.outbox)) docs.get(item.caseId)?.outbox.push(item);
  await store.importRest(legacy.counters, loose);
  await forEachLimited([...docs.values()], SCAN_CONCURRENCY, (doc) => store.importCase(doc));
  try {
    await rename(file, `${file}.migrated`);
  } catch (cause) {
    throw new StorageError(`could not rename migrated storage file ${file}`, { cause, file });
  }
}

/** Reads and validates a JSON file; null when it does not exist, a StorageError naming it when it is corrupt. */
async function readValidated<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S> | null> {
  let raw: unknown;
  try {
    raw = await new JSONFile<unknown>(file).read();
  } catch (cause) {
    throw new StorageError(`corrupt storage file ${file}: not valid JSON; fix or move it away`, {
      cause,
      file,
    });
  }
  if (raw === null) return null;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new StorageError(
      `corrupt storage file ${file}: unexpected content at ${first?.path.join(".") || "(root)"}: ${first?.message}`,
      { cause: parsed.error, file },
    );
  }
  return parsed.data;
}

async function writeJson(file: string, data: unknown): Promise<void> {
  try {
    await writeFileDurably(file, JSON.stringify(data, null, 2));
  } catch (cause) {
    throw new StorageError(`could not write storage file ${file}`, { cause, file });
  }
}

/** Drops delivered items past retention from a case file about to be written. */
function pruneDone(doc: CaseFile, now: number): void {
  doc.outbox = doc.outbox.filter(
    (item) =>
      !(item.status === "done" && item.deliveredAt && now - Date.parse(item.deliveredAt) > DONE_RETENTION_MS),
  );
}

function findItem(doc: CaseFile, id: string): OutboxItem {
  const item = doc.outbox.find((i) => i.id === id);
  if (!item) throw new StorageError(`outbox item ${id} not found`);
  return item;
}

/** Adds items whose idempotency key is new in this case file; keys start with the case id, so that suffices. */
function addOutbox(doc: CaseFile, items: OutboxItem[]): void {
  const keys = new Set(doc.outbox.map((i) => i.idempotencyKey));
  for (const item of items) {
    if (keys.has(item.idempotencyKey)) continue;
    keys.add(item.idempotencyKey);
    doc.outbox.push(structuredClone(item));
  }
}

function addToSet(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
