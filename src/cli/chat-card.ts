/**
 * @module cli/chat-card
 * The terminal chat's view of a card, on top of render-card: says in words what a graphical client shows by
 * layout (a prompt for an unlabelled input, a required mark, the row a button sits in), gives buttons letter
 * keys that cannot be mistaken for the numbers a card asks the user to type, and renders markdown emphasis.
 * Pure, so the CLI and its tests share it.
 */
import type { ChatTexts } from "./chat-texts.js";
import type { PickableAction } from "./render-card.js";

type Node = Record<string, unknown>;

function asNodes(value: unknown): Node[] {
  return Array.isArray(value) ? (value.filter((v) => v && typeof v === "object") as Node[]) : [];
}

/** The heading of a container's items: its first bold text block, else its first text block. */
function headingOf(items: Node[]): string | undefined {
  const blocks = items.filter((i) => i.type === "TextBlock" && typeof i.text === "string");
  return (blocks.find((b) => b.weight === "Bolder") ?? blocks[0])?.text as string | undefined;
}

/** Every button of a card with the heading of the container or column it sits in, in card order. */
function buttonsWithHeading(card: Node): Array<{ action: Node; heading?: string }> {
  const found: Array<{ action: Node; heading?: string }> = [];
  const walk = (elements: Node[], heading: string | undefined): void => {
    for (const el of elements) {
      if (el.type === "Container") walk(asNodes(el.items), headingOf(asNodes(el.items)) ?? heading);
      if (el.type === "ColumnSet")
        for (const col of asNodes(el.columns))
          walk(asNodes(col.items), headingOf(asNodes(col.items)) ?? heading);
      if (el.type === "ActionSet") for (const action of asNodes(el.actions)) found.push({ action, heading });
      if (el.selectAction && typeof el.selectAction === "object")
        found.push({ action: el.selectAction as Node, heading });
    }
  };
  walk(asNodes(card.body), undefined);
  for (const action of asNodes(card.actions)) found.push({ action });
  return found;
}

function labelInputs(node: unknown, texts: ChatTexts): void {
  if (Array.isArray(node)) return node.forEach((n) => labelInputs(n, texts));
  if (!node || typeof node !== "object") return;
  const n = node as Node;
  if (typeof n.type === "string" && n.type.startsWith("Input.") && typeof n.id === "string") {
    const generic =
      n.type !== "Input.ChoiceSet" ? texts.textLabel : n.isMultiSelect ? texts.severalLabel : texts.oneLabel;
    const label = String(n.label ?? n.placeholder ?? n.title ?? generic);
    n.label = n.isRequired === true ? `${label} (${texts.required})` : label;
  }
  // A ShowCard's card is prepared when it is opened; labelling it now too would mark it twice.
  for (const [key, value] of Object.entries(n)) if (key !== "card") labelInputs(value, texts);
}

/**
 * A copy of `card` ready for render-card: every input gets a label (a prompt instead of its raw id) marked
 * "(verplicht)" when required, and buttons that share a title get their container's heading ("Start — Signaalcheck
 * adres of plek"), so seven "Start" buttons can be told apart. The original is not changed.
 */
export function prepareCard(card: Node, texts: ChatTexts): Node {
  const copy = structuredClone(card);
  labelInputs(copy.body, texts);
  const buttons = buttonsWithHeading(copy);
  const count = new Map<unknown, number>();
  for (const { action } of buttons) count.set(action.title, (count.get(action.title) ?? 0) + 1);
  for (const { action, heading } of buttons)
    if (heading && (count.get(action.title) ?? 0) > 1) action.title = `${String(action.title)} — ${heading}`;
  return copy;
}

/** The key of the `index`-th button (from 0): a…z, then aa, ab… Letters, so they never look like an answer number. */
export function buttonKey(index: number): string {
  let key = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    key = String.fromCharCode(97 + ((n - 1) % 26)) + key;
  return key;
}

/** Button lines ("  [a] Start"), keyed from the `first`-th key on; links show their address. */
export function formatButtons(actions: readonly PickableAction[], first = 0): string[] {
  return actions.map(
    (a, i) => `  [${buttonKey(first + i)}] ${a.title}${a.type === "Action.OpenUrl" ? ` (${a.url})` : ""}`,
  );
}

const BOLD = /(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g;
const ITALIC = /(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])/g;

/**
 * Markdown `**bold**` and `_italic_` (or `*italic*`) as ANSI bold and italic when `ansi` (stdout is a terminal),
 * otherwise as plain text without the markers. Underscores inside words (snake_case, links) stay.
 */
export function styleMarkdown(text: string, ansi: boolean): string {
  return text
    .replace(BOLD, (_, _mark, inner: string) => (ansi ? `\x1b[1m${inner}\x1b[22m` : inner))
    .replace(ITALIC, (_, _mark, inner: string) => (ansi ? `\x1b[3m${inner}\x1b[23m` : inner));
}
