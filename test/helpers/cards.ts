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

/** All Action.Execute buttons, in order. */
export function executeActions(node: unknown): Element[] {
  return cardElements(node).filter((e) => e.type === "Action.Execute");
}
