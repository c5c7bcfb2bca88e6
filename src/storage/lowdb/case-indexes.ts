/**
 * @module storage/lowdb/case-indexes
 * The in-memory indexes of the embedded case store, built by one scan at open and kept in step with every write:
 * look-ups by request id, number and reporter, the open cases, the pending and dead outbox items with the case
 * file holding each, and where audit entries of a case live outside its own file. They only ever reflect what is
 * on disk: the store updates them after a write succeeded.
 */
import type { CaseRecord } from "../../cases/case-schema.js";
import { caseCounters, type Counter } from "../../insight/counters.js";
import { isExpiredDelivery } from "../../notify/outbox-policy.js";
import type { OutboxItem } from "../../notify/outbox-schema.js";
import { StorageError } from "../../errors.js";
import type { CaseFile } from "./case-files.js";

/** Where a pending or dead outbox item lives: its last known state and the case file that holds it. */
interface OutboxEntry {
  item: OutboxItem;
  host: string;
}

/** Where a delivered item lives, and when it was delivered (for pruning). */
interface DoneEntry {
  host: string;
  deliveredAt?: string;
}

/** A case under its place key: when it was reported and its number (the order of newestCaseFirst). */
export interface PlaceEntry {
  createdAt: string;
  number: string;
}

/** The indexes; fields are read by the store, changed only through the methods. */
export class CaseIndexes {
  /** Every stored case id, for existence checks without touching the disk. */
  readonly caseIds = new Set<string>();
  readonly byRequest = new Map<string, string>();
  readonly byNumber = new Map<string, string>();
  readonly byReporter = new Map<string, Set<string>>();
  /** Cases by place key (the hash, never a place), with what findByPlaceKey filters and orders on. */
  readonly byPlaceKey = new Map<string, Map<string, PlaceEntry>>();
  /** Full records of open cases: the coordinator list, reminders and most getCase calls come from here. */
  readonly open = new Map<string, CaseRecord>();
  /** Pending and dead outbox items (claimDue, listDead); done items are only known by id and file. */
  readonly active = new Map<string, OutboxEntry>();
  readonly done = new Map<string, DoneEntry>();
  /**
   * Items that were leased when the store was opened. Only one process uses a lowdb store, so such a lease
   * belonged to a process that died mid-delivery: it must not hold the item back until it expires.
   */
  readonly orphanedLeases = new Set<string>();
  /** Audit entries stored in another case's file (a create or update that logged for another id). */
  readonly auditHosts = new Map<string, Set<string>>();
  /** What each stored case contributes to the anonymous statistics (insight/counters `caseCounters`). */
  readonly insight = new Map<string, Counter[]>();
  /** Days whose loose audit file holds entries for a case id. */
  readonly auditDays = new Map<string, Set<string>>();
  /** Set once the opening scan is over: leases seen after that are live ones. */
  private opened = false;

  /** Ends the opening scan. */
  markOpened(): void {
    this.opened = true;
  }

  /** Indexes a case file read at open or written for a new case; a number or request id used twice is corrupt. */
  addCase(doc: CaseFile, file: string): void {
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
    if (c.placeKey) {
      const entries = this.byPlaceKey.get(c.placeKey) ?? new Map<string, PlaceEntry>();
      entries.set(c.id, { createdAt: c.createdAt, number: c.number });
      this.byPlaceKey.set(c.placeKey, entries);
    }
    this.indexContents(doc);
  }

  /** (Re)indexes the case, outbox and audit of a case file after it was read or written. */
  indexContents(doc: CaseFile): void {
    const host = doc.case.id;
    if (doc.case.status === "closed") this.open.delete(host);
    else this.open.set(host, doc.case);
    this.insight.set(host, caseCounters(doc.case));
    for (const item of doc.outbox) {
      if (item.status === "done") {
        this.active.delete(item.id);
        this.done.set(item.id, { host, deliveredAt: item.deliveredAt });
      } else {
        this.done.delete(item.id);
        this.active.set(item.id, { item, host });
        if (!this.opened && item.leaseUntil) this.orphanedLeases.add(item.id);
      }
    }
    for (const entry of doc.audit) if (entry.caseId !== host) addToSet(this.auditHosts, entry.caseId, host);
  }

  /** Forgets outbox items a write removed from their case file. */
  dropItems(ids: Iterable<string>): void {
    for (const id of ids) {
      this.done.delete(id);
      this.active.delete(id);
    }
  }

  /** Drops a deleted case file from every index. */
  forget(doc: CaseFile): void {
    const c = doc.case;
    this.caseIds.delete(c.id);
    this.open.delete(c.id);
    this.insight.delete(c.id);
    this.byRequest.delete(c.requestId);
    this.byNumber.delete(c.number);
    this.byReporter.get(c.reporter.userId)?.delete(c.id);
    if (c.placeKey) {
      const entries = this.byPlaceKey.get(c.placeKey);
      entries?.delete(c.id);
      if (entries?.size === 0) this.byPlaceKey.delete(c.placeKey);
    }
    this.dropItems(doc.outbox.map((item) => item.id));
    for (const entry of doc.audit) this.auditHosts.get(entry.caseId)?.delete(c.id);
    this.auditHosts.delete(c.id);
  }

  /** Records that the loose audit file of `day` holds an entry for `caseId`. */
  addAuditDay(caseId: string, day: string): void {
    addToSet(this.auditDays, caseId, day);
  }

  /** The case file holding an outbox item; a StorageError when the item is unknown. */
  hostOf(itemId: string): string {
    const host = this.active.get(itemId)?.host ?? this.done.get(itemId)?.host;
    if (host === undefined) throw new StorageError(`outbox item ${itemId} not found`);
    return host;
  }

  /**
   * Up to `limit` case files, other than those in `skip`, holding a delivered item past its retention at `now`
   * (`isExpiredDelivery`).
   */
  hostsWithExpiredDeliveries(now: Date, limit: number, skip: ReadonlySet<string>): Set<string> {
    const hosts = new Set<string>();
    for (const { host, deliveredAt } of this.done.values()) {
      if (hosts.size >= limit) break;
      if (!skip.has(host) && isExpiredDelivery({ status: "done", deliveredAt }, now)) hosts.add(host);
    }
    return hosts;
  }
}

/** Adds `value` to the set under `key`, creating it. */
export function addToSet(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
