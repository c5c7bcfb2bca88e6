/**
 * @module bot/cards/adaptive
 * Small typed helpers for Adaptive Card JSON (schema 1.5, Universal Actions). Card builders elsewhere return
 * plain objects; these keep the common pieces uniform.
 */

/** An Adaptive Card element or action as plain JSON. */
export type CardElement = Record<string, unknown>;

/** An Adaptive Card (version 1.5) as plain JSON. */
export interface AdaptiveCard {
  type: "AdaptiveCard";
  version: string;
  body: CardElement[];
  actions?: CardElement[];
  [extra: string]: unknown;
}

/** Wraps body and actions into a 1.5 card. */
export function card(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return { type: "AdaptiveCard", version: "1.5", body, ...(actions.length ? { actions } : {}) };
}

/** A wrapping text block; `style` picks heading or subtle looks. */
export function textBlock(text: string, style: "heading" | "subtle" | "normal" = "normal"): CardElement {
  return {
    type: "TextBlock",
    text,
    wrap: true,
    ...(style === "heading" ? { size: "Medium", weight: "Bolder" } : {}),
    ...(style === "subtle" ? { isSubtle: true, size: "Small" } : {}),
  };
}

/** A fact set from label/value pairs. */
export function factSet(facts: ReadonlyArray<readonly [string, string]>): CardElement {
  return { type: "FactSet", facts: facts.map(([title, value]) => ({ title, value })) };
}

/** The Bot Framework attachment that carries a card. */
export function cardAttachment(content: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: "application/vnd.microsoft.card.adaptive", content };
}

/** The longest button title Teams shows whole: action titles do not wrap, a longer one is clipped. */
export const MAX_BUTTON_TITLE = 40;

/** A container style that marks a band of the card (Teams draws each with its own background). */
export type BandStyle = "emphasis" | "accent" | "good" | "attention" | "warning";

/**
 * A coloured band: text in the default colour on a styled container. Coloured text (`color: "Attention"`, "Good",
 * "Warning") falls below WCAG AA contrast in Teams' light, dark or high-contrast theme, text on a styled container
 * passes in all three; the text itself must still say what the colour means.
 */
export function band(style: BandStyle, items: CardElement[]): CardElement {
  return { type: "Container", style, items };
}

/** Teams shows at most this many buttons in one row (host config `actions.maxActions`). */
export const MAX_ACTIONS_PER_ROW = 6;

/** Actions as ActionSets of at most MAX_ACTIONS_PER_ROW each, so none is hidden behind "more". */
function actionRows(actions: CardElement[]): CardElement[] {
  const rows: CardElement[] = [];
  for (let i = 0; i < actions.length; i += MAX_ACTIONS_PER_ROW)
    rows.push({ type: "ActionSet", actions: actions.slice(i, i + MAX_ACTIONS_PER_ROW) });
  return rows;
}

/**
 * Buttons whose titles may be long (topics, sources, practice cases). When every title fits they are ActionSets
 * (rows of at most six); otherwise the titles become a numbered, wrapping list and each button shows only its
 * number (the full title as tooltip), so nothing is clipped. The actions are kept as they are but for their title.
 */
export function buttonList(actions: CardElement[]): CardElement[] {
  if (actions.every((a) => String(a.title).length <= MAX_BUTTON_TITLE)) return actionRows(actions);
  return [
    textBlock(actions.map((a, i) => `${i + 1}. ${String(a.title)}`).join("\n")),
    ...actionRows(actions.map((a, i) => ({ ...a, title: String(i + 1), tooltip: a.title }))),
  ];
}
