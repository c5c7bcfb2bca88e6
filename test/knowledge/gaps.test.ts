import { groupUnanswered } from "../../src/knowledge/gaps.js";

describe("gaps", () => {
  it("should group questions that differ only in case, accents and punctuation, most asked first", () => {
    const groups = groupUnanswered([
      {
        question: "Wat kost een paspoort?",
        at: "2026-11-01T10:00:00.000Z",
        candidates: ["signalen-burgerzaken"],
      },
      { question: "wie is de burgemeester", at: "2026-11-02T10:00:00.000Z", candidates: [] },
      { question: "wat kost een paspóórt", at: "2026-11-03T10:00:00.000Z", candidates: ["omvang"] },
    ]);
    expect(groups).toEqual([
      {
        question: "Wat kost een paspoort?",
        count: 2,
        lastAt: "2026-11-03T10:00:00.000Z",
        candidates: ["signalen-burgerzaken", "omvang"],
      },
      { question: "wie is de burgemeester", count: 1, lastAt: "2026-11-02T10:00:00.000Z", candidates: [] },
    ]);
  });

  it("should keep redaction tokens apart from other words", () => {
    const groups = groupUnanswered([
      { question: "mail [e-mail] over dit", at: "2026-11-01T10:00:00.000Z", candidates: [] },
      { question: "mail over dit", at: "2026-11-01T10:00:00.000Z", candidates: [] },
    ]);
    expect(groups).toHaveLength(2);
  });
});
