/**
 * @module cli/chat-form
 * Fills a card's inputs in the terminal, one field per line, before a button is sent: choices are picked by
 * number, required fields are insisted on, a field's maxLength is enforced, and "stop" / "annuleer" cancels the
 * whole form so nothing is submitted. Talks through a small `FormIo`, so tests drive it without a terminal.
 */
import type { ChatTexts } from "./chat-texts.js";
import type { CardInput } from "./render-card.js";

/** How the form talks to the user: `ask` shows a prompt and resolves to the answer (undefined at end of input). */
export interface FormIo {
  ask(prompt: string): Promise<string | undefined>;
  say(line: string): void;
}

/** The values to submit with the button (as a card would send them), or the user cancelled. */
export type FormResult = { status: "filled"; values: Record<string, string> } | { status: "cancelled" };

type Node = Record<string, unknown>;

/** The input with this id anywhere in `source` (a card or activity), for what render-card does not keep. */
function findInput(source: unknown, id: string): Node | undefined {
  if (!source || typeof source !== "object") return undefined;
  const n = source as Node;
  if (typeof n.type === "string" && n.type.startsWith("Input.") && n.id === id) return n;
  for (const value of Object.values(n)) {
    const found = findInput(value, id);
    if (found) return found;
  }
  return undefined;
}

/**
 * Reads picks such as "1,3", "1 3" or "1 en 3" as choice values (numbers from 1); undefined when a part is not
 * a choice's number. An empty answer picks nothing.
 */
export function parsePicks(answer: string, choices: CardInput["choices"]): string[] | undefined {
  const parts = answer.split(/\s(?:en|and)\s|[\s,;]+/i).filter(Boolean);
  const values = parts.map((p) => (/^\d+$/.test(p) ? choices[Number(p) - 1]?.value : undefined));
  if (values.some((v) => v === undefined)) return undefined;
  return [...new Set(values as string[])];
}

/** A field's answer checked against the input: the value to send (none: leave the field out) or what is wrong. */
function checkAnswer(
  input: CardInput,
  answer: string,
  maxLength: number | undefined,
  texts: ChatTexts,
): { value?: string } | { error: string } {
  if (!answer)
    return input.value || !input.required ? { value: input.value } : { error: texts.requiredMissing };
  if (input.choices.length) {
    const picked = parsePicks(answer, input.choices);
    if (!picked) return { error: texts.badPick(input.choices.length) };
    if (!input.multi && picked.length !== 1) return { error: texts.oneOnly };
    return { value: picked.join(",") };
  }
  if (maxLength !== undefined && answer.length > maxLength)
    return { error: texts.tooLong(answer.length, maxLength) };
  return { value: answer };
}

/** The prompt of a field, with its limit, what empty means, and its current value in [ ]. */
function promptFor(input: CardInput, maxLength: number | undefined, texts: ChatTexts): string {
  const choices = input.choices;
  const current = choices.length
    ? (input.value ?? "")
        .split(",")
        .map((v) => choices.findIndex((c) => c.value === v) + 1)
        .filter((n) => n > 0)
        .join(",")
    : (input.value ?? "");
  const notes = [
    ...(maxLength !== undefined ? [texts.maxLength(maxLength)] : []),
    ...(input.multi && !current && !input.required ? [texts.emptyIsNone] : []),
  ];
  const question = choices.length ? (input.multi ? texts.pickSeveral : texts.pickOne) : input.label;
  return `${question}${notes.length ? ` (${notes.join(", ")})` : ""}${current ? ` [${current}]` : ""}: `;
}

/** A choice as listed: its number first, unless its title already starts with it (the check's "1. …"). */
function choiceLine(title: string, index: number): string {
  return title.startsWith(`${index + 1}.`) ? `    ${title}` : `    ${index + 1}. ${title}`;
}

/**
 * Asks for each input in turn and returns the values to submit: a multi-select as "a,b" (what Teams sends for
 * an Input.ChoiceSet with isMultiSelect); an empty answer keeps the card's value or leaves the field out.
 * `source` is the card (or activity) the inputs came from, for their maxLength and placeholder.
 */
export async function fillForm(
  inputs: readonly CardInput[],
  source: unknown,
  io: FormIo,
  texts: ChatTexts,
): Promise<FormResult> {
  if (inputs.length === 0) return { status: "filled", values: {} };
  io.say(texts.formHelp);
  const values: Record<string, string> = {};
  for (const input of inputs) {
    const node = findInput(source, input.id);
    const maxLength = typeof node?.maxLength === "number" ? node.maxLength : undefined;
    if (input.choices.length)
      io.say(`${input.label}:\n${input.choices.map((c, i) => choiceLine(c.title, i)).join("\n")}`);
    else if (typeof node?.placeholder === "string" && !input.label.startsWith(node.placeholder))
      io.say(`  (${node.placeholder})`);
    const prompt = promptFor(input, maxLength, texts);
    for (;;) {
      const typed = await io.ask(prompt);
      if (typed === undefined || texts.cancelWords.includes(typed.trim().toLowerCase()))
        return { status: "cancelled" };
      const checked = checkAnswer(input, typed.trim(), maxLength, texts);
      if ("error" in checked) {
        io.say(checked.error);
        continue;
      }
      if (checked.value !== undefined) values[input.id] = checked.value;
      break;
    }
  }
  return { status: "filled", values };
}
