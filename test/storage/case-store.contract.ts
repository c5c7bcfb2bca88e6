import { ConcurrencyError } from "../../src/errors.js";
import { DELIVERED_RETENTION_MS } from "../../src/notify/outbox-policy.js";
import type { OutboxItem } from "../../src/notify/outbox-schema.js";
import type { CaseRecord } from "../../src/cases/case-schema.js";
import type { CaseStore } from "../../src/storage/case-store.js";
import { caseCounters, checkCounters, sumCounters, type Counter } from "../../src/insight/counters.js";
import { auditEntry, newCase, outboxItem } from "../fixtures/cases/build.js";

const T0 = new Date("2026-03-02T09:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
/** A fixed, valid v4 uuid, so tests can say how ids break ties. */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** The behaviour every CaseStore must show; run against each implementation. */
export function caseStoreContract(
  name: string,
  open: () => Promise<{ store: CaseStore; cleanup: () => Promise<void>; reopen: () => Promise<CaseStore> }>,
  /**
   * Whether a lease outlives a reopen. It must in a store shared by several processes (PostgreSQL); a
   * single-process store (lowdb) knows a lease found at open belonged to a process that died, and frees it.
   */
  options: { leasesSurviveReopen: boolean },
) {
  describe(`${name} (CaseStore contract)`, () => {
    let store: CaseStore;
    let cleanup: () => Promise<void>;
    let reopen: () => Promise<CaseStore>;
    beforeEach(async () => {
      ({ store, cleanup, reopen } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    describe("cases", () => {
      it("should number cases per year in sequence, using the Dutch calendar year", async () => {
        const a = await store.createCase(newCase(), [], []);
        const b = await store.createCase(newCase(), [], []);
        // 23:30 UTC on 31 December is already New Year in Amsterdam.
        const c = await store.createCase(newCase({ createdAt: "2026-12-31T23:30:00.000Z" }), [], []);
        const d = await store.createCase(newCase({ createdAt: "2027-01-05T10:00:00.000Z" }), [], []);
        expect([a, b, c, d].map((r) => r.case.number)).toEqual([
          "MH-2026-0001",
          "MH-2026-0002",
          "MH-2027-0001",
          "MH-2027-0002",
        ]);
      });

      it("should give concurrent creates unique, gap-free numbers", async () => {
        const results = await Promise.all(
          Array.from({ length: 12 }, () => store.createCase(newCase(), [], [])),
        );
        const numbers = results.map((r) => r.case.number).sort();
        expect(numbers).toEqual(
          Array.from({ length: 12 }, (_, i) => `MH-2026-${String(i + 1).padStart(4, "0")}`),
        );
      });

      it("should create one case for a repeated requestId and store its outbox once", async () => {
        const first = newCase();
        const created = await store.createCase(first, [outboxItem(first.id)], [auditEntry(first.id)]);
        const again = newCase({ requestId: first.requestId });
        const duplicate = await store.createCase(again, [outboxItem(again.id)], [auditEntry(again.id)]);
        expect(created.status).toBe("created");
        expect(duplicate).toEqual({ status: "duplicate", case: created.case });
        expect(await store.getCase(again.id)).toBeUndefined();
        expect((await store.countOutbox()).pending).toBe(1);
        expect(await store.listAudit(again.id)).toEqual([]);
      });

      it("should create exactly one case when the same submit arrives twice at once", async () => {
        const requestId = "double-click";
        const results = await Promise.all([
          store.createCase(newCase({ requestId }), [], []),
          store.createCase(newCase({ requestId }), [], []),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(["created", "duplicate"]);
        expect(results[0]!.case.id).toBe(results[1]!.case.id);
        expect(await store.listOpen()).toHaveLength(1);
      });

      it("should find cases by id and number and list them by reporter and openness", async () => {
        const a = (await store.createCase(newCase({ createdAt: "2026-03-01T08:00:00.000Z" }), [], [])).case;
        const b = (await store.createCase(newCase({ createdAt: "2026-03-02T08:00:00.000Z" }), [], [])).case;
        const other = newCase({ reporter: { ...newCase().reporter, userId: "someone-else" } });
        const c = (await store.createCase(other, [], [])).case;
        expect(await store.getCase(a.id)).toEqual(a);
        expect(await store.getCase("not-a-uuid")).toBeUndefined();
        expect(await store.findByNumber(b.number)).toEqual(b);
        expect(await store.findByNumber("MH-1999-0001")).toBeUndefined();
        expect((await store.listByReporter("user-reporter")).map((x) => x.id)).toEqual([b.id, a.id]);
        await store.updateCase(c.id, c.version, { ...c, status: "closed" }, [], []);
        expect((await store.listOpen()).map((x) => x.id)).toEqual([a.id, b.id]);
      });

      it("should list by reporter newest first and open cases oldest first, same-time cases by number", async () => {
        const create = async (createdAt: string) =>
          (await store.createCase(newCase({ createdAt }), [], [])).case.number;
        // Three cases in the same millisecond (a bulk import, a clock with coarse resolution), then a newer
        // and an older one: numbers 1-3 tie on time, 4 is newest, 5 oldest.
        const tied = [];
        for (let i = 0; i < 3; i++) tied.push(await create("2026-03-02T08:00:00.000Z"));
        const newer = await create("2026-03-02T09:00:00.000Z");
        const older = await create("2026-03-02T07:00:00.000Z");
        expect((await store.listByReporter("user-reporter")).map((c) => c.number)).toEqual([
          newer,
          ...[...tied].reverse(),
          older,
        ]);
        expect((await store.listOpen()).map((c) => c.number)).toEqual([older, ...tied, newer]);
      });

      it("should update with the expected version and refuse a stale one without storing anything", async () => {
        const { case: stored } = await store.createCase(newCase(), [], []);
        const updated = await store.updateCase(
          stored.id,
          stored.version,
          { ...stored, status: "claimed", seq: 2 },
          [outboxItem(stored.id, { seq: 2, event: "case.updated" })],
          [auditEntry(stored.id)],
        );
        expect(updated).toMatchObject({
          status: "claimed",
          version: stored.version + 1,
          number: stored.number,
        });
        await expect(
          store.updateCase(
            stored.id,
            stored.version,
            { ...stored, status: "closed", seq: 3 },
            [outboxItem(stored.id, { seq: 3, event: "case.updated" })],
            [auditEntry(stored.id, { action: "case.close" })],
          ),
        ).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.getCase(stored.id)).toEqual(updated);
        expect((await store.countOutbox()).pending).toBe(1);
        expect((await store.listAudit(stored.id)).map((a) => a.action)).toEqual(["case.claim"]);
      });

      it("should let exactly one of two concurrent updates from the same version win", async () => {
        const { case: stored } = await store.createCase(newCase(), [], []);
        const attempts = await Promise.allSettled(
          ["coord-1", "coord-2"].map((id) =>
            store.updateCase(stored.id, stored.version, { ...stored, claimedBy: { id, name: id } }, [], []),
          ),
        );
        expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
        const lost = attempts.find((a) => a.status === "rejected");
        expect(lost?.status === "rejected" && lost.reason).toBeInstanceOf(ConcurrencyError);
      });
    });

    describe("audit", () => {
      it("should keep the audit trail per case in order", async () => {
        const { case: stored } = await store.createCase(
          newCase(),
          [],
          [auditEntry("x", { action: "case.create" })],
        );
        await store.appendAudit(auditEntry(stored.id, { action: "case.claim", allowed: false }));
        await store.appendAudit(auditEntry(stored.id, { action: "case.close" }));
        const trail = await store.listAudit(stored.id);
        expect(trail.map((a) => [a.action, a.allowed])).toEqual([
          ["case.claim", false],
          ["case.close", true],
        ]);
      });
    });

    describe("outbox", () => {
      /** A case with `items` outbox items created `from` ms after T0, one ms apart. */
      async function caseWith(items: number, from = 0) {
        const record = newCase();
        const outbox = Array.from({ length: items }, (_, i) =>
          outboxItem(record.id, { target: { kind: "user", userId: `u${i}` }, now: at(from + i) }),
        );
        await store.createCase(record, outbox, []);
        return { record, outbox };
      }

      it("should store an event for a target only once (idempotency key)", async () => {
        const { case: stored } = await store.createCase(newCase(), [], []);
        const item = outboxItem(stored.id, { seq: 2, event: "case.updated" });
        const twin = outboxItem(stored.id, { seq: 2, event: "case.updated" });
        await store.updateCase(stored.id, 1, { ...stored, seq: 2 }, [item], []);
        await store.updateCase(stored.id, 2, { ...stored, seq: 2 }, [twin], []);
        expect((await store.countOutbox()).pending).toBe(1);
      });

      it("should claim due items oldest first, raise attempts and respect the limit", async () => {
        const { outbox } = await caseWith(3);
        const claimed = await store.claimDue(at(10_000), 2, 30_000);
        expect(claimed.map((i) => i.id)).toEqual([outbox[0]!.id, outbox[1]!.id]);
        expect(claimed.every((i) => i.attempts === 1 && i.leaseUntil !== undefined)).toBe(true);
      });

      it("should not hand out a leased item until its lease runs out", async () => {
        const { outbox } = await caseWith(1);
        expect(await store.claimDue(at(1000), 10, 30_000)).toHaveLength(1);
        expect(await store.claimDue(at(20_000), 10, 30_000)).toEqual([]);
        const again = await store.claimDue(at(31_001), 10, 30_000);
        expect(again.map((i) => [i.id, i.attempts])).toEqual([[outbox[0]!.id, 2]]);
      });

      it("should not hand out items before they are due", async () => {
        await caseWith(1);
        expect(await store.claimDue(new Date(T0.getTime() - 1), 10, 30_000)).toEqual([]);
      });

      it("should treat an item due exactly now as due, and a lease ending exactly now as over", async () => {
        const { outbox } = await caseWith(1);
        expect((await store.claimDue(at(0), 10, 30_000)).map((i) => i.id)).toEqual([outbox[0]!.id]);
        expect(await store.claimDue(at(29_999), 10, 30_000)).toEqual([]);
        expect((await store.claimDue(at(30_000), 10, 30_000)).map((i) => i.id)).toEqual([outbox[0]!.id]);
      });

      it("should hand out due items by next attempt, then age, then event order, then id", async () => {
        const a = newCase();
        const b = newCase();
        const item = (caseId: string, id: number, seq: number, now = at(0)) => ({
          ...outboxItem(caseId, { seq, target: { kind: "user", userId: `u${id}` }, now }),
          id: uuid(id),
        });
        const early = item(b.id, 9, 1, at(-1000));
        const retried = { ...item(a.id, 8, 1, at(-2000)), nextAttemptAt: at(500).toISOString() };
        // Same next attempt and age: seq decides, then the id (a1 has the lowest id but the later event).
        const a1 = item(a.id, 1, 2);
        const a2 = item(a.id, 4, 1);
        const b1 = item(b.id, 2, 1);
        const b2 = item(b.id, 3, 1);
        await store.createCase(a, [a1, retried, a2], []);
        await store.createCase(b, [b2, early, b1], []);
        // The limit cuts through the tie: the store must choose by the same order, not only sort what it chose.
        expect((await store.claimDue(at(1000), 3, 30_000)).map((i) => i.id)).toEqual([
          early.id,
          b1.id,
          b2.id,
        ]);
        expect((await store.claimDue(at(1000), 10, 30_000)).map((i) => i.id)).toEqual([
          a2.id,
          a1.id,
          retried.id,
        ]);
      });

      it("should list dead items newest first, ties in the due order reversed", async () => {
        const record = newCase();
        const item = (id: number) => ({
          ...outboxItem(record.id, { target: { kind: "user", userId: `u${id}` } }),
          id: uuid(id),
        });
        const [x, y, z] = [item(1), item(2), item(3)];
        await store.createCase(record, [x, y, z], []);
        await store.claimDue(at(0), 10, 30_000);
        await store.markFailed(x.id, "no_target", at(5000), true);
        await store.markFailed(y.id, "no_target", at(5000), true);
        await store.markFailed(z.id, "no_target", at(9000), true);
        expect((await store.listDead()).map((i) => i.id)).toEqual([z.id, y.id, x.id]);
      });

      it("should give concurrent claimers disjoint items, never two claimers items of one case", async () => {
        const cases = [await caseWith(3), await caseWith(3), await caseWith(3), await caseWith(3)];
        const [a, b, c] = await Promise.all([
          store.claimDue(at(60_000), 4, 30_000),
          store.claimDue(at(60_000), 4, 30_000),
          store.claimDue(at(60_000), 4, 30_000),
        ]);
        const ids = [...a!, ...b!, ...c!].map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
        const holders = new Map<string, Set<number>>();
        [a!, b!, c!].forEach((claimed, n) => {
          for (const item of claimed)
            holders.set(item.caseId, (holders.get(item.caseId) ?? new Set()).add(n));
        });
        expect([...holders.values()].every((h) => h.size === 1)).toBe(true);
        // The cases a claimer started on are finished by it; the rest go to whoever asks next.
        const rest = await store.claimDue(at(60_000), 100, 30_000);
        const all = [...ids, ...rest.map((i) => i.id)];
        const untouched = cases
          .filter((k) => !holders.has(k.record.id))
          .flatMap((k) => k.outbox.map((i) => i.id));
        expect(rest.map((i) => i.id).sort()).toEqual(untouched.sort());
        expect(new Set(all).size).toBe(all.length);
      });

      it("should not hand out an item while another item of its case is in flight", async () => {
        const { outbox } = await caseWith(3);
        const other = await caseWith(1, 100);
        // The first item of the case is leased (a delivery pass is sending it); the limit left the rest.
        expect((await store.claimDue(at(5000), 1, 30_000)).map((i) => i.id)).toEqual([outbox[0]!.id]);
        // A second pass meanwhile gets only the other case: this one must keep its order.
        expect((await store.claimDue(at(6000), 10, 30_000)).map((i) => i.id)).toEqual([other.outbox[0]!.id]);
        await store.markDelivered(outbox[0]!.id, {}, at(7000));
        expect((await store.claimDue(at(8000), 10, 30_000)).map((i) => i.id)).toEqual([
          outbox[1]!.id,
          outbox[2]!.id,
        ]);
      });

      it("should free a case again when the lease of its item in flight runs out", async () => {
        const { outbox } = await caseWith(2);
        await store.claimDue(at(5000), 1, 30_000);
        expect(await store.claimDue(at(34_999), 10, 30_000)).toEqual([]);
        // The pass died: once the lease has run out, the case's items go out again, the first one first.
        expect((await store.claimDue(at(35_000), 10, 30_000)).map((i) => i.id)).toEqual([
          outbox[0]!.id,
          outbox[1]!.id,
        ]);
      });

      it("should free a case when its send failed: the retry waits, the case's next item does not", async () => {
        const { outbox } = await caseWith(2);
        await store.claimDue(at(5000), 1, 30_000);
        await store.markFailed(outbox[0]!.id, "http_502", at(90_000), false);
        expect((await store.claimDue(at(6000), 10, 30_000)).map((i) => i.id)).toEqual([outbox[1]!.id]);
      });

      it("should mark an item done, never hand it out again, and keep the first channel card", async () => {
        const record = newCase();
        const item = outboxItem(record.id);
        const update = outboxItem(record.id, { seq: 2, event: "case.updated" });
        await store.createCase(record, [item, update], []);
        await store.claimDue(at(1000), 10, 30_000);
        await store.markDelivered(item.id, { activityId: "act-1", conversationId: "conv-ch" }, at(2000));
        await store.markDelivered(update.id, { activityId: "act-2", conversationId: "conv-ch" }, at(3000));
        expect(await store.claimDue(at(120_000), 10, 30_000)).toEqual([]);
        const stored = await store.getCase(record.id);
        expect(stored?.card).toEqual({ activityId: "act-1", conversationId: "conv-ch" });
        expect(stored?.version).toBe(2);
        expect(await store.countOutbox()).toEqual({ pending: 0, done: 2, dead: 0 });
      });

      it("should not set a card from a personal-chat delivery", async () => {
        const record = newCase();
        const item = outboxItem(record.id, { target: { kind: "user", userId: "coord-1" } });
        await store.createCase(record, [item], []);
        await store.claimDue(at(0), 10, 30_000);
        await store.markDelivered(item.id, { activityId: "a", conversationId: "c" }, at(1));
        expect((await store.getCase(record.id))?.card).toBeUndefined();
      });

      it("should keep a delivered item for its retention, then drop it when claiming, in every case", async () => {
        const a = newCase();
        const b = newCase();
        const [a1, a2] = [outboxItem(a.id), outboxItem(a.id, { target: { kind: "user", userId: "u1" } })];
        const b1 = outboxItem(b.id);
        await store.createCase(a, [a1, a2], []);
        await store.createCase(b, [b1], []);
        await store.claimDue(at(0), 10, 30_000);
        await store.markDelivered(a1.id, { activityId: "act-a", conversationId: "conv-ch" }, at(1000));
        await store.markDelivered(b1.id, {}, at(2000));
        expect(await store.countOutbox()).toEqual({ pending: 1, done: 2, dead: 0 });
        // Exactly at the end of its retention an item is still kept (expired means older than that).
        const again = await store.claimDue(at(1000 + DELIVERED_RETENTION_MS), 10, 30_000);
        expect(again.map((i) => i.id)).toEqual([a2.id]);
        expect(await store.countOutbox()).toEqual({ pending: 1, done: 2, dead: 0 });
        await store.claimDue(at(1001 + DELIVERED_RETENTION_MS), 10, 30_000);
        expect(await store.countOutbox()).toEqual({ pending: 1, done: 1, dead: 0 });
        await store.claimDue(at(2001 + DELIVERED_RETENTION_MS), 10, 30_000);
        expect(await store.countOutbox()).toEqual({ pending: 1, done: 0, dead: 0 });
        // The card the dropped delivery gave stays on the case.
        expect((await store.getCase(a.id))?.card).toEqual({ activityId: "act-a", conversationId: "conv-ch" });
      });

      it("should drop a case's expired deliveries when it records a new one", async () => {
        const record = newCase();
        const [first, second] = [outboxItem(record.id), outboxItem(record.id, { seq: 2 })];
        await store.createCase(record, [first, second], []);
        await store.claimDue(at(0), 10, 30_000);
        await store.markDelivered(first.id, {}, at(1000));
        await store.markDelivered(second.id, {}, at(1001 + DELIVERED_RETENTION_MS));
        expect(await store.countOutbox()).toEqual({ pending: 0, done: 1, dead: 0 });
      });

      it("should retry a failed item when due, and list it as dead with its fallback queued", async () => {
        const { record, outbox } = await caseWith(1);
        const item = outbox[0]!;
        await store.claimDue(at(0), 10, 30_000);
        await store.markFailed(item.id, "connector 500", at(5000), false);
        expect(await store.claimDue(at(4000), 10, 30_000)).toEqual([]);
        const retry = await store.claimDue(at(5000), 10, 30_000);
        expect(retry.map((i) => [i.id, i.attempts, i.lastError])).toEqual([[item.id, 2, "connector 500"]]);
        const fallback = outboxItem(record.id, { target: { kind: "fallback" } });
        await store.markFailed(item.id, "no_target", at(6000), true, fallback);
        await store.markFailed(
          item.id,
          "no_target",
          at(6000),
          true,
          outboxItem(record.id, { target: { kind: "fallback" } }),
        );
        expect((await store.listDead()).map((i) => [i.id, i.lastError])).toEqual([[item.id, "no_target"]]);
        const next = await store.claimDue(at(60_000), 10, 30_000);
        expect(next.map((i) => i.id)).toEqual([fallback.id]);
        expect(await store.countOutbox()).toEqual({ pending: 1, done: 0, dead: 1 });
      });
    });

    describe("retention", () => {
      it("should purge cases closed before the cutoff with their outbox and audit, and old loose audit", async () => {
        const closed = (at: string) =>
          newCase({ status: "closed", closed: { reason: "afgehandeld", by: { id: "c", name: "C" }, at } });
        const old = (await store.createCase(closed("2026-01-10T09:00:00.000Z"), [], [])).case;
        const recent = (await store.createCase(closed("2026-06-10T09:00:00.000Z"), [], [])).case;
        const open = (await store.createCase(newCase({ createdAt: "2025-01-01T09:00:00.000Z" }), [], []))
          .case;
        await store.updateCase(old.id, old.version, { ...old }, [outboxItem(old.id)], [auditEntry(old.id)]);
        await store.appendAudit(auditEntry("*", { at: "2026-01-05T09:00:00.000Z" }));
        await store.appendAudit(auditEntry("*", { at: "2026-06-05T09:00:00.000Z" }));
        const cutoff = new Date("2026-03-01T00:00:00.000Z");
        expect(await store.purgeClosed(cutoff, true)).toEqual({ cases: 1, looseAuditEntries: 1 });
        expect(await store.getCase(old.id)).toBeDefined();
        expect(await store.purgeClosed(cutoff, false)).toEqual({ cases: 1, looseAuditEntries: 1 });
        expect(await store.getCase(old.id)).toBeUndefined();
        expect(await store.findByNumber(old.number)).toBeUndefined();
        expect(await store.listAudit(old.id)).toEqual([]);
        expect(await store.listAudit("*")).toHaveLength(1);
        expect(await store.getCase(recent.id)).toBeDefined();
        expect(await store.getCase(open.id)).toBeDefined();
        expect((await store.listByReporter("user-reporter")).map((c) => c.id).sort()).toEqual(
          [recent.id, open.id].sort(),
        );
        expect(await store.countOutbox()).toEqual({ pending: 0, done: 0, dead: 0 });
        const reopened = await reopen();
        expect(await reopened.getCase(old.id)).toBeUndefined();
        await reopened.close();
      });
    });

    describe("place key", () => {
      const keyA = "a".repeat(64);
      const keyB = "b".repeat(64);
      const about = (placeKey: string | undefined, createdAt: string, extra: Partial<CaseRecord> = {}) =>
        newCase({ placeKey, createdAt, ...extra });

      it("should find a place's cases since a date, newest first (ties by number), up to the limit", async () => {
        const create = async (c: ReturnType<typeof about>) => (await store.createCase(c, [], [])).case;
        const old = await create(about(keyA, "2025-01-01T09:00:00.000Z"));
        const tied1 = await create(about(keyA, "2026-02-01T09:00:00.000Z"));
        const tied2 = await create(about(keyA, "2026-02-01T09:00:00.000Z"));
        const newest = await create(about(keyA, "2026-03-01T09:00:00.000Z", { status: "closed" }));
        await create(about(keyB, "2026-03-01T09:00:00.000Z"));
        await create(about(undefined, "2026-03-01T09:00:00.000Z"));
        const since = new Date("2026-01-01T00:00:00.000Z");
        const found = await store.findByPlaceKey(keyA, since, 50);
        expect(found.map((c) => c.number)).toEqual([newest.number, tied2.number, tied1.number]);
        expect(found[0]).toEqual(newest);
        expect((await store.findByPlaceKey(keyA, since, 2)).map((c) => c.id)).toEqual([newest.id, tied2.id]);
        expect((await store.findByPlaceKey(keyA, new Date(old.createdAt), 50)).at(-1)?.id).toBe(old.id);
        expect(await store.findByPlaceKey("c".repeat(64), since, 50)).toEqual([]);
      });

      it("should no longer find a purged case, also after a reopen", async () => {
        const closedAt = "2026-01-10T09:00:00.000Z";
        const by = { id: "c", name: "C" };
        const gone = (
          await store.createCase(
            about(keyA, "2026-01-02T09:00:00.000Z", {
              status: "closed",
              closed: { reason: "klaar", by, at: closedAt },
            }),
            [],
            [],
          )
        ).case;
        const kept = (await store.createCase(about(keyA, "2026-02-02T09:00:00.000Z"), [], [])).case;
        const since = new Date("2025-01-01T00:00:00.000Z");
        expect((await store.findByPlaceKey(keyA, since, 50)).map((c) => c.id)).toEqual([kept.id, gone.id]);
        await store.purgeClosed(new Date("2026-03-01T00:00:00.000Z"), false);
        expect((await store.findByPlaceKey(keyA, since, 50)).map((c) => c.id)).toEqual([kept.id]);
        const reopened = await reopen();
        expect((await reopened.findByPlaceKey(keyA, since, 50)).map((c) => c.id)).toEqual([kept.id]);
        await reopened.close();
      });

      it("should count how cases stood to earlier reports about their place, never the key", async () => {
        const created = [];
        for (const placeMatch of ["single", "linked", "cluster", "no_place", undefined] as const) {
          const placeKey = placeMatch === "no_place" ? undefined : keyA;
          created.push(
            (await store.createCase(about(placeKey, "2026-02-10T09:00:00.000Z", { placeMatch }), [], []))
              .case,
          );
        }
        const counters = await store.insightCounters();
        expect(counters).toEqual(sumCounters(...created.map((c) => caseCounters(c))));
        const clusters = counters.filter((c) => c.metric === "case_clusters");
        expect(clusters.map((c) => [c.key, c.n])).toEqual([
          ["cluster", 1],
          ["linked", 1],
          ["no_place", 1],
          ["single", 1],
        ]);
        expect(JSON.stringify(counters)).not.toContain(keyA);
      });
    });

    describe("closed cases", () => {
      it("should list the most recent closed cases newest first, up to the limit", async () => {
        const closed = (createdAt: string) =>
          newCase({
            createdAt,
            status: "closed",
            closed: { reason: "klaar", by: { id: "c", name: "C" }, at: createdAt },
          });
        const a = (await store.createCase(closed("2026-03-01T09:00:00.000Z"), [], [])).case;
        const b = (await store.createCase(closed("2026-03-03T09:00:00.000Z"), [], [])).case;
        await store.createCase(closed("2026-02-01T09:00:00.000Z"), [], []);
        await store.createCase(newCase({ createdAt: "2026-03-04T09:00:00.000Z" }), [], []);
        expect((await store.listClosed(2)).map((c) => c.id)).toEqual([b.id, a.id]);
        expect(await store.listClosed(10)).toHaveLength(3);
      });
    });

    describe("insight", () => {
      const coordinator = { id: "c", name: "C" };
      /** Cases that touch every metric: forms, no form, a claim, referrals, a close, an override. */
      const variedCases = () => [
        newCase({ createdAt: "2026-01-31T23:30:00.000Z", forms: ["labour"] }), // February in Amsterdam
        newCase({
          createdAt: "2026-02-10T09:00:00.000Z",
          forms: ["sexual", "criminal"],
          signals: ["minor_exploited_now"],
          outcome: "ACUTE",
          status: "referred",
          claimedBy: coordinator,
          claimedAt: "2026-02-10T11:30:00.000Z",
          referrals: [
            { to: "politie", note: "", by: coordinator, at: "2026-02-10T12:00:00.000Z" },
            { to: "veilig-thuis", note: "", by: coordinator, at: "2026-02-10T12:05:00.000Z" },
          ],
        }),
        newCase({
          createdAt: "2026-02-11T09:00:00.000Z",
          signals: [],
          outcome: "NONE",
          reporter: { ...newCase().reporter, department: "kcc" },
          status: "closed",
          claimedBy: coordinator,
          claimedAt: "2026-02-20T09:00:00.000Z",
          closed: { reason: "geen signaal", by: coordinator, at: "2026-03-30T09:00:00.000Z" },
          outcomeOverride: {
            outcome: "MONITOR",
            reason: "x",
            by: coordinator,
            at: "2026-02-12T09:00:00.000Z",
          },
        }),
        // Playbooks (closed after the purge tests' cutoff, so those tests purge and list as before).
        newCase({
          createdAt: "2026-02-12T09:00:00.000Z",
          status: "closed",
          claimedBy: coordinator,
          claimedAt: "2026-02-12T10:00:00.000Z",
          playbook: {
            id: "arbeid",
            attachedAt: "2026-02-12T10:00:00.000Z",
            attachedBy: coordinator,
            steps: [
              { id: "politie", partner: "politie", state: "done", at: "2026-02-13T16:00:00.000Z", notes: [] },
              { id: "zorg", partner: "zorgcoordinator", state: "skipped", reason: "x", notes: [] },
              { id: "vastleggen", state: "done", at: "2026-02-12T11:00:00.000Z", notes: [] },
            ],
          },
          closed: { reason: "klaar", by: coordinator, at: "2026-07-01T09:00:00.000Z" },
        }),
        newCase({
          createdAt: "2026-02-14T09:00:00.000Z",
          status: "closed",
          claimedBy: coordinator,
          claimedAt: "2026-02-14T09:00:00.000Z",
          referrals: [{ to: "politie", note: "", by: coordinator, at: "2026-02-14T11:00:00.000Z" }],
          playbook: {
            id: "arbeid",
            attachedAt: "2026-02-14T09:00:00.000Z",
            attachedBy: coordinator,
            steps: [
              {
                id: "politie",
                partner: "politie",
                state: "done",
                at: "2026-02-14T11:00:00.000Z",
                referral: true,
                notes: [],
              },
              { id: "zorg", partner: "zorgcoordinator", state: "open", notes: [] },
            ],
          },
          closed: { reason: "toch", by: coordinator, at: "2026-07-02T09:00:00.000Z", openSteps: ["zorg"] },
        }),
      ];
      const expected = (cases: CaseRecord[]) => sumCounters(...cases.map((c) => caseCounters(c)));

      it("should count every stored case as caseCounters says, including the bucket bounds", async () => {
        const created = [];
        for (const c of variedCases()) created.push((await store.createCase(c, [], [])).case);
        const counters = await store.insightCounters();
        expect(counters).toEqual(expected(created));
        // Spot checks of the definition itself: the Amsterdam month, the override, the open form, the buckets.
        const find = (metric: Counter["metric"], key: string, month = "2026-02") =>
          counters.find((c) => c.month === month && c.metric === metric && c.key === key)?.n;
        expect(find("cases", "ESCALATE|wijkteam")).toBe(3);
        expect(find("cases", "MONITOR|kcc")).toBe(1);
        expect(find("case_forms", "unknown")).toBe(3);
        expect(find("case_referrals", "politie")).toBe(2);
        expect(find("claim_hours", "4")).toBe(1); // 2.5 h
        expect(find("claim_hours", "more")).toBe(1); // 9 days
        expect(find("close_days", "60")).toBe(1); // 47 days
        expect(find("case_steps", "arbeid|zorg|skipped")).toBe(1);
        expect(find("case_steps", "arbeid|politie|done")).toBe(2);
        expect(find("contact_hours", "72")).toBe(1); // a partner step ticked 30 h after the claim
        expect(find("contact_hours", "4")).toBe(2); // referrals 2 h and 0.5 h after the claim
        expect(find("case_closes", "override")).toBe(1);
        expect(find("case_closes", "complete")).toBe(1);
        expect(find("case_closes", "no_playbook")).toBe(1);
        expect(counters.some((c) => c.month === "2026-01")).toBe(false);
      });

      it("should keep the same statistics after a purge deletes closed cases, and after a reopen", async () => {
        for (const c of variedCases()) await store.createCase(c, [], []);
        await store.addInsight(
          checkCounters({
            at: T0.toISOString(),
            treeId: "algemeen",
            outcome: "CONSULT",
            signals: ["a"],
            forms: [],
          }),
        );
        const before = await store.insightCounters();
        expect(await store.purgeClosed(new Date("2026-06-01T00:00:00.000Z"), true)).toMatchObject({
          cases: 1,
        });
        expect(await store.insightCounters()).toEqual(before);
        expect(await store.purgeClosed(new Date("2026-06-01T00:00:00.000Z"), false)).toMatchObject({
          cases: 1,
        });
        expect(await store.listOpen()).toHaveLength(2);
        expect(await store.insightCounters()).toEqual(before);
        // A second purge finds nothing and folds nothing twice.
        expect(await store.purgeClosed(new Date("2026-06-01T00:00:00.000Z"), false)).toMatchObject({
          cases: 0,
        });
        await store.close();
        store = await reopen();
        expect(await store.insightCounters()).toEqual(before);
      });

      it("should add check counters, move a changed advice, and drop counts that sum to zero", async () => {
        const fact = {
          at: T0.toISOString(),
          treeId: "algemeen",
          outcome: "CONSULT",
          signals: ["a", "b"],
          forms: ["labour"],
          department: "wmo",
        };
        await store.addInsight(checkCounters(fact));
        await store.addInsight(checkCounters(fact));
        await store.addInsight([
          ...checkCounters(fact, -1),
          ...checkCounters({ ...fact, outcome: "ESCALATE" }),
        ]);
        expect(await store.insightCounters()).toEqual([
          { month: "2026-03", metric: "check_forms", key: "labour", n: 2 },
          { month: "2026-03", metric: "check_signals", key: "a", n: 2 },
          { month: "2026-03", metric: "check_signals", key: "b", n: 2 },
          { month: "2026-03", metric: "checks", key: "CONSULT|algemeen|wmo", n: 1 },
          { month: "2026-03", metric: "checks", key: "ESCALATE|algemeen|wmo", n: 1 },
        ]);
        await store.addInsight(checkCounters({ ...fact, outcome: "ESCALATE" }, -1));
        await store.addInsight(checkCounters(fact, -1));
        expect(await store.insightCounters()).toEqual([]);
      });
    });

    describe("reopen", () => {
      async function restart(): Promise<void> {
        await store.close();
        store = await reopen();
      }

      it("should keep numbering, idempotency, look-ups and the audit trail after a reopen", async () => {
        const first = newCase({ createdAt: "2026-03-01T08:00:00.000Z" });
        const a = (await store.createCase(first, [], [auditEntry(first.id, { action: "case.create" })])).case;
        const b = (await store.createCase(newCase({ createdAt: "2026-03-02T08:00:00.000Z" }), [], [])).case;
        const closed = await store.updateCase(b.id, b.version, { ...b, status: "closed" }, [], []);
        await store.appendAudit(auditEntry(a.id, { action: "case.close", allowed: false }));
        await store.appendAudit(auditEntry("*", { action: "case.list", allowed: false }));
        await restart();
        const again = await store.createCase(newCase({ requestId: first.requestId }), [], []);
        expect(again).toEqual({ status: "duplicate", case: a });
        const third = newCase({ createdAt: "2026-03-03T08:00:00.000Z" });
        expect((await store.createCase(third, [], [])).case.number).toBe("MH-2026-0003");
        expect(await store.getCase(b.id)).toEqual(closed);
        expect(await store.findByNumber(a.number)).toEqual(a);
        expect((await store.listOpen()).map((c) => c.number)).toEqual(["MH-2026-0001", "MH-2026-0003"]);
        expect(await store.listByReporter("user-reporter")).toHaveLength(3);
        expect((await store.listAudit(a.id)).map((e) => [e.action, e.allowed])).toEqual([
          ["case.create", true],
          ["case.close", false],
        ]);
        expect((await store.listAudit("*")).map((e) => e.action)).toEqual(["case.list"]);
        await expect(store.updateCase(b.id, b.version, b, [], [])).rejects.toBeInstanceOf(ConcurrencyError);
      });

      it("should keep pending, leased, done and dead outbox items after a reopen", async () => {
        const record = newCase();
        const items = Array.from({ length: 4 }, (_, i) =>
          outboxItem(record.id, { target: { kind: "user", userId: `u${i}` }, now: at(i) }),
        );
        const [done, dead, leased, waiting] = items as [OutboxItem, OutboxItem, OutboxItem, OutboxItem];
        await store.createCase(record, items, []);
        await store.claimDue(at(10), 3, 30_000);
        await store.markDelivered(done.id, {}, at(20));
        await store.markFailed(dead.id, "no_target", at(30), true);
        await restart();
        expect(await store.countOutbox()).toEqual({ pending: 2, done: 1, dead: 1 });
        expect((await store.listDead()).map((i) => i.id)).toEqual([dead.id]);
        if (options.leasesSurviveReopen) {
          // The case still has a delivery in flight (a lease from before the restart): it waits for it.
          expect(await store.claimDue(at(1000), 10, 30_000)).toEqual([]);
          const afterLease = await store.claimDue(at(30_500), 10, 30_000);
          expect(afterLease.map((i) => [i.id, i.attempts])).toEqual([
            [leased.id, 2],
            [waiting.id, 1],
          ]);
        } else {
          const claimed = await store.claimDue(at(1000), 10, 30_000);
          expect(claimed.map((i) => [i.id, i.attempts])).toEqual([
            [leased.id, 2],
            [waiting.id, 1],
          ]);
        }
        const twin = outboxItem(record.id, { target: { kind: "user", userId: "u0" }, now: at(0) });
        const stored = (await store.getCase(record.id))!;
        await store.updateCase(record.id, stored.version, stored, [twin], []);
        expect(await store.countOutbox()).toEqual({ pending: 2, done: 1, dead: 1 });
      });
    });
  });
}
