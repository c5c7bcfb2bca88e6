import { fillForm, parsePicks, type FormIo } from "../../src/cli/chat-form.js";
import { chatTexts } from "../../src/cli/chat-texts.js";
import type { CardInput } from "../../src/cli/render-card.js";

const texts = chatTexts("nl-NL");

/** A FormIo that answers from a list and keeps everything said and asked, in order. */
function scripted(answers: string[]): FormIo & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    ask: (prompt) => {
      log.push(`? ${prompt}`);
      return Promise.resolve(answers.shift());
    },
    say: (line) => void log.push(line),
  };
}

const departments: CardInput = {
  id: "department",
  type: "Input.ChoiceSet",
  label: "Jouw afdeling (verplicht)",
  choices: [
    { title: "Wijkteam", value: "wijkteam" },
    { title: "Wmo", value: "wmo" },
  ],
  multi: false,
  required: true,
};
const description: CardInput = {
  id: "description",
  type: "Input.Text",
  label: "Wat heb je gezien? (verplicht)",
  choices: [],
  multi: false,
  required: true,
};
const card = {
  body: [{ type: "Input.Text", id: "description", maxLength: 10, placeholder: "Alleen feiten" }],
};

describe("chat-form", () => {
  it("should read picks by number, in any usual notation", () => {
    const choices = [
      { title: "1. A", value: "a" },
      { title: "2. B", value: "b" },
      { title: "3. C", value: "c" },
    ];
    expect(parsePicks("1,3", choices)).toEqual(["a", "c"]);
    expect(parsePicks("3 1", choices)).toEqual(["c", "a"]);
    expect(parsePicks("1 en 3", choices)).toEqual(["a", "c"]);
    expect(parsePicks("", choices)).toEqual([]);
    expect(parsePicks("4", choices)).toBeUndefined();
    expect(parsePicks("a", choices)).toBeUndefined();
  });

  it("should submit a multi-select as a comma-separated string of values", async () => {
    const multi: CardInput = {
      id: "optionIds",
      type: "Input.ChoiceSet",
      label: "Kies een of meer",
      choices: [
        { title: "1. Geen paspoort", value: "paspoort" },
        { title: "2. Woont op het werk", value: "wonen" },
        { title: "3. Schulden", value: "schuld" },
      ],
      multi: true,
      required: false,
    };
    const io = scripted(["1,3"]);
    expect(await fillForm([multi], {}, io, texts)).toEqual({
      status: "filled",
      values: { optionIds: "paspoort,schuld" },
    });
    expect(io.log).toContain(
      "Kies een of meer:\n    1. Geen paspoort\n    2. Woont op het werk\n    3. Schulden",
    );
    expect(io.log).toContain("? Nummers (bv. 1,3 of 1 3) (leeg = geen): ");
  });

  it("should cancel on stop or annuleer without returning any value", async () => {
    for (const word of ["stop", "Annuleer", " STOP "]) {
      const io = scripted(["iets gezien", word]);
      expect(await fillForm([description, departments], card, io, texts)).toEqual({ status: "cancelled" });
    }
    expect(await fillForm([description], card, scripted([]), texts)).toEqual({ status: "cancelled" });
  });

  it("should insist on required fields and enforce maxLength with a clear message", async () => {
    const io = scripted(["", "veel te lange tekst", "kort", "", "9", "2"]);
    expect(await fillForm([description, departments], card, io, texts)).toEqual({
      status: "filled",
      values: { description: "kort", department: "wmo" },
    });
    expect(io.log).toEqual([
      texts.formHelp,
      "  (Alleen feiten)",
      "? Wat heb je gezien? (verplicht) (max. 10 tekens): ",
      "Dit veld is verplicht. Vul het in, of typ stop om te annuleren.",
      "? Wat heb je gezien? (verplicht) (max. 10 tekens): ",
      "Te lang: 19 tekens, maximaal 10. Maak het korter, of typ stop om te annuleren.",
      "? Wat heb je gezien? (verplicht) (max. 10 tekens): ",
      "Jouw afdeling (verplicht):\n    1. Wijkteam\n    2. Wmo",
      "? Nummer: ",
      "Dit veld is verplicht. Vul het in, of typ stop om te annuleren.",
      "? Nummer: ",
      "Kies uit de nummers 1 tot en met 2, of typ stop om te annuleren.",
      "? Nummer: ",
    ]);
  });

  it("should keep a prefilled value on an empty answer and leave empty optional fields out", async () => {
    const place: CardInput = { ...description, id: "place", label: "Waar?", required: false };
    const io = scripted(["", ""]);
    expect(await fillForm([place, { ...departments, value: "wmo" }], {}, io, texts)).toEqual({
      status: "filled",
      values: { department: "wmo" },
    });
    expect(io.log).toContain("? Nummer [2]: ");
  });
});
