import type { CaseRecord } from "../../src/cases/case-schema.js";
import { fallbackMessage } from "../../src/notify/fallback-message.js";
import { newCase, outboxItem } from "../fixtures/cases/build.js";

describe("fallbackMessage", () => {
  it("should hold only number, urgency, outcome and the redacted place, in Dutch then English", () => {
    const record: CaseRecord = {
      ...newCase({ place: "1234 AB 5, bel 06-12345678", urgent: false, outcome: "CONSULT" }),
      number: "MH-2026-0003",
    };
    const item = {
      ...outboxItem(record.id, { event: "reporter.question" }),
      payload: { failedTarget: "user" },
    };
    const m = fallbackMessage(item, record);
    expect(m.subject).toBe(
      "Signaalwijzer MH-2026-0003: CONSULT (Een vraag aan de melder kon niet worden bezorgd)",
    );
    expect(m.place).toBe("[adres], bel [telefoon]");
    expect(m.text).toContain("Dit bericht kon niet in Teams worden bezorgd.");
    expect(m.text).toContain("View the report in Teams.");
    expect(m.text).not.toMatch(/Acht mannen|Rita|06-1234/);
  });
});
