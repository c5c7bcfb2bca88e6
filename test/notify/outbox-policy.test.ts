import {
  cardAfterDelivery,
  DELIVERED_RETENTION_MS,
  dueOrder,
  isDue,
  isExpiredDelivery,
} from "../../src/notify/outbox-policy.js";
import type { OutboxItem } from "../../src/notify/outbox-schema.js";
import { outboxItem } from "../fixtures/cases/build.js";

const T0 = new Date("2026-03-02T09:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const iso = (ms: number) => at(ms).toISOString();
const item = (overrides: Partial<OutboxItem> = {}): OutboxItem => ({
  ...outboxItem("00000000-0000-4000-8000-000000000001", { now: T0 }),
  ...overrides,
});

describe("isDue", () => {
  it("should be due from its next attempt on, and only while pending", () => {
    expect(isDue(item(), at(-1))).toBe(false);
    expect(isDue(item(), at(0))).toBe(true);
    expect(isDue(item({ status: "done" }), at(0))).toBe(false);
    expect(isDue(item({ status: "dead" }), at(0))).toBe(false);
  });

  it("should wait for a running lease unless it is orphaned; a lease ending now has run out", () => {
    const leased = item({ leaseUntil: iso(30_000) });
    expect(isDue(leased, at(29_999))).toBe(false);
    expect(isDue(leased, at(30_000))).toBe(true);
    expect(isDue(leased, at(1), true)).toBe(true);
  });
});

describe("dueOrder", () => {
  it("should order by next attempt, then age, then seq, then id (case-insensitively)", () => {
    const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const later = item({ id: id(1), nextAttemptAt: iso(5), createdAt: iso(-9) });
    const older = item({ id: id(2), createdAt: iso(-1) });
    const seq2 = item({ id: id(3), seq: 2 });
    const idA = item({ id: id(4).replace(/4$/, "A") });
    const idB = item({ id: id(4).replace(/4$/, "b") });
    const sorted = [later, seq2, idB, idA, older].sort(dueOrder);
    expect(sorted).toEqual([older, idA, idB, seq2, later]);
  });
});

describe("isExpiredDelivery", () => {
  it("should expire a delivered item only after its retention, and never a pending one", () => {
    const done = item({ status: "done", deliveredAt: iso(0) });
    expect(isExpiredDelivery(done, at(DELIVERED_RETENTION_MS))).toBe(false);
    expect(isExpiredDelivery(done, at(DELIVERED_RETENTION_MS + 1))).toBe(true);
    expect(isExpiredDelivery(item(), at(DELIVERED_RETENTION_MS + 1))).toBe(false);
    expect(isExpiredDelivery(item({ status: "done" }), at(DELIVERED_RETENTION_MS + 1))).toBe(false);
  });
});

describe("cardAfterDelivery", () => {
  const result = { activityId: "act-1", conversationId: "conv-ch" };

  it("should make the first channel delivery with both ids the card", () => {
    expect(cardAfterDelivery({ kind: "channel" }, result, undefined)).toEqual(result);
  });

  it("should keep the case as it is otherwise", () => {
    const card = { activityId: "act-0", conversationId: "conv-ch" };
    expect(cardAfterDelivery({ kind: "channel" }, result, card)).toBeUndefined();
    expect(cardAfterDelivery({ kind: "user", userId: "u" }, result, undefined)).toBeUndefined();
    expect(cardAfterDelivery({ kind: "fallback" }, result, undefined)).toBeUndefined();
    expect(cardAfterDelivery({ kind: "channel" }, { activityId: "act-1" }, undefined)).toBeUndefined();
  });
});
