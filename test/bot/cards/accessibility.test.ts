import { buildAllCards, type NamedCard } from "../../helpers/all-cards.js";
import { cardElements, type Element } from "../../helpers/cards.js";
import { contrastRatio, requiredRatio, textContrasts } from "../../helpers/contrast.js";
import { TEAMS_HOST_CONFIGS, type ThemeName } from "../../fixtures/teams-host-configs.js";
import { MAX_BUTTON_TITLE } from "../../../src/bot/cards/adaptive.js";

const THEMES = Object.keys(TEAMS_HOST_CONFIGS) as ThemeName[];
/** Teams shows at most this many buttons in a row (host config actions.maxActions). */
const MAX_ACTIONS = 6;

let cards: NamedCard[];
beforeAll(async () => {
  cards = await buildAllCards();
});

/** The card and every ShowCard sub-card in it, each with its own body and actions. */
function cardsWithin(card: Element): Element[] {
  return [
    card,
    ...cardElements(card.actions).flatMap((a) => (a.type === "Action.ShowCard" ? [a.card as Element] : [])),
  ];
}

/** The buttons Teams draws (card and ActionSet actions, in sub-cards too), not a container's selectAction. */
function buttons(card: Element): Element[] {
  const sets = cardElements(card).filter((e) => e.type === "ActionSet" || e.type === "AdaptiveCard");
  return sets.flatMap((s) => (Array.isArray(s.actions) ? (s.actions as Element[]) : []));
}

describe("contrast", () => {
  it("should compute WCAG ratios, with alpha blended over the background", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    expect(contrastRatio("#00000000", "#ffffff")).toBeCloseTo(1, 5);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  it("should find coloured text on its own colour, as Teams draws it", () => {
    const heading = { type: "TextBlock", text: "Melden", color: "Warning", size: "Medium", weight: "Bolder" };
    const bad = { type: "AdaptiveCard", body: [{ type: "Container", style: "warning", items: [heading] }] };
    const [light] = textContrasts(bad, TEAMS_HOST_CONFIGS.light);
    expect(light).toMatchObject({ style: "warning", color: "warning", large: false });
    expect(light?.ratio).toBeCloseTo(1.18, 2);
    const inShowCard = { type: "Action.ShowCard", card: { type: "AdaptiveCard", body: [heading] } };
    expect(textContrasts({ actions: [inShowCard] }, TEAMS_HOST_CONFIGS.light)[0]?.style).toBe("emphasis");
  });

  it.each(THEMES)("should give every text in every card WCAG AA contrast in the Teams %s theme", (theme) => {
    const failures = cards.flatMap(({ name, card }) =>
      textContrasts(card, TEAMS_HOST_CONFIGS[theme])
        .filter((t) => t.ratio < requiredRatio(t))
        .map(
          (t) =>
            `${name}: "${t.text.slice(0, 40)}" ${t.color}${t.subtle ? " subtle" : ""} on ${t.style}: ${t.ratio.toFixed(2)}:1`,
        ),
    );
    expect(failures).toEqual([]);
  });
});

describe("required inputs", () => {
  it("should give every required input a label and an error message, and validate before sending", () => {
    const problems: string[] = [];
    for (const { name, card } of cards) {
      for (const sub of cardsWithin(card)) {
        const own = cardElements(sub.body);
        const required = own.filter((e) => String(e.type).startsWith("Input.") && e.isRequired === true);
        for (const input of required) {
          if (typeof input.label !== "string" || input.label === "")
            problems.push(`${name}: ${input.id} has no label`);
          if (typeof input.errorMessage !== "string" || input.errorMessage === "")
            problems.push(`${name}: ${input.id} has no errorMessage`);
        }
        if (required.length === 0) continue;
        const submits = [...own, ...((sub.actions as Element[] | undefined) ?? [])].filter(
          (e) => e.type === "Action.Execute" || e.type === "Action.Submit",
        );
        for (const action of submits)
          if (action.associatedInputs !== "auto")
            problems.push(`${name}: "${String(action.title)}" does not validate (associatedInputs "auto")`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("buttons", () => {
  it(`should keep every button title at most ${MAX_BUTTON_TITLE} characters, since Teams does not wrap them`, () => {
    const tooLong = cards.flatMap(({ name, card }) =>
      buttons(card)
        .filter((a) => String(a.title ?? "").length > MAX_BUTTON_TITLE)
        .map((a) => `${name}: "${String(a.title)}"`),
    );
    expect(tooLong).toEqual([]);
  });

  it(`should show at most ${MAX_ACTIONS} buttons in a row and wrap the choices of expanded choice sets`, () => {
    const problems = cards.flatMap(({ name, card }) => [
      ...cardElements(card)
        .filter((e) => (e.type === "ActionSet" || e.type === "AdaptiveCard") && Array.isArray(e.actions))
        .filter((e) => (e.actions as unknown[]).length > MAX_ACTIONS)
        .map((e) => `${name}: ${(e.actions as unknown[]).length} buttons in a row`),
      ...cardElements(card)
        .filter((e) => e.type === "Input.ChoiceSet" && e.style === "expanded" && e.wrap !== true)
        .map((e) => `${name}: choice set ${String(e.id)} does not wrap`),
    ]);
    expect(problems).toEqual([]);
  });
});
