/**
 * @module cli/render-card
 * Renders Adaptive Cards and suggested actions as terminal text: the title, text blocks, facts, inputs, and
 * numbered buttons the user picks by number. Pure, so the chat CLI and its tests share it.
 */

/** A button the terminal user can pick. */
export interface PickableAction {
  title: string;
  type: string;
  verb?: string;
  data?: Record<string, unknown>;
  url?: string;
  /** Inputs to ask for before sending (from the card the button belongs to). */
  inputs: CardInput[];
  /** For Action.ShowCard: the card it opens. */
  card?: Record<string, unknown>;
  /** For suggested actions (imBack): the text to send. */
  value?: string;
}

/** An input field of a card. */
export interface CardInput {
  id: string;
  type: string;
  label: string;
  choices: Array<{ title: string; value: string }>;
  multi: boolean;
  value?: string;
  required: boolean;
}

/** Rendered lines plus the actions, numbered from `startAt`. */
export interface Rendered {
  lines: string[];
  actions: PickableAction[];
}

type Node = Record<string, unknown>;

function asNodes(value: unknown): Node[] {
  return Array.isArray(value) ? (value.filter((v) => v && typeof v === "object") as Node[]) : [];
}

function collectInputs(node: unknown, into: CardInput[]): void {
  if (Array.isArray(node)) return node.forEach((n) => collectInputs(n, into));
  if (!node || typeof node !== "object") return;
  const n = node as Node;
  if (typeof n.type === "string" && n.type.startsWith("Input.") && typeof n.id === "string") {
    into.push({
      id: n.id,
      type: n.type,
      label: String(n.label ?? n.placeholder ?? n.title ?? n.id),
      choices: asNodes(n.choices).map((c) => ({ title: String(c.title), value: String(c.value) })),
      multi: n.isMultiSelect === true,
      value: typeof n.value === "string" ? n.value : undefined,
      required: n.isRequired === true,
    });
  }
  for (const [key, value] of Object.entries(n))
    if (key !== "actions" && key !== "card") collectInputs(value, into);
}

/** Renders one card; its Action.Execute/Submit buttons carry the card's inputs. */
export function renderCard(cardJson: Node, indent = ""): Rendered {
  const lines: string[] = [];
  const actions: PickableAction[] = [];
  const inputs: CardInput[] = [];
  collectInputs(cardJson.body, inputs);
  const toAction = (a: Node): PickableAction => ({
    title: String(a.title ?? "?"),
    type: String(a.type),
    verb: typeof a.verb === "string" ? a.verb : undefined,
    data: (a.data ?? {}) as Record<string, unknown>,
    url: typeof a.url === "string" ? a.url : undefined,
    inputs,
    card: a.type === "Action.ShowCard" ? (a.card as Node) : undefined,
  });
  const walk = (elements: Node[], depth: number): void => {
    for (const el of elements) {
      const pad = indent + "  ".repeat(depth);
      switch (el.type) {
        case "TextBlock": {
          const text = String(el.text ?? "");
          lines.push(pad + (el.weight === "Bolder" ? `== ${text} ==` : text));
          break;
        }
        case "RichTextBlock":
          lines.push(
            pad +
              asNodes(el.inlines)
                .map((i) => String(i.text ?? ""))
                .join(""),
          );
          break;
        case "FactSet":
          for (const f of asNodes(el.facts)) lines.push(`${pad}- ${String(f.title)}: ${String(f.value)}`);
          break;
        case "Container":
          walk(asNodes(el.items), depth);
          break;
        case "ColumnSet":
          for (const col of asNodes(el.columns)) walk(asNodes(col.items), depth);
          break;
        case "ActionSet":
          actions.push(...asNodes(el.actions).map(toAction));
          break;
        default:
          if (typeof el.type === "string" && el.type.startsWith("Input.")) {
            const choices = asNodes(el.choices)
              .map((c) => String(c.title))
              .join(" / ");
            lines.push(
              `${pad}[invoer] ${String(el.label ?? el.placeholder ?? el.id)}${choices ? `: ${choices}` : ""}`,
            );
          }
      }
      if (el.selectAction && typeof el.selectAction === "object")
        actions.push(toAction(el.selectAction as Node));
    }
  };
  walk(asNodes(cardJson.body), 0);
  actions.push(...asNodes(cardJson.actions).map(toAction));
  return { lines, actions };
}

/** Renders one bot activity (text, cards, suggested actions). */
export function renderActivity(activity: Node): Rendered {
  const lines: string[] = [];
  const actions: PickableAction[] = [];
  if (typeof activity.text === "string" && activity.text) lines.push(activity.text);
  for (const attachment of asNodes(activity.attachments)) {
    if (attachment.contentType === "application/vnd.microsoft.card.adaptive") {
      const r = renderCard(attachment.content as Node);
      lines.push(...r.lines);
      actions.push(...r.actions);
    }
  }
  const suggested = (activity.suggestedActions as Node | undefined)?.actions;
  for (const a of asNodes(suggested)) {
    actions.push({
      title: String(a.title),
      type: String(a.type),
      value: String(a.value ?? a.title),
      inputs: [],
    });
  }
  return { lines, actions };
}
