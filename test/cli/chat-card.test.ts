import { buttonKey, formatButtons, prepareCard, styleMarkdown } from "../../src/cli/chat-card.js";
import { chatTexts } from "../../src/cli/chat-texts.js";
import { renderCard } from "../../src/cli/render-card.js";

const texts = chatTexts("nl-NL");

describe("chat-card", () => {
  it("should key buttons with letters, per list from the given start", () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(buttonKey)).toEqual(["a", "b", "z", "aa", "ab", "az", "ba"]);
    const actions = [
      { title: "Start", type: "Action.Execute", inputs: [] },
      { title: "Bron", type: "Action.OpenUrl", url: "https://www.comensha.nl/", inputs: [] },
    ];
    expect(formatButtons(actions)).toEqual(["  [a] Start", "  [b] Bron (https://www.comensha.nl/)"]);
    expect(formatButtons(actions, 7)).toEqual(["  [h] Start", "  [i] Bron (https://www.comensha.nl/)"]);
  });

  it("should name same-titled buttons after the container or column they sit in", () => {
    const tree = (title: string, treeId: string) => ({
      type: "Container",
      items: [
        { type: "TextBlock", text: `${title} uitleg`, isSubtle: true },
        { type: "TextBlock", text: title, weight: "Bolder" },
        {
          type: "ActionSet",
          actions: [{ type: "Action.Execute", title: "Start", verb: "check.start", data: { treeId } }],
        },
      ],
    });
    const card = {
      type: "AdaptiveCard",
      body: [
        { type: "TextBlock", text: "Welke signaalcheck wil je doen?" },
        tree("Signaalcheck (algemeen)", "algemeen"),
        tree("Belscript KCC", "kcc-belscript"),
        {
          type: "ColumnSet",
          columns: [
            {
              type: "Column",
              items: [
                { type: "TextBlock", text: "Adres of plek" },
                {
                  type: "ActionSet",
                  actions: [{ type: "Action.Execute", title: "Start", verb: "check.start" }],
                },
              ],
            },
          ],
        },
      ],
      actions: [{ type: "Action.Execute", title: "Help", verb: "help.show" }],
    };
    const rendered = renderCard(prepareCard(card, texts));
    expect(rendered.actions.map((a) => a.title)).toEqual([
      "Start — Signaalcheck (algemeen)",
      "Start — Belscript KCC",
      "Start — Adres of plek",
      "Help",
    ]);
    expect(rendered.actions[1]?.data).toEqual({ treeId: "kcc-belscript" });
    expect(card.body[1]).toMatchObject({ items: [{}, {}, { actions: [{ title: "Start" }] }] });
  });

  it("should give an unlabelled multi-select a prompt and mark required inputs", () => {
    const card = {
      type: "AdaptiveCard",
      body: [
        {
          type: "Input.ChoiceSet",
          id: "optionIds",
          isMultiSelect: true,
          choices: [
            { title: "1. Geen paspoort", value: "paspoort" },
            { title: "2. Woont op het werk", value: "wonen" },
          ],
        },
        {
          type: "Input.Text",
          id: "description",
          label: "Wat heb je gezien?",
          isRequired: true,
          maxLength: 20,
        },
      ],
    };
    const rendered = renderCard(prepareCard(card, texts));
    expect(rendered.lines).toEqual([
      "[invoer] Kies een of meer: 1. Geen paspoort / 2. Woont op het werk",
      "[invoer] Wat heb je gezien? (verplicht)",
    ]);
    expect(rendered.lines.join("\n")).not.toContain("optionIds");
  });

  it("should render markdown emphasis as ANSI on a terminal and as plain text otherwise", () => {
    const text = "Doe een **signaalcheck** of typ _help_; *let op* bij snake_case en 2 * 3 * 4";
    expect(styleMarkdown(text, false)).toBe(
      "Doe een signaalcheck of typ help; let op bij snake_case en 2 * 3 * 4",
    );
    expect(styleMarkdown(text, true)).toBe(
      "Doe een \x1b[1msignaalcheck\x1b[22m of typ \x1b[3mhelp\x1b[23m; \x1b[3mlet op\x1b[23m bij snake_case en 2 * 3 * 4",
    );
    expect(styleMarkdown("- punt een\n- **punt** twee", false)).toBe("- punt een\n- punt twee");
  });
});
