import { CASE_TEXT_LIMITS } from "../../../src/cases/case-schema.js";
import type { CaseSummary } from "../../../src/tab/web/contract.js";
import {
  addMonths,
  bucketLabel,
  cellText,
  currentMonth,
  formatDuration,
  humanize,
  rowLabel,
  TEXT_LIMITS,
  waitingText,
} from "../../../src/tab/web/format.js";
import { tabTexts } from "../../../src/tab/web/texts.js";

const nl = tabTexts("nl");
const en = tabTexts("en");
const now = Date.parse("2026-03-02T10:00:00Z");
const summary = (extra: Partial<CaseSummary> = {}): CaseSummary => ({
  id: "c1",
  number: "MH-2026-0001",
  createdAt: "2026-03-02T05:00:00Z",
  outcome: "ESCALATE",
  urgent: false,
  status: "new",
  department: "wijkteam",
  forms: [],
  waitingMinutes: 300,
  reminderAt: "2026-03-03T05:00:00Z",
  overdue: false,
  ...extra,
});

describe("tab/web/format", () => {
  it("should name a duration in its largest sensible unit", () => {
    expect(formatDuration(12, nl)).toBe("12 min");
    expect(formatDuration(60, nl)).toBe("1 uur");
    expect(formatDuration(47 * 60 + 59, nl)).toBe("47 uur");
    expect(formatDuration(48 * 60, nl)).toBe("2 dagen");
    expect(formatDuration(3 * 24 * 60, en)).toBe("3 days");
  });

  it("should say how long an unclaimed case waits and when the reminder comes", () => {
    expect(waitingText(summary(), now, nl)).toBe("wacht 5 uur · herinnering over 19 uur");
    expect(waitingText(summary({ overdue: true, waitingMinutes: 1800 }), now, nl)).toBe(
      "wacht 30 uur · te laat",
    );
    expect(waitingText(summary({ reminderAt: "2026-03-02T09:00:00Z" }), now, nl)).toBe(
      "wacht 5 uur · te laat",
    );
    expect(waitingText(summary({ reminderAt: undefined }), now, nl)).toBe("wacht 5 uur");
  });

  it("should say after how long a claimed case was picked up", () => {
    const claimed = summary({
      status: "claimed",
      claimedBy: "Carla",
      waitingMinutes: 90,
      reminderAt: undefined,
    });
    expect(waitingText(claimed, now, nl)).toBe("opgepakt na 1 uur");
    expect(waitingText(claimed, now, en)).toBe("picked up after 1 hour");
  });

  it("should show a suppressed cell as '< minCell'", () => {
    expect(cellText("suppressed", 5, nl)).toBe("< 5");
    expect(cellText(0, 5, nl)).toBe("0");
    expect(cellText(12, 10, nl)).toBe("12");
  });

  it("should label the keys of the statistics tables in words", () => {
    expect(rowLabel("casesByOutcome", "CONSULT", nl)).toBe("Overleggen");
    expect(rowLabel("casesByOutcome", "NONE", nl)).toBe("Geen check");
    expect(rowLabel("casesByDepartment", "burgerzaken", nl)).toBe("Burgerzaken");
    expect(rowLabel("casesByForm", "labour", nl)).toBe("arbeidsuitbuiting");
    expect(rowLabel("casesByForm", "unknown", nl)).toBe("niet bekend");
    expect(rowLabel("caseReferrals", "veilig-thuis", nl)).toBe("Veilig Thuis");
    expect(bucketLabel("claimHours", "4", nl)).toBe("≤ 4 uur");
    expect(bucketLabel("closeDays", "1", nl)).toBe("≤ 1 dag");
    expect(bucketLabel("closeDays", "more", nl)).toBe("langer");
    const labels = { signals: { excessive_hours: { nl: "Zeer lange werkdagen", en: "Very long days" } } };
    expect(rowLabel("caseSignals", "excessive_hours", nl, labels)).toBe("Zeer lange werkdagen");
    expect(rowLabel("checkSignals", "unknown_signal_id", en, labels)).toBe("Unknown signal id");
    expect(humanize("alleen-locatie")).toBe("Alleen locatie");
  });

  it("should count months across a year boundary in Dutch time", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2025-12", -11)).toBe("2025-01");
    expect(currentMonth(Date.parse("2026-12-31T23:30:00Z"))).toBe("2027-01");
  });

  it("should check the same text limits as the case service", () => {
    expect(TEXT_LIMITS).toEqual({
      question: CASE_TEXT_LIMITS.question,
      note: CASE_TEXT_LIMITS.note,
      reason: CASE_TEXT_LIMITS.reason,
    });
  });
});
