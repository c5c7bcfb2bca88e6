import { idempotencyKey, newOutboxItem, OutboxItem, targetKey } from "../../src/notify/outbox-schema.js";

describe("outbox schema", () => {
  it("should key an event per case, sequence and target", () => {
    expect(targetKey({ kind: "user", userId: "u1" })).toBe("user:u1");
    expect(idempotencyKey("c1", 3, { kind: "channel" })).toBe("c1:3:channel");
    expect(idempotencyKey("c1", 3, { kind: "fallback" })).toBe("c1:3:fallback");
  });

  it("should build a valid pending item due now", () => {
    const item = newOutboxItem({
      id: "8d5e1f2a-1111-4222-8333-444455556666",
      caseId: "8d5e1f2a-1111-4222-8333-444455556667",
      seq: 1,
      event: "case.created",
      target: { kind: "channel" },
      now: new Date("2026-03-02T09:00:00.000Z"),
    });
    expect(OutboxItem.parse(item)).toMatchObject({
      status: "pending",
      attempts: 0,
      nextAttemptAt: "2026-03-02T09:00:00.000Z",
    });
  });
});
