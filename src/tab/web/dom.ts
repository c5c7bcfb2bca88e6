/**
 * @module tab/web/dom
 * A tiny element builder: every text goes in as a text node (never as HTML), so nothing a reporter typed can
 * become markup, and no inline handler or style attribute is ever written (the page's CSP refuses them).
 */

/** A child of `h`: nodes and texts; `null`, `undefined` and `false` are skipped, arrays are flattened. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Attributes of `h`: strings are set as given, `true` as an empty attribute, `on<event>` functions listen. */
export type Props = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Builds an element: `h("button", { type: "button", onclick: go }, "Terug")`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children to `parent` (see `Child`). */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child as readonly Child[]);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** Moves focus to `el` (a heading gets `tabindex=-1` for it), so screen readers announce the new view. */
export function focusHeading(el: HTMLElement): void {
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus();
}

let idCounter = 0;
/** A document-unique id with a readable prefix, for label and aria references. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
