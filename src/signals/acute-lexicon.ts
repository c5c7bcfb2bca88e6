/**
 * @module signals/acute-lexicon
 * The acute-danger lexicon (`dialogs/acute.yaml`) as content: the cues per language, which cue words take a typo
 * and which real words are never read as one, what says "now" or "in the past", and the messages that are set
 * aside (general questions, trainings). The shape is checked by the schema of signals/acute-lexicon-schema, then
 * cross-checks run (ids, references, typo lists), and the file is compiled once at start-up into the look-up
 * tables `detectAcuteDanger` runs over. The format is described in docs/content-format.md.
 *
 * @example
 * ```yaml
 * cues:
 *   - id: weapon                          # the id is logged, never the text
 *     nl:
 *       - words: [mes, pistool, ...wapen]  # one word is enough; ...wapen: any word ending in "wapen"
 *       - together: [honkbal, knuppel...]  # all parts within a few words, any order
 * ```
 */
import { ContentError, type ContentIssue } from "../errors.js";
import { buildTypoVocabulary, findNearWords, type TypoVocabulary } from "../text/fuzzy.js";
import { AcuteLexiconFile, PHRASE_PLACEHOLDERS } from "./acute-lexicon-schema.js";
import { formatPath, readYamlContent } from "./content-file.js";

/** A cue word after compiling: exact (maybe with a typo), word start, word end, or the age marker. */
export interface Atom {
  readonly kind: "exact" | "prefix" | "suffix" | "age";
  readonly value: string;
  readonly typo: boolean;
}

/** One entry after compiling; each slot lists atom ids, one of which must occur within the group window. */
export interface CompiledEntry {
  readonly cue: string;
  readonly slots: readonly (readonly number[])[];
  readonly onlyNow: boolean;
}

/**
 * The lexicon compiled for `detectAcuteDanger`: atoms and their look-up tables, entries, and the context
 * patterns. Built once by `loadAcuteLexicon`; the detector only reads it.
 */
export interface AcuteLexicon {
  readonly atoms: readonly Atom[];
  readonly entries: readonly CompiledEntry[];
  readonly entriesByAtom: ReadonlyMap<number, readonly number[]>;
  readonly exactAtoms: ReadonlyMap<string, readonly number[]>;
  readonly prefixAtoms: ReadonlyMap<string, readonly number[]>;
  readonly suffixAtoms: readonly number[];
  readonly maxPrefix: number;
  /** Cue words that take a typo, and the atoms each stands for. */
  readonly typoVocabulary: TypoVocabulary;
  readonly typoAtoms: ReadonlyMap<string, readonly number[]>;
  readonly typoMinLength: number;
  readonly notTypos: ReadonlySet<string>;
  readonly ageAtom: number | undefined;
  readonly age: { readonly from: number; readonly to: number; readonly near: ReadonlySet<string> };
  readonly extraWords: number;
  readonly clauseWords: ReadonlySet<string>;
  /** Cue ids in file order (the order of `cues` in a result); helpers are never reported alone. */
  readonly cueOrder: readonly string[];
  readonly helpers: ReadonlySet<string>;
  readonly combined: readonly {
    readonly id: string;
    readonly all: readonly string[];
    readonly now: readonly string[];
  }[];
  readonly cryForHelp: { readonly cue: string; readonly patterns: readonly RegExp[] };
  readonly botHelp: RegExp;
  readonly now: RegExp;
  readonly past: RegExp;
  readonly generalQuestion: RegExp;
  readonly conditionalQuestion: RegExp;
  readonly notASituation: RegExp;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
}

/** A phrase as a regular-expression source: words in order, `a|b` alternatives, placeholders. */
function phraseSource(phrase: string): string {
  return phrase
    .split(" ")
    .map((word) => {
      const alternatives = word.split("|").map((a) => PHRASE_PLACEHOLDERS[a] ?? escapeRegExp(a));
      return alternatives.length === 1 ? alternatives[0] : `(?:${alternatives.join("|")})`;
    })
    .join(" ");
}

/** One group matching any of the phrases; an empty list matches nothing. */
function anyOf(phrases: readonly string[]): string {
  return phrases.length === 0 ? "(?!)" : `(?:${phrases.map(phraseSource).join("|")})`;
}

/** Parses one cue word into the form an atom is keyed by. */
function parseCueWord(word: string): { kind: Atom["kind"]; value: string } {
  if (word === "<age>") return { kind: "age", value: word };
  if (word.startsWith("...")) return { kind: "suffix", value: word.slice(3) };
  if (word.endsWith("...")) return { kind: "prefix", value: word.slice(0, -3) };
  return { kind: "exact", value: word };
}

function entrySlots(entry: { words?: string[]; together?: (string | string[])[] }): string[][] {
  if (entry.words) return [entry.words];
  return (entry.together ?? []).map((part) => (Array.isArray(part) ? part : [part]));
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Builds the look-up tables from a lexicon file that passed its checks. */
function compileAcuteLexicon(file: AcuteLexiconFile): AcuteLexicon {
  const exactOnly = new Set(file.typos.exact);
  const atoms: Atom[] = [];
  const atomIndex = new Map<string, number>();
  const entries: CompiledEntry[] = [];
  const entriesByAtom = new Map<number, number[]>();
  const exactAtoms = new Map<string, number[]>();
  const prefixAtoms = new Map<string, number[]>();
  const suffixAtoms: number[] = [];
  const typoAtoms = new Map<string, number[]>();
  const atomId = (word: string): number => {
    const { kind, value } = parseCueWord(word);
    const key = `${kind}:${value}`;
    const known = atomIndex.get(key);
    if (known !== undefined) return known;
    const typo = kind === "exact" && value.length >= file.typos.minLength && !exactOnly.has(value);
    const id = atoms.length;
    atoms.push({ kind, value, typo });
    atomIndex.set(key, id);
    if (kind === "exact") push(exactAtoms, value, id);
    if (kind === "prefix") push(prefixAtoms, value, id);
    if (kind === "suffix") suffixAtoms.push(id);
    if (typo) push(typoAtoms, value, id);
    return id;
  };
  for (const cue of file.cues) {
    for (const entry of [...cue.nl, ...cue.en]) {
      const slots = entrySlots(entry).map((slot) => [...new Set(slot.map(atomId))]);
      const index = entries.length;
      entries.push({ cue: cue.id, slots, onlyNow: entry.onlyNow });
      for (const slot of slots) for (const id of slot) push(entriesByAtom, id, index);
    }
  }
  const conditional = file.setAside.conditional;
  const cryWords = anyOf(file.cryForHelp.words);
  return {
    atoms,
    entries,
    entriesByAtom,
    exactAtoms,
    prefixAtoms,
    suffixAtoms,
    maxPrefix: Math.max(0, ...[...prefixAtoms.keys()].map((p) => p.length)),
    typoVocabulary: buildTypoVocabulary(new Map([...typoAtoms.keys()].map((w) => [w, 1]))),
    typoAtoms,
    typoMinLength: file.typos.minLength,
    notTypos: new Set(file.typos.notTypos),
    ageAtom: atomIndex.get("age:<age>"),
    age: { from: file.age.from, to: file.age.to, near: new Set(file.age.near) },
    extraWords: file.groups.extraWords,
    clauseWords: new Set(file.clauseWords),
    cueOrder: [...file.cues.map((c) => c.id), ...file.combined.map((c) => c.id)],
    helpers: new Set(file.cues.filter((c) => c.helper).map((c) => c.id)),
    combined: file.combined,
    cryForHelp: {
      cue: file.cryForHelp.cue,
      patterns: [new RegExp(`\\b${cryWords}\\s*!`), new RegExp(`^${cryWords}\\b`)],
    },
    botHelp: new RegExp(`^\\/?${anyOf(file.botHelp)}\\s*\\??$`),
    now: new RegExp(`\\b${anyOf(file.now)}\\b`),
    past: new RegExp(`\\b${anyOf(file.past)}\\b`),
    generalQuestion: new RegExp(`(?:^|[.?!] )${anyOf(file.setAside.questions)}\\b`),
    conditionalQuestion: new RegExp(
      `^${anyOf(conditional.starts)}\\b[^?]*\\b${anyOf(conditional.if)}\\b` +
        `(?! ${anyOf(conditional.unlessFollowedBy)}\\b)[^?]*\\?`,
    ),
    notASituation: new RegExp(`\\b${anyOf(file.setAside.topics)}\\b`),
  };
}

/** Adds to `out` the atoms `word` matches as written: exact, as a word start or as a word end. */
function matchWritten(lexicon: AcuteLexicon, word: string, out: Set<number>): void {
  for (const id of lexicon.exactAtoms.get(word) ?? []) out.add(id);
  for (let len = 3; len <= Math.min(word.length, lexicon.maxPrefix); len++) {
    for (const id of lexicon.prefixAtoms.get(word.slice(0, len)) ?? []) out.add(id);
  }
  for (const id of lexicon.suffixAtoms) {
    const atom = lexicon.atoms[id];
    if (atom !== undefined && word.length > atom.value.length && word.endsWith(atom.value)) out.add(id);
  }
}

/** The atoms of the cue words that take a typo and are one edit from `word`. */
function typoAtomsNear(lexicon: AcuteLexicon, word: string): number[] {
  return findNearWords(word, lexicon.typoVocabulary, 1).flatMap((near) => lexicon.typoAtoms.get(near) ?? []);
}

/**
 * Adds to `out` the atoms one normalised word matches: as written (exact, word start, word end), and only when
 * it matches none that way, is at least `typos.minLength` long and is not listed under `typos.notTypos`, the cue
 * words one typo away.
 */
export function matchCueWord(lexicon: AcuteLexicon, word: string, out: Set<number>): void {
  matchWritten(lexicon, word, out);
  if (out.size > 0 || word.length < lexicon.typoMinLength || lexicon.notTypos.has(word)) return;
  for (const id of typoAtomsNear(lexicon, word)) out.add(id);
}

/** The cross-checks after the shape: ids, references between sections, and the two typo lists. */
function crossCheck(
  file: string,
  lexicon: AcuteLexiconFile,
  compiled: AcuteLexicon,
): { errors: ContentIssue[]; warnings: ContentIssue[] } {
  const errors: ContentIssue[] = [];
  const warnings: ContentIssue[] = [];
  const issue = (path: readonly PropertyKey[], message: string) => ({
    file,
    path: formatPath(path),
    message,
  });
  const cues = new Map(lexicon.cues.map((c) => [c.id, c]));
  const seen = new Map<string, string>();
  const ids: [string, PropertyKey[]][] = [
    ...lexicon.cues.map((c, i): [string, PropertyKey[]] => [c.id, ["cues", i, "id"]]),
    ...lexicon.combined.map((c, i): [string, PropertyKey[]] => [c.id, ["combined", i, "id"]]),
  ];
  for (const [id, path] of ids) {
    const first = seen.get(id);
    if (first !== undefined) errors.push(issue(path, `duplicate id "${id}" (first at ${first})`));
    else seen.set(id, formatPath(path));
  }
  const used = new Set<string>();
  lexicon.combined.forEach((rule, i) => {
    for (const key of ["all", "now"] as const) {
      rule[key].forEach((id, j) => {
        used.add(id);
        if (!cues.has(id)) errors.push(issue(["combined", i, key, j], `"${id}" is not a cue of this file`));
      });
    }
  });
  lexicon.cues.forEach((cue, i) => {
    if (cue.helper && !used.has(cue.id)) {
      errors.push(issue(["cues", i, "helper"], `helper cue "${cue.id}" is used by no rule under combined`));
    }
  });
  const cry = cues.get(lexicon.cryForHelp.cue);
  if (cry === undefined || cry.helper) {
    const why = cry === undefined ? "is not a cue of this file" : "is a helper cue, which is never reported";
    errors.push(issue(["cryForHelp", "cue"], `"${lexicon.cryForHelp.cue}" ${why}`));
  }
  const cueWords = new Set(
    lexicon.cues.flatMap((c) => [...c.nl, ...c.en]).flatMap((e) => entrySlots(e).flat()),
  );
  const { minLength } = lexicon.typos;
  lexicon.typos.exact.forEach((word, i) => {
    const path = ["typos", "exact", i];
    if (!cueWords.has(word)) errors.push(issue(path, `"${word}" is not a cue word`));
    else if (word.length < minLength) {
      errors.push(issue(path, `"${word}" is shorter than typos.minLength, so it takes no typo anyway`));
    }
  });
  // A real word in notTypos only matters when the typo rule would otherwise read it as a cue word.
  const listed = new Set<string>();
  lexicon.typos.notTypos.forEach((word, i) => {
    const path = ["typos", "notTypos", i];
    if (listed.has(word)) warnings.push(issue(path, `"${word}" is listed twice`));
    listed.add(word);
    const written = new Set<number>();
    matchWritten(compiled, word, written);
    if (word.length < minLength || written.size > 0 || typoAtomsNear(compiled, word).length === 0) {
      warnings.push(
        issue(path, `"${word}" is not one typo from a cue word that takes one: it has no effect`),
      );
    }
  });
  return { errors, warnings };
}

async function readAcuteLexicon(
  file: string,
): Promise<{ lexicon?: AcuteLexicon; errors: ContentIssue[]; warnings: ContentIssue[] }> {
  let parsed: AcuteLexiconFile;
  try {
    parsed = await readYamlContent(file, AcuteLexiconFile);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    return { errors: [...error.issues], warnings: [] };
  }
  // Compiling needs only a valid shape; the cross-checks then decide whether the result may be used.
  const lexicon = compileAcuteLexicon(parsed);
  const { errors, warnings } = crossCheck(file, parsed, lexicon);
  return errors.length > 0 ? { errors, warnings } : { lexicon, errors, warnings };
}

/**
 * Reads, checks and compiles the lexicon at `file` (normally `dialogs/acute.yaml`), once at start-up. Throws a
 * ContentError naming file and path of every problem, so the bot refuses to start without a working check.
 */
export async function loadAcuteLexicon(file: string): Promise<AcuteLexicon> {
  const { lexicon, errors } = await readAcuteLexicon(file);
  if (lexicon === undefined) throw new ContentError(errors);
  return lexicon;
}

/**
 * The curator's check behind `npm run content:check`: errors (the lexicon cannot load) and warnings (entries of
 * the typo lists that have no effect), each with file and path.
 */
export async function checkAcuteLexicon(
  file: string,
): Promise<{ errors: ContentIssue[]; warnings: ContentIssue[] }> {
  const { errors, warnings } = await readAcuteLexicon(file);
  return { errors, warnings };
}
