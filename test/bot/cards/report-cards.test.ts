import { cardElements, cardTexts } from "../../helpers/cards.js";
import {
  answerQuestionCard,
  reportFormCard,
  reportReceivedCard,
  reportSummaryCard,
} from "../../../src/bot/cards/report-cards.js";
import type { CaseRecord, ReportDraft } from "../../../src/cases/case-schema.js";
import { newCase } from "../../fixtures/cases/build.js";

const texts = (card: unknown) => cardTexts(card).join("\n");

const draft: ReportDraft = {
  description: "Acht mannen in een schuur.",
  place: "Industrieweg",
  seenAt: "maandag",
  department: "handhaving",
  contact: "via Teams",
};
const summary = { outcome: "ESCALATE" as const, reasons: ["Twee sterke signalen."] };
const record: CaseRecord = { ...newCase(), number: "MH-2026-0042" };

describe("reportFormCard", () => {
  it("should ask for description, place, time, department and contact, and submit to review", () => {
    const card = reportFormCard({}, summary, "nl");
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    const inputs = cardElements(card).filter((e) => String(e.type).startsWith("Input."));
    expect(inputs.map((i) => i.id)).toEqual(["description", "place", "seenAt", "department", "contact"]);
    expect(inputs[0]).toMatchObject({ isMultiline: true, maxLength: 2000 });
    expect(inputs[0]?.placeholder).toMatch(/feiten.*geen namen tenzij nodig/);
    const departments = (inputs[3]?.choices as Array<{ title: string; value: string }>).map((c) => c.title);
    expect(departments).toEqual([
      "Wijkteam",
      "Wmo",
      "Schuldhulp",
      "Handhaving",
      "Leerplicht",
      "Burgerzaken",
      "KCC",
      "Anders",
    ]);
    expect(texts(card)).toContain("Melden (vandaag)");
    expect(card.actions).toEqual([
      // The client checks the required fields before it sends.
      {
        type: "Action.Execute",
        title: "Controleren",
        verb: "report.review",
        data: {},
        associatedInputs: "auto",
      },
    ]);
  });

  it("should prefill the fields when the reporter edits", () => {
    const card = reportFormCard(draft, undefined, "en");
    const inputs = cardElements(card).filter((e) => String(e.type).startsWith("Input."));
    expect(inputs.map((i) => i.value)).toEqual([
      "Acht mannen in een schuur.",
      "Industrieweg",
      "maandag",
      "handhaving",
      "via Teams",
    ]);
  });
});

describe("reportSummaryCard", () => {
  it("should show the draft and offer send, edit and cancel carrying only the request id", () => {
    const card = reportSummaryCard(draft, summary, "nl", "req-1");
    expect(texts(card)).toContain("Acht mannen in een schuur.");
    expect(card.actions?.map((a) => [a.title, a.verb, a.data])).toEqual([
      ["Versturen", "report.submit", { requestId: "req-1" }],
      ["Aanpassen", "report.edit", { requestId: "req-1" }],
      ["Annuleren", "report.cancel", { requestId: "req-1" }],
    ]);
  });
});

describe("reportReceivedCard", () => {
  it("should give the case number and remind of 112 only for urgent cases", () => {
    expect(texts(reportReceivedCard(record, "nl"))).toContain("Melding ontvangen: MH-2026-0042");
    expect(texts(reportReceivedCard(record, "nl"))).not.toContain("112");
    expect(texts(reportReceivedCard({ ...record, urgent: true }, "nl"))).toContain("Bel 112");
  });
});

describe("answerQuestionCard", () => {
  it("should show the question and send the answer with case and question id", () => {
    const question = {
      id: "8d5e1f2a-1111-4222-8333-444455556666",
      text: "Hoeveel mensen?",
      askedBy: { id: "coord-1", name: "Coby" },
      askedAt: "2026-03-02T10:00:00.000Z",
    };
    const card = answerQuestionCard(record, question, "nl");
    expect(texts(card)).toContain("Hoeveel mensen?");
    expect(cardElements(card).find((e) => e.type === "Input.Text")).toMatchObject({
      id: "answer",
      maxLength: 2000,
    });
    expect(card.actions).toEqual([
      {
        type: "Action.Execute",
        title: "Versturen",
        verb: "case.answer",
        data: { caseId: record.id, questionId: question.id },
        associatedInputs: "auto",
      },
    ]);
  });
});
