import { renderActivity, renderCard } from "../../src/cli/render-card.js";

describe("render-card", () => {
  it("should render title, text, facts, inputs and numbered buttons", () => {
    const card = {
      type: "AdaptiveCard",
      body: [
        { type: "TextBlock", text: "Titel", weight: "Bolder" },
        { type: "TextBlock", text: "Uitleg" },
        { type: "FactSet", facts: [{ title: "Nummer", value: "MH-2026-0001" }] },
        { type: "Container", items: [{ type: "Input.Text", id: "note", label: "Notitie" }] },
        {
          type: "Input.ChoiceSet",
          id: "to",
          label: "Naar",
          choices: [
            { title: "Politie", value: "politie" },
            { title: "Veilig Thuis", value: "veilig-thuis" },
          ],
        },
      ],
      actions: [
        { type: "Action.Execute", title: "Versturen", verb: "case.refer", data: { caseId: "c1" } },
        { type: "Action.OpenUrl", title: "Bron", url: "https://www.comensha.nl/" },
      ],
    };
    const r = renderCard(card);
    expect(r.lines).toEqual([
      "== Titel ==",
      "Uitleg",
      "- Nummer: MH-2026-0001",
      "[invoer] Notitie",
      "[invoer] Naar: Politie / Veilig Thuis",
    ]);
    expect(r.actions[0]).toMatchObject({ verb: "case.refer", data: { caseId: "c1" } });
    expect(r.actions[0]?.inputs.map((i) => i.id)).toEqual(["note", "to"]);
    expect(r.actions.map((a) => [a.title, a.type])).toEqual([
      ["Versturen", "Action.Execute"],
      ["Bron", "Action.OpenUrl"],
    ]);
  });

  it("should render text messages with suggested actions", () => {
    const r = renderActivity({
      type: "message",
      text: "Kies",
      suggestedActions: { actions: [{ type: "imBack", title: "Ja", value: "ja" }] },
    });
    expect(r.lines).toEqual(["Kies"]);
    expect(r.actions).toEqual([{ title: "Ja", type: "imBack", value: "ja", inputs: [] }]);
  });

  it("should survive odd cards without crashing", () => {
    expect(renderCard({ body: "nope", actions: [null, 3] }).lines).toEqual([]);
  });
});
