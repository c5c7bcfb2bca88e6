import { cardButton, INPUTS, parseAction, ROUTES, VERBS } from "../../src/bot/actions.js";

describe("the card route map", () => {
  it("should parse a click into the route's data, with inputs under their names", () => {
    expect(
      parseAction("case.ask", { caseId: "c-1", question: "Wanneer precies?", extra: "dropped" }),
    ).toEqual({
      ok: true,
      verb: "case.ask",
      data: { caseId: "c-1", caseQuestion: "Wanneer precies?" },
    });
  });

  it("should read a multi-select's 'a,b' and a button's array as option ids, and an empty submit as none", () => {
    const parse = (optionIds: unknown) => parseAction("check.answer", { nodeId: "n", optionIds });
    expect(parse("a,b")).toMatchObject({ ok: true, data: { optionIds: ["a", "b"] } });
    expect(parse(["a"])).toMatchObject({ ok: true, data: { optionIds: ["a"] } });
    expect(parse(undefined)).toMatchObject({ ok: true, data: { optionIds: [] } });
  });

  it("should refuse unknown verbs and payloads no card could send", () => {
    expect(parseAction("nothing.here", {})).toMatchObject({ ok: false, reason: "unknown_verb" });
    expect(parseAction(7, {})).toMatchObject({ ok: false, reason: "unknown_verb" });
    expect(parseAction("case.claim", { caseId: 42 })).toMatchObject({ ok: false, reason: "bad_payload" });
    expect(parseAction("check.answer", {})).toMatchObject({ ok: false, reason: "bad_payload" });
    const huge = "x".repeat(INPUTS.caseQuestion.maxLength * 4 + 1);
    expect(parseAction("case.ask", { caseId: "c", question: huge })).toMatchObject({ ok: false });
  });

  it("should let too long text a client let through reach the handler, which says what is too long", () => {
    const long = "x".repeat(INPUTS.description.maxLength + 10);
    expect(parseAction("report.review", { description: long })).toMatchObject({
      ok: true,
      data: { description: long, place: "" },
    });
  });

  it("should build buttons whose data parses back under their own verb", () => {
    const button = cardButton("check.answer", "Ja", { nodeId: "leeftijd", optionIds: ["ja"] });
    expect(button.type).toBe("Action.Execute");
    expect(parseAction(button.verb, button.data)).toMatchObject({ ok: true, data: { optionIds: ["ja"] } });
    // A button that only posts messages is an Action.Submit: its verb travels in its data, as the bot reads it.
    const start = cardButton("check.start", "Start", { treeId: "algemeen" });
    expect(start.type).toBe("Action.Submit");
    const { verb, ...data } = start.data as Record<string, unknown>;
    expect(parseAction(verb, data)).toMatchObject({
      ok: true,
      verb: "check.start",
      data: { treeId: "algemeen" },
    });
    expect(cardButton("report.review", "Controleren", {}, { validate: true })).toMatchObject({
      associatedInputs: "auto",
    });
  });

  it("should give every input of a verb its own id", () => {
    for (const verb of VERBS) {
      const ids = ROUTES[verb].inputs.map((name) => INPUTS[name].id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
