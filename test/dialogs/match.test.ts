import { matchAnswer, matchCommand, normalise } from "../../src/dialogs/match.js";
import { ChoiceQuestion, YesNoQuestion, type QuestionNode } from "../../src/dialogs/tree-schema.js";

const single: QuestionNode = ChoiceQuestion.parse({
  id: "situatie",
  kind: "single",
  text: { nl: "Waar?", en: "Where?" },
  options: [
    { id: "huisbezoek", label: { nl: "Bij een huisbezoek", en: "On a home visit" } },
    { id: "balie", label: { nl: "Aan de balie", en: "At the counter" } },
    { id: "school", label: { nl: "Op of rond school", en: "At or around school" } },
  ],
  next: "x",
});
const multi: QuestionNode = ChoiceQuestion.parse({
  id: "signalen",
  kind: "multi",
  text: { nl: "Wat zag je?", en: "What did you see?" },
  options: [
    { id: "lang", label: { nl: "Lange dagen en weinig loon", en: "Long days and little pay" } },
    { id: "id", label: { nl: "Geen eigen paspoort", en: "No own passport" } },
    { id: "bang", label: { nl: "Is bang of nerveus", en: "Is afraid or nervous" } },
  ],
  next: "x",
});
const yesno: QuestionNode = YesNoQuestion.parse({
  id: "minder",
  kind: "yesno",
  text: { nl: "Jonger dan 18?", en: "Under 18?" },
  next: "x",
});

describe("matchAnswer", () => {
  it.each([
    ["2", ["balie"]],
    ["optie 3", ["school"]],
    ["aan de balie", ["balie"]],
    ["Aan de ballie", ["balie"]],
    ["huisbezok", ["huisbezoek"]],
    ["at the counter", ["balie"]],
  ])("should match %p to a single choice", (text, optionIds) => {
    expect(matchAnswer(single, text)).toEqual({ status: "answer", optionIds });
  });

  it.each([
    ["1 en 3", ["lang", "bang"]],
    ["1,3", ["lang", "bang"]],
    ["1, 2 and 3", ["lang", "id", "bang"]],
    ["1 3", ["lang", "bang"]],
    ["lange dagen en weinig loon", ["lang"]],
    ["paspoort, bang", ["id", "bang"]],
    ["geen", []],
    ["none", []],
  ])("should match %p to a multiple choice", (text, optionIds) => {
    expect(matchAnswer(multi, text)).toEqual({ status: "answer", optionIds });
  });

  it.each([
    ["ja", { status: "answer", optionIds: ["ja"] }],
    ["Yes!", { status: "answer", optionIds: ["ja"] }],
    ["nee", { status: "answer", optionIds: ["nee"] }],
    ["no", { status: "answer", optionIds: ["nee"] }],
    ["2", { status: "answer", optionIds: ["nee"] }],
    ["weet ik niet", { status: "unknown" }],
    ["weet niet", { status: "unknown" }],
    ["Geen idee", { status: "unknown" }],
    ["don't know", { status: "unknown" }],
    ["weet ik nie", { status: "unknown" }],
    ["3", { status: "unknown" }],
  ])("should match %p to a yes/no question", (text, expected) => {
    expect(matchAnswer(yesno, text)).toEqual(expected);
  });

  it.each([
    [single, "4"],
    [single, "1 en 2"],
    [single, "wat is mensenhandel"],
    [multi, "1 en 7"],
    [yesno, "misschien wel"],
    [single, "  "],
  ])("should not match unrelated or impossible text (%#)", (node, text) => {
    expect(matchAnswer(node, text)).toEqual({ status: "no_match" });
  });
});

describe("matchCommand", () => {
  it("should recognise commands as whole messages only", () => {
    expect(matchCommand("Terug")).toBe("back");
    expect(matchCommand("opnieuw!")).toBe("restart");
    expect(matchCommand("stop")).toBe("stop");
    expect(matchCommand("sla over")).toBe("skip");
    expect(matchCommand("verder")).toBe("continue");
    expect(matchCommand("ik wil terug naar de vorige vraag over werk")).toBeUndefined();
  });
});

describe("normalise", () => {
  it("should drop accents, case, apostrophes and punctuation", () => {
    expect(normalise("  Oké, DON'T   ideeën? ")).toBe("oke, dont ideeen");
  });
});

describe("matchAnswer with partial labels", () => {
  const node = {
    id: "q",
    kind: "single",
    text: { nl: "Wie?", en: "Who?" },
    options: [
      {
        id: "persoon",
        label: { nl: "Een persoon (of meer personen)", en: "A person (or several people)" },
        signals: [],
        facts: {},
        topics: [],
      },
      {
        id: "adres",
        label: { nl: "Alleen een adres of plek", en: "Only an address or place" },
        signals: [],
        facts: {},
        topics: [],
      },
    ],
  } as unknown as Parameters<typeof matchAnswer>[0];

  it.each([
    ["een persn", "persoon"],
    ["persoon", "persoon"],
    ["alleen adres", "adres"],
    ["een adress", "adres"],
  ])("should understand %p as %p", (text, id) => {
    expect(matchAnswer(node, text)).toEqual({ status: "answer", optionIds: [id] });
  });

  it("should not guess between two labels", () => {
    expect(matchAnswer(node, "een of").status).toBe("no_match");
  });
});

describe("yes and no words on a choice question", () => {
  const single: QuestionNode = {
    id: "nu",
    kind: "single",
    text: { nl: "Is het nu?", en: "Is it now?" },
    options: [
      { id: "ja-nu", label: { nl: "Ja, op dit moment", en: "Yes, right now" }, signals: [], next: "x" },
      {
        id: "nee-nu",
        label: { nl: "Nee, niet op dit moment", en: "No, not right now" },
        signals: [],
        next: "x",
      },
    ],
    topics: [],
  } as unknown as QuestionNode;
  const multi = {
    ...single,
    id: "gevaar",
    kind: "multi",
    options: single.options.slice(0, 1),
  } as QuestionNode;

  it("should take 'nee' as the one option that starts with Nee", () => {
    expect(matchAnswer(single, "nee")).toEqual({ status: "answer", optionIds: ["nee-nu"] });
    expect(matchAnswer(single, "Ja")).toEqual({ status: "answer", optionIds: ["ja-nu"] });
    expect(matchAnswer(single, "no")).toEqual({ status: "answer", optionIds: ["nee-nu"] });
  });

  it("should take 'nee' to a multiple choice without such an option as none of these", () => {
    expect(matchAnswer(multi, "nee")).toEqual({ status: "answer", optionIds: [] });
  });
});
