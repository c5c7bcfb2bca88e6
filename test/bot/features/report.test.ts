import { reportFeature } from "../../../src/bot/features/report.js";
import type { CaseRecord } from "../../../src/cases/case-schema.js";
import { coordinator, serviceFixture } from "../../fixtures/cases/service.js";
import { actionsOf, cardsOf, invokeBody, visibleText } from "../../harness/replies.js";
import { cardElements, cardTexts } from "../../helpers/cards.js";
import {
  atCard,
  cardTitles,
  featureBot,
  inChannel,
  INVALID_INPUT,
  messagesOf,
  personal,
  PERSONAL_ONLY,
  said,
  seedData,
  silentLogger,
  welcomed,
  type Person,
} from "./setup.js";

type Fixture = Awaited<ReturnType<typeof serviceFixture>>;

const NO_DRAFT = "Er is geen melding meer om te versturen. Typ **melden** om opnieuw te beginnen.";
const FORM_TITLE = "Melden bij het aanspreekpunt mensenhandel";
const FIELDS = {
  description: "Acht mannen wonen in een schuur naast het bedrijf.",
  place: "Industrieweg",
  seenAt: "maandag ochtend",
  department: "wijkteam",
  contact: "via Teams",
};
/** What a finished signal check leaves in the conversation (see check's LastResult). */
const LAST_RESULT = {
  treeId: "arbeidsuitbuiting",
  assessment: {
    outcome: "ESCALATE",
    rule: "escalate-two-strong",
    signals: ["no-own-passport", "debt-to-employer"],
    reasons: {
      nl: ["Twee sterke signalen van arbeidsuitbuiting."],
      en: ["Two strong signals of labour exploitation."],
    },
  },
  facts: { form: "labour" },
  finishedAt: "2026-03-02T08:55:00.000Z",
};

let f: Fixture;
beforeEach(async () => {
  f = await serviceFixture();
});
afterEach(() => f.cleanup());

function reportBot() {
  return featureBot({
    features: [reportFeature({ cases: f.service, logger: silentLogger() })],
    clock: () => f.clock.now(),
  });
}

const inputsOf = (node: unknown) =>
  cardElements(node)
    .filter((e) => String(e.type).startsWith("Input."))
    .map((e) => [e.id, e.value]);

/** Sends the open form with FIELDS and confirms the summary (test/harness/escalation's, over TestAdapter). */
async function reviewAndSubmit(chat: ReturnType<typeof reportBot>["chat"], person: Person) {
  const summary = await chat.click(person, "report.review", FIELDS);
  const send = actionsOf(summary).find((a) => a.verb === "report.submit");
  if (!send) throw new Error(`no Versturen button in: ${visibleText(summary)}`);
  const receipt = await chat.click(person, "report.submit", send.data);
  return { summary, receipt, requestId: String(send.data.requestId) };
}

const onlyCase = async (person: Person): Promise<CaseRecord> => {
  const cases = await f.service.listForReporter(person.id);
  expect(cases).toHaveLength(1);
  return cases[0]!;
};

describe("report feature", () => {
  describe("writing and sending a report", () => {
    it("should open an empty form on 'melden' with one button to review it", async () => {
      const { chat } = reportBot();
      const tess = await welcomed(chat, personal("Tess"));
      const replies = await chat.say(tess, "melden");
      const [form] = cardsOf(replies);
      expect(cardTexts(form).slice(0, 2)).toEqual([
        FORM_TITLE,
        "Geef alleen door wat het aanspreekpunt nodig heeft. Het aanspreekpunt neemt contact met je op.",
      ]);
      expect(visibleText(replies)).not.toContain("Uitkomst van je signaalcheck");
      expect(inputsOf(form)).toEqual([
        ["description", undefined],
        ["place", undefined],
        ["seenAt", undefined],
        ["department", undefined],
        ["contact", undefined],
      ]);
      expect(actionsOf(replies)).toEqual([{ title: "Controleren", verb: "report.review", data: {} }]);
    });

    it("should show a summary to confirm, send it once as a case, and list it under 'mijn meldingen'", async () => {
      const { chat } = reportBot();
      const tess = await welcomed(chat, personal("Tess"));
      await chat.say(tess, "melden");
      const { summary, receipt, requestId } = await reviewAndSubmit(chat, tess);
      expect(cardTitles(summary)).toEqual(["Klopt dit?"]);
      const shown = visibleText(summary);
      expect(shown).toContain(FIELDS.description);
      expect(shown).toContain("Waar? (wijk of adres, wat jij kiest): Industrieweg");
      expect(shown).toContain("Jouw afdeling: Wijkteam");
      expect(actionsOf(summary).map((a) => [a.title, a.verb, a.data.requestId])).toEqual([
        ["Versturen", "report.submit", requestId],
        ["Aanpassen", "report.edit", requestId],
        ["Annuleren", "report.cancel", requestId],
      ]);
      // The receipt takes the summary's place, so its Versturen button is gone.
      expect(invokeBody(receipt).type).toBe("application/vnd.microsoft.card.adaptive");
      expect(messagesOf(receipt)).toEqual([]);
      expect(cardTexts(cardsOf(receipt)[0])).toEqual([
        "Melding ontvangen: MH-2026-0001",
        "Je melding is opgeslagen en gaat naar het aanspreekpunt mensenhandel. Je hoort in deze chat wat ermee gebeurt. Typ **mijn meldingen** voor een overzicht.",
        "2 mrt 2026, 10:00",
      ]);
      expect(await onlyCase(tess)).toMatchObject({
        number: "MH-2026-0001",
        outcome: "NONE",
        urgent: false,
        description: FIELDS.description,
        reporter: {
          userId: tess.id,
          name: "Tess",
          conversationId: tess.conversation.id,
          department: "wijkteam",
        },
      });
      const twice = await chat.click(tess, "report.submit", { requestId });
      expect(said(twice)).toEqual(["Deze melding was al verstuurd als MH-2026-0001."]);
      await onlyCase(tess);
      expect(visibleText(await chat.say(tess, "mijn meldingen"))).toBe(
        "Mijn meldingen\nMH-2026-0001: 2 mrt 2026, 10:00 · ontvangen",
      );
    });

    it("should keep a report started from the 112 card urgent, also after editing it", async () => {
      const { chat } = reportBot();
      const tess = personal("Tess");
      expect(cardTitles(await chat.click(tess, "report.start", { urgent: true }))).toEqual([FORM_TITLE]);
      const first = await chat.click(tess, "report.review", FIELDS);
      const edit = actionsOf(first).find((a) => a.verb === "report.edit")!;
      await chat.click(tess, "report.edit", edit.data);
      const { receipt } = await reviewAndSubmit(chat, tess);
      expect(visibleText(receipt)).toContain("Je melding is als spoed gemarkeerd. Is er nu gevaar? Bel 112.");
      expect((await onlyCase(tess)).urgent).toBe(true);
    });

    it("should carry the finished check's advice on the form, the summary and the case, then forget it", async () => {
      const { chat, kv } = reportBot();
      const tess = personal("Tess");
      await seedData(kv, tess, { lastResult: LAST_RESULT });
      const form = await chat.click(tess, "report.start", { fromCheck: true });
      const advice = [
        "**Uitkomst van je signaalcheck:** Melden (vandaag)",
        "- Twee sterke signalen van arbeidsuitbuiting.",
      ];
      expect(cardTexts(cardsOf(form)[0]).slice(2, 4)).toEqual(advice);
      const { summary } = await reviewAndSubmit(chat, tess);
      expect(cardTexts(cardsOf(summary)[0]).slice(2, 4)).toEqual(advice);
      expect(await onlyCase(tess)).toMatchObject({
        outcome: "ESCALATE",
        rule: "escalate-two-strong",
        signals: ["no-own-passport", "debt-to-employer"],
        reasons: ["Twee sterke signalen van arbeidsuitbuiting."],
      });
      expect(visibleText(await chat.click(tess, "report.start", {}))).not.toContain(
        "Uitkomst van je signaalcheck",
      );
    });

    it("should bring a form that does not pass back in place, with what was typed and what is wrong", async () => {
      const { chat } = reportBot();
      const tess = await welcomed(chat, personal("Tess"));
      await chat.say(tess, "melden");
      const replies = await chat.click(tess, "report.review", {
        description: "x".repeat(2001),
        place: "Noord",
        department: "",
      });
      expect(messagesOf(replies)).toEqual([]);
      const form = invokeBody(replies).value;
      expect(cardTexts(form).slice(0, 2)).toEqual([
        "Er ontbreekt iets of iets is te lang: wat je zag, afdeling. Vul het formulier opnieuw in.",
        FORM_TITLE,
      ]);
      expect(inputsOf(form)).toEqual([
        ["description", "x".repeat(2000)],
        ["place", "Noord"],
        ["seenAt", undefined],
        ["department", undefined],
        ["contact", undefined],
      ]);
      // The rest of the flow is untouched: the corrected form goes on to the summary and is sent.
      const { receipt } = await reviewAndSubmit(chat, tess);
      expect(cardTitles(receipt)).toEqual(["Melding ontvangen: MH-2026-0001"]);
    });

    it("should reopen the form with the draft on Aanpassen, after which the old Versturen no longer sends", async () => {
      const { chat } = reportBot();
      const tess = personal("Tess");
      await chat.click(tess, "report.start", {});
      const summary = await chat.click(tess, "report.review", FIELDS);
      const send = actionsOf(summary).find((a) => a.verb === "report.submit")!;
      const edit = await chat.click(tess, "report.edit", { requestId: send.data.requestId });
      expect(inputsOf(cardsOf(edit)[0])).toEqual([
        ["description", FIELDS.description],
        ["place", FIELDS.place],
        ["seenAt", FIELDS.seenAt],
        ["department", FIELDS.department],
        ["contact", FIELDS.contact],
      ]);
      expect(said(await chat.click(tess, "report.submit", send.data))).toEqual([NO_DRAFT]);
      expect(await f.service.listForReporter(tess.id)).toEqual([]);
    });

    it("should cancel a report so that nothing is sent", async () => {
      const { chat } = reportBot();
      const tess = personal("Tess");
      await chat.click(tess, "report.start", {});
      const summary = await chat.click(tess, "report.review", FIELDS);
      const send = actionsOf(summary).find((a) => a.verb === "report.submit")!;
      expect(atCard(await chat.click(tess, "report.cancel", send.data))).toEqual([
        "De melding is geannuleerd. Er is niets verstuurd.",
      ]);
      expect(said(await chat.click(tess, "report.submit", send.data))).toEqual([NO_DRAFT]);
      expect(await f.service.listForReporter(tess.id)).toEqual([]);
    });

    it("should refuse Versturen without a draft, and say there are no reports yet", async () => {
      const { chat } = reportBot();
      const tess = await welcomed(chat, personal("Tess"));
      expect(said(await chat.click(tess, "report.submit", { requestId: "nooit-gezien" }))).toEqual([
        NO_DRAFT,
      ]);
      expect(visibleText(await chat.say(tess, "mijn meldingen"))).toBe(
        "Mijn meldingen\nJe hebt nog geen meldingen gedaan.",
      );
    });
  });

  describe("answering a coordinator's question", () => {
    async function withQuestion() {
      const made = reportBot();
      const tess = personal("Tess");
      await made.chat.click(tess, "report.start", {});
      await reviewAndSubmit(made.chat, tess);
      const record = await onlyCase(tess);
      const asked = await f.service.askMore(record.id, coordinator, "Welke straat precies?");
      if (asked.status !== "ok") throw new Error(`ask failed: ${asked.status}`);
      const question = { caseId: record.id, questionId: asked.case.questions[0]!.id };
      return { ...made, tess, question };
    }

    it("should pass the answer on once", async () => {
      const { chat, tess, question } = await withQuestion();
      const replies = await chat.click(tess, "case.answer", { ...question, answer: "De Dorpsstraat" });
      expect(atCard(replies)).toEqual(["Dank je. Je antwoord is doorgegeven aan het aanspreekpunt."]);
      expect((await onlyCase(tess)).questions[0]).toMatchObject({ answer: "De Dorpsstraat" });
      expect(atCard(await chat.click(tess, "case.answer", { ...question, answer: "Nog iets" }))).toEqual([
        "Deze vraag had je al beantwoord.",
      ]);
      expect((await onlyCase(tess)).questions[0]).toMatchObject({ answer: "De Dorpsstraat" });
    });

    it("should refuse an empty answer, someone else's answer and an answer to a closed report", async () => {
      const { chat, tess, question } = await withQuestion();
      expect(atCard(await chat.click(tess, "case.answer", { ...question, answer: "   " }))).toEqual([
        "Je antwoord is leeg of te lang (maximaal 2.000 tekens).",
      ]);
      expect(
        atCard(await chat.click(personal("Xander"), "case.answer", { ...question, answer: "Ik" })),
      ).toEqual(["Deze vraag is niet aan jou gesteld."]);
      await f.service.close(question.caseId, coordinator, "Afgehandeld");
      expect(atCard(await chat.click(tess, "case.answer", { ...question, answer: "Te laat" }))).toEqual([
        "Deze melding is al afgesloten; je antwoord is niet meer nodig.",
      ]);
      expect((await onlyCase(tess)).questions[0]?.answer).toBeUndefined();
    });
  });

  it("should refuse a payload no card could send, for every verb, and keep the draft", async () => {
    const { chat } = reportBot();
    const tess = personal("Tess");
    await chat.click(tess, "report.start", {});
    const bad: Array<[string, unknown]> = [
      ["report.start", { urgent: "ja" }],
      ["report.review", { ...FIELDS, description: "x".repeat(8001) }],
      ["report.submit", {}],
      ["report.edit", { requestId: 5 }],
      ["report.cancel", { requestId: "" }],
      ["case.answer", { caseId: "c1", answer: "zonder vraag" }],
    ];
    for (const [verb, data] of bad) {
      // A refused click is told in one line: at the card for an invoke, as the one message for a posted click.
      expect([verb, visibleText(await chat.click(tess, verb, data))]).toEqual([verb, INVALID_INPUT]);
    }
    const { receipt } = await reviewAndSubmit(chat, tess);
    expect(cardTitles(receipt)).toEqual(["Melding ontvangen: MH-2026-0001"]);
  });

  it("should keep typed reports and the list of reports out of a channel", async () => {
    const { chat } = reportBot();
    const tess = personal("Tess");
    await chat.click(tess, "report.start", {});
    await reviewAndSubmit(chat, tess);
    const member = inChannel(tess);
    for (const text of ["melden", "mijn meldingen"]) {
      const replies = await chat.say(member, text);
      expect(said(replies)).toEqual([[PERSONAL_ONLY]]);
      expect(visibleText(replies)).not.toContain("MH-2026-0001");
    }
  });

  it("should speak English to English Teams", async () => {
    const { chat, kv } = reportBot();
    const ann = await welcomed(chat, personal("Ann", { locale: "en-US" }));
    await seedData(kv, ann, { lastResult: LAST_RESULT });
    const form = await chat.say(ann, "report");
    expect(cardTexts(cardsOf(form)[0]).slice(0, 1)).toEqual(["Report to the trafficking contact point"]);
    expect(visibleText(form)).toContain("- Two strong signals of labour exploitation.");
    const wrong = await chat.click(ann, "report.review", { ...FIELDS, description: "" });
    expect(cardTexts(invokeBody(wrong).value)[0]).toBe(
      "Something is missing or too long: what you saw. Please fill in the form again.",
    );
    const { summary, receipt } = await reviewAndSubmit(chat, ann);
    expect(cardTitles(summary)).toEqual(["Is this correct?"]);
    expect(actionsOf(summary).map((a) => a.title)).toEqual(["Send", "Edit", "Cancel"]);
    expect(cardTitles(receipt)).toEqual(["Report received: MH-2026-0001"]);
    expect(visibleText(await chat.say(ann, "my reports"))).toBe(
      "My reports\nMH-2026-0001: 2 Mar 2026, 10:00 · received",
    );
    expect(atCard(await chat.click(ann, "report.cancel", {}))).toEqual([
      "The report has been cancelled. Nothing was sent.",
    ]);
  });

  it("should keep the report form out of a channel, also when a button opens it", async () => {
    const { chat } = reportBot();
    expect(said(await chat.click(inChannel(personal("Tess")), "report.start", {}))).toEqual([
      [PERSONAL_ONLY],
    ]);
  });

  it("should not let another member of a channel send someone's draft as their own", async () => {
    const { chat } = reportBot();
    const tess = inChannel(personal("Tess"));
    const xander = inChannel(personal("Xander"));
    await chat.click(tess, "report.start", {});
    const summary = await chat.click(tess, "report.review", FIELDS);
    expect(actionsOf(summary).find((a) => a.verb === "report.submit")).toBeUndefined();
    await chat.click(xander, "report.submit", { requestId: "guessed-request" });
    expect(await f.service.listForReporter(xander.id)).toEqual([]);
    expect(await f.service.listForReporter(tess.id)).toEqual([]);
  });
});
