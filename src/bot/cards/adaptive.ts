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

/** A Universal Action button (`Action.Execute`) with a verb and small id-only data. */
export function executeAction(title: string, verb: string, data: Record<string, unknown> = {}): CardElement {
  return { type: "Action.Execute", title, verb, data };
}

/** A fact set from label/value pairs. */
export function factSet(facts: ReadonlyArray<readonly [string, string]>): CardElement {
  return { type: "FactSet", facts: facts.map(([title, value]) => ({ title, value })) };
}

/** The Bot Framework attachment that carries a card. */
export function cardAttachment(content: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: "application/vnd.microsoft.card.adaptive", content };
}
