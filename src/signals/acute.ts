/**
 * @module signals/acute
 * Detects messages that suggest danger NOW (violence, confinement, a weapon, serious injury, self-harm,
 * kidnapping, a child with adults, a plea to get out), in Dutch and English, so the bot can show the 112 card
 * before anything else. It runs over the compiled lexicon of `dialogs/acute.yaml` (see signals/acute-lexicon):
 * each cue lists danger words and short word groups that must occur close together in any order; longer words
 * also match with one typo. Recall matters more than precision: a false alarm costs a card, a miss can cost a
 * life. A cue is set aside only when the message is clearly not about now (a general or hypothetical question,
 * a training, a court case, or a clause clearly set in the past), and never when it also says "nu", "hier",
 * "right now" or similar.
 *
 * @example
 * const lexicon = await loadAcuteLexicon("dialogs/acute.yaml"); // once, at start-up
 * detectAcuteDanger(lexicon, "hij slaat haar nu"); // { acute: true, cues: ["violence"] }
 */
import { normaliseText } from "../text/normalise.js";
import { matchCueWord, type AcuteLexicon, type CompiledEntry } from "./acute-lexicon.js";

/** The result of the check: whether to show the 112 card, and the ids of the cues that matched (never the text). */
export interface AcuteCheck {
  acute: boolean;
  cues: string[];
}

interface Token {
  atoms: Set<number>;
  sentence: number;
  clause: number;
}

const SENTENCE_BREAK = /[.?!;]/;
const WORD_OR_BREAK = /[a-z0-9']+|[.?!;,:]/g;

function tokenise(lexicon: AcuteLexicon, normalised: string): { tokens: Token[]; clauses: string[] } {
  const tokens: Token[] = [];
  const clauses: string[] = [""];
  const words: string[] = [];
  let sentence = 0;
  for (const part of normalised.match(WORD_OR_BREAK) ?? []) {
    const clauseWord = lexicon.clauseWords.has(part);
    if (SENTENCE_BREAK.test(part) || part === "," || part === ":" || clauseWord) {
      if (SENTENCE_BREAK.test(part)) sentence++;
      if (clauses[clauses.length - 1] !== "") clauses.push("");
      // A clause word ("en", "maar") ends a clause but is still a word of the message.
      if (!clauseWord) continue;
    }
    const word = part.replace(/^'+|'+$/g, "");
    if (word === "") continue;
    const found = new Set<number>();
    matchCueWord(lexicon, word, found);
    tokens.push({ atoms: found, sentence, clause: clauses.length - 1 });
    words.push(word);
    clauses[clauses.length - 1] += ` ${word}`;
  }
  // A number in the age range next to an age word is a child's age ("meisje van 14", "she's 15").
  const { ageAtom, age } = lexicon;
  if (ageAtom !== undefined) {
    words.forEach((word, i) => {
      const n = /^\d{1,2}$/.test(word) ? Number(word) : NaN;
      if (!(n >= age.from && n <= age.to)) return;
      if (age.near.has(words[i - 1] ?? "") || age.near.has(words[i + 1] ?? "")) tokens[i]?.atoms.add(ageAtom);
    });
  }
  return { tokens, clauses: clauses.map((c) => c.trim()) };
}

/** Token positions where one entry matches (one atom of every slot within its window, same sentence). */
function matchEntry(
  lexicon: AcuteLexicon,
  entry: CompiledEntry,
  tokens: readonly Token[],
  where: ReadonlyMap<number, number[]>,
): number[] | undefined {
  const positions = entry.slots.map((slot) => slot.flatMap((id) => where.get(id) ?? []));
  if (positions.some((p) => p.length === 0)) return undefined;
  const window = entry.slots.length + lexicon.extraWords;
  for (const anchor of positions[0] ?? []) {
    const chosen = [anchor];
    const ok = positions.slice(1).every((list) => {
      const near = list.find(
        (p) =>
          !chosen.includes(p) &&
          Math.abs(p - anchor) <= window &&
          tokens[p]?.sentence === tokens[anchor]?.sentence,
      );
      if (near === undefined) return false;
      chosen.push(near);
      return true;
    });
    if (ok) return chosen;
  }
  return undefined;
}

/**
 * Checks a message for signs of danger now against a compiled lexicon. Returns `acute: true` with the ids of the
 * matching cues in lexicon order, or `acute: false` with no cues, also when cues were set aside as past events
 * or general questions. Pure and fast (word look-ups only), so it can run on every message before anything else.
 */
export function detectAcuteDanger(lexicon: AcuteLexicon, text: string): AcuteCheck {
  const normalised = normaliseText(text);
  // A bare "help" asks the bot for its help text; "help!" or "help me" still counts as a cry for help.
  if (lexicon.botHelp.test(normalised)) return { acute: false, cues: [] };
  const present = lexicon.now.test(normalised);
  if (
    !present &&
    (lexicon.generalQuestion.test(normalised) ||
      lexicon.conditionalQuestion.test(normalised) ||
      lexicon.notASituation.test(normalised))
  ) {
    return { acute: false, cues: [] };
  }
  const { tokens, clauses } = tokenise(lexicon, normalised);
  const clausePast = clauses.map((c) => lexicon.past.test(c) && !lexicon.now.test(c));

  const candidates = new Set<number>();
  const where = new Map<number, number[]>();
  tokens.forEach((token, i) => {
    for (const id of token.atoms) {
      const list = where.get(id);
      if (list === undefined) where.set(id, [i]);
      else list.push(i);
      for (const e of lexicon.entriesByAtom.get(id) ?? []) candidates.add(e);
    }
  });
  const found = new Set<string>();
  for (const index of candidates) {
    const entry = lexicon.entries[index];
    if (entry === undefined || found.has(entry.cue) || (entry.onlyNow && !present)) continue;
    const at = matchEntry(lexicon, entry, tokens, where);
    // Past and present are judged per clause, so "vroeger werd ze geslagen, nu woont ze alleen" is set aside
    // while "vorig jaar gevlucht, maar nu slaat hij haar weer" is not.
    if (at === undefined || at.every((p) => clausePast[tokens[p]?.clause ?? 0] === true)) continue;
    found.add(entry.cue);
  }
  // A combination of helper cues, e.g. a child with adults in a closed place; when it happens now, fewer suffice.
  const past = lexicon.past.test(normalised);
  for (const rule of lexicon.combined) {
    if (rule.all.every((c) => found.has(c)) && (present || !past)) found.add(rule.id);
    else if (present && rule.now.every((c) => found.has(c))) found.add(rule.id);
  }
  if (lexicon.cryForHelp.patterns.some((p) => p.test(normalised))) found.add(lexicon.cryForHelp.cue);
  const cues = lexicon.cueOrder.filter((c) => found.has(c) && !lexicon.helpers.has(c));
  return { acute: cues.length > 0, cues };
}
