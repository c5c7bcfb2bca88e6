/**
 * @module dialogs/match
 * Understands typed answers to a question: the option's number ("2", "1 en 3"), its label (typos allowed, by
 * the shared edit distance of text/fuzzy), ja / nee / weet ik niet, "geen" for none, in Dutch and English; and the typed
 * commands (terug, opnieuw, stop, overslaan, verder).
 */
import { inBothLangs } from "../i18n/index.js";
import { editDistance } from "../text/fuzzy.js";
import { normaliseText } from "../text/normalise.js";
import { AND_WORDS, COMMAND_WORDS, NO_WORDS, NONE_WORDS, UNKNOWN_WORDS, YES_WORDS } from "./texts.js";
import { NO_ID, UNKNOWN_OPTION_ID, YES_ID, type QuestionNode, type Text } from "./tree-schema.js";

/** A typed answer understood as options (empty: none of a multiple choice), as "weet ik niet", or not at all. */
export type AnswerMatch =
  { status: "answer"; optionIds: string[] } | { status: "unknown" } | { status: "no_match" };

/** A typed command during a check. */
export type Command = keyof typeof COMMAND_WORDS;

/** An option as offered to the user, numbered from 1; yes/no questions add "weet ik niet" as the third. */
export interface OfferedOption {
  id: string;
  label: Text;
}

/** The options of a question in the order shown (and numbered) to the user. */
export function offeredOptions(node: QuestionNode): OfferedOption[] {
  const options = node.options.map((o) => ({ id: o.id, label: o.label }));
  if (node.kind === "yesno")
    options.push({ id: UNKNOWN_OPTION_ID, label: inBothLangs((t) => t.dialogs.unknown) });
  return options;
}

/** The shared normal form (text/normalise), apostrophes removed, other punctuation but separators as spaces. */
export function normalise(text: string): string {
  return normaliseText(text)
    .replace(/'/g, "")
    .replace(/[^a-z0-9,;&+/ ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The command a whole message stands for, if it is one (exact words only, so answers are not mistaken). */
export function matchCommand(text: string): Command | undefined {
  const t = normalise(text)
    .replace(/[,;&+/]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  for (const [command, words] of Object.entries(COMMAND_WORDS) as [Command, readonly string[]][]) {
    if (words.includes(t)) return command;
  }
  return undefined;
}

/** Matches typed text against a question's options; see the module description for what is understood. */
export function matchAnswer(node: QuestionNode, text: string): AnswerMatch {
  const t = normalise(text);
  const bare = t
    .replace(/[,;&+/]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!bare) return { status: "no_match" };
  if (isWord(bare, UNKNOWN_WORDS)) return { status: "unknown" };
  if (node.kind === "yesno") {
    if (YES_WORDS.includes(bare)) return { status: "answer", optionIds: [YES_ID] };
    if (NO_WORDS.includes(bare)) return { status: "answer", optionIds: [NO_ID] };
  }
  if (node.kind === "multi" && NONE_WORDS.includes(bare)) return { status: "answer", optionIds: [] };
  if (node.kind !== "yesno") {
    // "nee" for the one option that starts with "Nee, ..." (and "ja" for "Ja, ..."); without such an option,
    // "nee" to a multiple choice ("Is er nu gevaar? Kies wat klopt") means none of these.
    const yesNo = YES_WORDS.includes(bare) ? "yes" : NO_WORDS.includes(bare) ? "no" : undefined;
    const byWord = yesNo && optionsStartingWith(offeredOptions(node), yesNo);
    if (byWord) return { status: "answer", optionIds: [byWord] };
    if (yesNo === "no" && node.kind === "multi") return { status: "answer", optionIds: [] };
  }

  const options = offeredOptions(node);
  const whole = matchPart(bare, options);
  let ids: string[];
  if (whole) {
    ids = [whole];
  } else {
    const parts = splitParts(t);
    if (node.kind !== "multi" && parts.length !== 1) return { status: "no_match" };
    const found = parts.map((p) => matchPart(p, options));
    if (found.length === 0 || found.some((f) => f === undefined)) return { status: "no_match" };
    ids = [...new Set(found as string[])];
  }
  if (ids.includes(UNKNOWN_OPTION_ID))
    return ids.length === 1 ? { status: "unknown" } : { status: "no_match" };
  if (node.kind !== "multi" && ids.length !== 1) return { status: "no_match" };
  return { status: "answer", optionIds: ids };
}

/** The only option whose label starts with a yes (or no) word, if exactly one does. */
function optionsStartingWith(options: readonly OfferedOption[], which: "yes" | "no"): string | undefined {
  const words = which === "yes" ? YES_WORDS : NO_WORDS;
  const starts = options.filter((o) =>
    [o.label.nl, o.label.en].some((label) => words.includes(normalise(label).split(/[ ,]/)[0] ?? "")),
  );
  return starts.length === 1 ? starts[0]?.id : undefined;
}

/** `text` is one of `words`, or (only when it is none of them) one typo from a long one. */
function isWord(text: string, words: readonly string[]): boolean {
  if (words.includes(text)) return true;
  return words.some((w) => w.length >= 6 && editDistance(text, w, 1) <= 1);
}

/** Splits "1, 3 en 4" / "1 and 3" / "1 3" into parts. */
function splitParts(text: string): string[] {
  const and = new RegExp(`\\s(?:${AND_WORDS.join("|")})\\s`, "g");
  const parts = text
    .replace(and, ",")
    .split(/[,;&+/]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return parts.flatMap((p) => (/^\d+( \d+)+$/.test(p) ? p.split(" ") : [p]));
}

/** One part: a number, or a label typed exactly, with typos, or as a distinctive piece. */
function matchPart(part: string, options: readonly OfferedOption[]): string | undefined {
  const number = /^(?:optie |option |nummer |nr |keuze |choice )?(\d+)$/.exec(part);
  if (number) return options[Number(number[1]) - 1]?.id;

  // A label's part before "(" is how people type it: "een persoon" for "Een persoon (of meer personen)".
  const labels = options.map((o) => ({
    id: o.id,
    texts: [
      ...new Set([o.label.nl, o.label.en].flatMap((l) => [normalise(l), normalise(l.split("(")[0] ?? l)])),
    ],
  }));
  const exact = labels.filter((l) => l.texts.includes(part));
  if (exact.length > 0) return unique(exact.map((l) => l.id));

  const scored = labels.map((l) => ({
    id: l.id,
    distance: Math.min(...l.texts.map((x) => editDistance(part, x) / Math.max(x.length, 1))),
  }));
  const best = Math.min(...scored.map((s) => s.distance));
  if (best <= 0.2 && part.length >= 3) {
    const winners = scored.filter((s) => s.distance === best);
    if (winners.length === 1) return winners[0]?.id;
  }
  if (part.length < 4) return undefined;

  const contains = labels.filter((l) => l.texts.some((x) => ` ${x} `.includes(` ${part} `)));
  if (contains.length > 0) return unique(contains.map((l) => l.id));

  if (part.includes(" ") && !/\d/.test(part)) {
    // Every typed word (typos allowed) occurs in the label of exactly one option.
    const words = part.split(" ").filter((w) => w.length >= 3 && !AND_WORDS.includes(w));
    const wordIn = (w: string, label: string) =>
      label.split(" ").some((x) => x === w || (w.length >= 5 && editDistance(w, x, 1) <= 1));
    const all = labels.filter(
      (l) => words.length > 0 && l.texts.some((x) => words.every((w) => wordIn(w, x))),
    );
    if (all.length > 0) return unique(all.map((l) => l.id));
  }
  if (!part.includes(" ") && part.length >= 5) {
    const limit = part.length >= 8 ? 2 : 1;
    const near = labels.filter((l) =>
      l.texts.some((x) => x.split(" ").some((w) => w.length >= 4 && editDistance(part, w, limit) <= limit)),
    );
    return unique(near.map((l) => l.id));
  }
  return undefined;
}

function unique(ids: readonly string[]): string | undefined {
  const set = new Set(ids);
  return set.size === 1 ? ids[0] : undefined;
}
