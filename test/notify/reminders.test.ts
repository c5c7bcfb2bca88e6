import type { CaseRecord } from "../../src/cases/case-schema.js";
import { findOverdue, reminderDeadline } from "../../src/notify/reminders.js";
import { newCase } from "../fixtures/cases/build.js";

const settings = { escalateHours: 4, consultWorkdays: 2 };
const kase = (overrides: Partial<CaseRecord>): CaseRecord => ({
  ...newCase(overrides),
  number: "MH-2026-0001",
});

describe("reminderDeadline", () => {
  it("should give ACUTE and ESCALATE cases the hour threshold", () => {
    expect(reminderDeadline(kase({ outcome: "ESCALATE" }), settings).toISOString()).toBe(
      "2026-03-02T13:00:00.000Z",
    );
    expect(reminderDeadline(kase({ outcome: "ACUTE" }), settings).toISOString()).toBe(
      "2026-03-02T13:00:00.000Z",
    );
  });

  it("should count working days for CONSULT, skipping Saturday and Sunday", () => {
    // Thursday 5 March -> Monday 9 March; Friday 6 March -> Tuesday 10 March; Saturday 7 March -> Tuesday.
    const at = (createdAt: string) =>
      reminderDeadline(kase({ outcome: "CONSULT", createdAt }), settings).toISOString();
    expect(at("2026-03-05T10:00:00.000Z")).toBe("2026-03-09T10:00:00.000Z");
    expect(at("2026-03-06T10:00:00.000Z")).toBe("2026-03-10T10:00:00.000Z");
    expect(at("2026-03-07T10:00:00.000Z")).toBe("2026-03-10T10:00:00.000Z");
  });

  it("should use the coordinator's override outcome", () => {
    const overridden = kase({
      outcome: "CONSULT",
      outcomeOverride: {
        outcome: "ESCALATE",
        reason: "r",
        by: { id: "c", name: "C" },
        at: "2026-03-02T09:00:00Z",
      },
    });
    expect(reminderDeadline(overridden, settings).toISOString()).toBe("2026-03-02T13:00:00.000Z");
  });
});

describe("findOverdue", () => {
  it("should return only new, not yet reminded cases past their deadline", () => {
    const overdue = kase({ outcome: "ESCALATE" });
    const claimed = kase({ outcome: "ESCALATE", status: "claimed" });
    const reminded = kase({ outcome: "ESCALATE", remindedAt: "2026-03-02T13:00:00.000Z" });
    const consult = kase({ outcome: "CONSULT" });
    const now = new Date("2026-03-02T13:00:00.000Z");
    expect(findOverdue([overdue, claimed, reminded, consult], now, settings)).toEqual([overdue]);
    expect(findOverdue([overdue], new Date(now.getTime() - 1), settings)).toEqual([]);
  });
});
