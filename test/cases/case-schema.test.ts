import { caseYear, formatCaseNumber, ReportDraft } from "../../src/cases/case-schema.js";

describe("case schema", () => {
  it("should trim a report draft and reject control characters but keep newlines", () => {
    const ok = ReportDraft.parse({
      description: "  regel 1\nregel 2\t ",
      place: " wijk ",
      seenAt: "",
      department: "kcc",
      contact: "",
    });
    expect(ok).toMatchObject({ description: "regel 1\nregel 2", place: "wijk" });
    const bad = ReportDraft.safeParse({
      description: "a\u001bb",
      place: "",
      seenAt: "",
      department: "kcc",
      contact: "",
    });
    expect(bad.success).toBe(false);
  });

  it("should format case numbers and take the year in Dutch time", () => {
    expect(formatCaseNumber(2026, 42)).toBe("MH-2026-0042");
    expect(formatCaseNumber(2026, 12345)).toBe("MH-2026-12345");
    expect(caseYear("2026-12-31T22:59:59.000Z")).toBe(2026);
    expect(caseYear("2026-12-31T23:00:00.000Z")).toBe(2027);
  });
});
