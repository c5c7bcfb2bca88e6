import { planAnswer, planClaim, planClose, planReminder } from "../../src/cases/case-actions.js";
import type { CaseRecord } from "../../src/cases/case-schema.js";
import { newCase } from "../fixtures/cases/build.js";

const now = new Date("2026-03-02T12:00:00.000Z");
const coord = { id: "coord-1", name: "Coby" };
const open: CaseRecord = { ...newCase(), number: "MH-2026-0001" };

describe("case actions", () => {
  it("should claim a new case and notify channel and reporter", () => {
    const plan = planClaim(open, coord, now);
    expect(
      plan.kind === "change" && [plan.record.status, plan.record.claimedBy, plan.record.claimedAt],
    ).toEqual(["claimed", coord, now.toISOString()]);
    expect(plan.kind === "change" && plan.notices.map((n) => [n.event, n.target])).toEqual([
      ["case.updated", { kind: "channel" }],
      ["reporter.status", { kind: "user", userId: "user-reporter" }],
    ]);
  });

  it("should refuse claims on claimed or closed cases and keep the status of a referred one", () => {
    expect(planClaim({ ...open, claimedBy: coord }, coord, now)).toMatchObject({
      kind: "refuse",
      result: { status: "already_claimed", by: coord },
    });
    expect(planClaim({ ...open, status: "closed" }, coord, now)).toMatchObject({
      result: { status: "closed" },
    });
    const referred = planClaim({ ...open, status: "referred" }, coord, now);
    expect(referred.kind === "change" && referred.record.status).toBe("referred");
  });

  it("should answer only a known, unanswered question", () => {
    const q = {
      id: "8d5e1f2a-1111-4222-8333-444455556666",
      text: "?",
      askedBy: coord,
      askedAt: now.toISOString(),
    };
    expect(planAnswer(open, q.id, "a", now)).toMatchObject({ result: { status: "not_found" } });
    const answered = planAnswer({ ...open, questions: [q] }, q.id, "acht", now);
    expect(answered.kind === "change" && answered.record.questions[0]?.answer).toBe("acht");
    expect(planAnswer({ ...open, questions: [{ ...q, answer: "x" }] }, q.id, "y", now)).toMatchObject({
      result: { status: "already_answered" },
    });
  });

  it("should close once", () => {
    const closed = planClose(open, coord, "klaar", now);
    expect(closed.kind === "change" && closed.record.closed).toEqual({
      reason: "klaar",
      by: coord,
      at: now.toISOString(),
    });
    expect(closed.kind === "change" && planClose(closed.record, coord, "nog eens", now).kind).toBe("refuse");
  });

  it("should remind a new case once, to channel and fallback", () => {
    const plan = planReminder(open, now);
    expect(plan.kind === "change" && plan.notices.map((n) => n.target.kind)).toEqual(["channel", "fallback"]);
    expect(planReminder({ ...open, remindedAt: now.toISOString() }, now).kind).toBe("refuse");
    expect(planReminder({ ...open, status: "claimed" }, now).kind).toBe("refuse");
  });
});
