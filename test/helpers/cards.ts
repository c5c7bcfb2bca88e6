/** Walking Adaptive Cards in tests: every element and action (with show-card sub-cards), depth first. */

/** A card element or action as plain JSON. */
export type Element = Record<string, unknown>;

/** Every object with a `type` inside `node`, depth first, including show-card sub-cards. */
export function cardElements(node: unknown, out: Element[] = []): Element[] {
  if (Array.isArray(node)) node.forEach((n) => cardElements(n, out));
  else if (node && typeof node === "object") {
    const el = node as Element;
    if (typeof el.type === "string") out.push(el);
    for (const value of Object.values(el)) if (typeof value === "object") cardElements(value, out);
  }
  return out;
}

/** The texts of all TextBlocks, in order. */
export function cardTexts(node: unknown): string[] {
  return cardElements(node)
    .filter((e) => e.type === "TextBlock")
    .map((e) => String(e.text));
}

/**
 * All bot buttons, in order, as `{ type, title, verb, data }`: an Action.Execute as it is, an Action.Submit with
 * the verb taken out of its data (where the bot's buttons carry it).
 */
export function cardActions(node: unknown): Element[] {
  return cardElements(node).flatMap((e) => {
    if (e.type === "Action.Execute") return [e];
    if (e.type !== "Action.Submit") return [];
    const { verb, ...data } = (e.data ?? {}) as Record<string, unknown>;
    return [{ ...e, verb, data }];
  });
}
