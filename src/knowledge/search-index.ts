/**
 * @module knowledge/search-index
 * Builds the knowledge index once at start-up (BM25F over title, variants, tags and body, with synonym groups
 * folded in) and turns a question into weighted query terms: known words as typed, Dutch compounds split into
 * known parts, misspelt words corrected against the index vocabulary, synonyms expanded.
 */
import {
  buildBm25,
  inverseDocumentFrequency,
  type Bm25Config,
  type Bm25Index,
  type QueryTerm,
} from "./bm25.js";
import { buildTypoVocabulary, correctWord, type TypoVocabulary } from "../text/fuzzy.js";
import { applySynonyms, compileSynonyms, type SynonymMatcher, type WeightedTerm } from "./synonyms.js";
import { analyse, detectLanguage, isMisspeltStopword, isStopword, stem, tokenize } from "./text.js";
import type { KnowledgeBase, Lang, Synonyms, Topic } from "./topic-schema.js";

/** The fields of a topic the index scores, together (BM25F) and one by one. */
export const FIELDS = ["title", "variants", "tags", "body"] as const;
/** One field of a topic. */
export type Field = (typeof FIELDS)[number];

/**
 * Field weights: how staff phrase a question (variants) and what a topic is called (title, tags) say more
 * about its subject than a word somewhere in the answer text.
 */
const TOPIC_CONFIG: Bm25Config<Field> = {
  k1: 1.2,
  fields: {
    title: { weight: 3, b: 0.5 },
    variants: { weight: 2, b: 0.75 },
    tags: { weight: 2.5, b: 0.5 },
    body: { weight: 1, b: 0.75 },
  },
};

const PHRASING_CONFIG: Bm25Config<"text"> = { k1: 1.2, fields: { text: { weight: 1, b: 0.5 } } };

// How much a guessed word counts compared to a word found as typed.
const WEIGHT_COMPOUND = 0.9;
// A correction is surer the longer the word: one slip in "arbeidsuitbuitng" leaves no doubt, one in "fiets" does.
const TYPO_PENALTY_PER_EDIT = 1.5;
const MIN_TYPO_WEIGHT = 0.6;
const MAX_TYPO_WEIGHT = 0.9;

/** How much a word corrected with `distance` edits counts, given its length. */
export function typoWeight(length: number, distance: number): number {
  const weight = 1 - (TYPO_PENALTY_PER_EDIT * distance) / Math.max(length, 1);
  return Math.min(MAX_TYPO_WEIGHT, Math.max(MIN_TYPO_WEIGHT, weight));
}
const WEIGHT_PART_OF_COMPOUND = 0.5;
// A verb form traced back to the base form in the topics ("woont" -> "wonen") is nearly as sure as the word itself.
const WEIGHT_INFLECTED = 0.95;
const MIN_COMPOUND_PART = 3;
const MIN_LONE_COMPOUND_PART = 5;

/** The searchable form of a knowledge base; built once by buildKnowledgeIndex and never changed. */
export interface KnowledgeIndex {
  readonly topics: readonly Topic[];
  readonly bm25: Bm25Index;
  /** each field on its own (plain BM25 over that field), so the ranking model can weigh the fields separately */
  readonly fields: Readonly<Record<Field, Bm25Index>>;
  /** every title and question variant as its own short document, so a question can meet its closest wording */
  readonly phrasings: Bm25Index;
  /** topic position of each document in `phrasings` */
  readonly phrasingTopic: readonly number[];
  /** summed idf of the distinct terms of each document in `phrasings`: how much a question must share to cover it */
  readonly phrasingMass: readonly number[];
  readonly synonyms: SynonymMatcher;
  /** normalised surface word -> occurrences, the vocabulary typos are corrected against */
  readonly surfaceVocabulary: ReadonlyMap<string, number>;
  /** the surface vocabulary prepared for typo correction */
  readonly typoVocabulary: TypoVocabulary;
  /** every stemmed term that occurs in a topic or a synonym group */
  readonly termVocabulary: ReadonlySet<string>;
  /** query terms (stems and group terms) that mark a question as being about the domain */
  readonly domainTerms: ReadonlySet<string>;
  /** normalised single domain words (and their synonyms) that mark a compound containing them as in-domain */
  readonly domainWords: ReadonlySet<string>;
  /** stems and normalised words of everyday municipal services and office life */
  readonly genericWords: ReadonlySet<string>;
  /** stems and normalised words of personal errands, out of scope when the question is about the asker's own */
  readonly errandWords: ReadonlySet<string>;
}

// Placeholders are filled with municipality names at display time; their names are not topic words.
function withoutPlaceholders(text: string): string {
  return text.replace(/\{\{[^{}]*\}\}/g, " ");
}

/** Builds the index from a loaded knowledge base (pure; about a millisecond per topic). */
export function buildKnowledgeIndex(kb: KnowledgeBase): KnowledgeIndex {
  const synonyms = compileSynonyms(kb.synonyms);
  const surfaceVocabulary = new Map<string, number>();
  const termVocabulary = new Set<string>();

  const analyseInto = (texts: ReadonlyArray<readonly [string, Lang]>): string[] => {
    const terms: WeightedTerm[] = [];
    for (const [text, lang] of texts) {
      for (const token of tokenize(withoutPlaceholders(text))) {
        if (isStopword(token)) continue;
        surfaceVocabulary.set(token, (surfaceVocabulary.get(token) ?? 0) + 1);
        const term = stem(token, lang);
        termVocabulary.add(term);
        terms.push({ term, weight: 1 });
      }
    }
    return applySynonyms(terms, synonyms).map((t) => t.term);
  };

  const phrasings: Array<{ text: string[] }> = [];
  const phrasingTopic: number[] = [];
  kb.topics.forEach((topic, position) => {
    const texts: Array<readonly [string, Lang]> = [
      [topic.title.nl, "nl"],
      [topic.title.en, "en"],
      ...topic.variants.nl.map((v) => [v, "nl"] as const),
      ...topic.variants.en.map((v) => [v, "en"] as const),
    ];
    for (const text of texts) {
      phrasings.push({ text: analyseInto([text]) });
      phrasingTopic.push(position);
    }
  });
  const docs = kb.topics.map((topic) => ({
    title: analyseInto([
      [topic.title.nl, "nl"],
      [topic.title.en, "en"],
    ]),
    variants: analyseInto([
      ...topic.variants.nl.map((v) => [v, "nl"] as const),
      ...topic.variants.en.map((v) => [v, "en"] as const),
    ]),
    tags: analyseInto(topic.tags.map((t) => [t, "nl"] as const)),
    body: analyseInto([
      [`${topic.body.nl.lead}\n${topic.body.nl.details}`, "nl"],
      [`${topic.body.en.lead}\n${topic.body.en.details}`, "en"],
    ]),
  }));
  for (const members of kb.synonyms.groups) {
    for (const member of members) {
      for (const token of tokenize(member)) {
        if (isStopword(token)) continue;
        if (!surfaceVocabulary.has(token)) surfaceVocabulary.set(token, 1);
        termVocabulary.add(stem(token, "nl"));
        termVocabulary.add(stem(token, "en"));
      }
    }
  }
  const { domainTerms, domainWords, genericWords, errandWords } = compileScopeWords(kb.synonyms, synonyms);
  const phrasingIndex = buildBm25(phrasings, PHRASING_CONFIG);
  const phrasingMass = phrasings.map(() => 0);
  for (const [term, posting] of phrasingIndex.postings) {
    const idf = inverseDocumentFrequency(phrasingIndex, term);
    for (const doc of posting.keys()) phrasingMass[doc] = (phrasingMass[doc] ?? 0) + idf;
  }
  const fieldIndex = (field: Field): Bm25Index =>
    buildBm25(
      docs.map((doc) => ({ text: doc[field] })),
      { k1: TOPIC_CONFIG.k1, fields: { text: { weight: 1, b: TOPIC_CONFIG.fields[field].b } } },
    );
  return {
    topics: kb.topics,
    bm25: buildBm25(docs, TOPIC_CONFIG),
    fields: {
      title: fieldIndex("title"),
      variants: fieldIndex("variants"),
      tags: fieldIndex("tags"),
      body: fieldIndex("body"),
    },
    phrasings: phrasingIndex,
    phrasingTopic,
    phrasingMass,
    synonyms,
    surfaceVocabulary,
    typoVocabulary: buildTypoVocabulary(surfaceVocabulary),
    termVocabulary,
    domainTerms,
    domainWords,
    genericWords,
    errandWords,
  };
}

// Scope words are also matched as the head or tail of a compound ("hondenbelasting", "mensenhandelzaken"), but
// only when long enough that the match cannot be an accident; a domain word needs more letters, because a false
// domain match ("youforce" ending in "force") turns a decline into choices.
const MIN_GENERIC_COMPOUND_PART = 5;
const MIN_DOMAIN_COMPOUND_PART = 7;

/**
 * Compiles the scope word lists of synonyms.yaml: domain words become the query terms they turn into (their
 * synonym group when they are in one, so a whole group counts), generic words are kept as stems and surface forms.
 */
function compileScopeWords(
  lists: Synonyms,
  matcher: SynonymMatcher,
): {
  domainTerms: Set<string>;
  domainWords: Set<string>;
  genericWords: Set<string>;
  errandWords: Set<string>;
} {
  const domainTerms = new Set<string>();
  const domainWords = new Set<string>();
  for (const word of lists.domain ?? []) {
    const tokens = tokenize(word);
    if (tokens.length === 1) {
      const group = lists.groups.find((members) => members.some((m) => tokenize(m).join(" ") === tokens[0]));
      for (const member of group ?? [word]) {
        const parts = tokenize(member);
        if (parts.length === 1 && (parts[0]?.length ?? 0) >= MIN_DOMAIN_COMPOUND_PART)
          domainWords.add(parts[0] ?? "");
      }
    }
    for (const lang of ["nl", "en"] as const) {
      const terms = analyse(word, lang).map((term) => ({ term, weight: 1 }));
      const rewritten = applySynonyms(terms, matcher);
      // A phrase ("Veilig Thuis") counts as its synonym group only, not as the groups of its words ("veilig").
      const phrase = rewritten.some((t) => t.inPhrase === true);
      if (terms.length > 1 && !phrase) continue;
      for (const t of rewritten) if (t.inPhrase !== true) domainTerms.add(t.term);
    }
  }
  const surfaceAndStems = (words: readonly string[]): Set<string> =>
    new Set(words.flatMap((word) => tokenize(word).flatMap((t) => [t, stem(t, "nl"), stem(t, "en")])));
  return {
    domainTerms,
    domainWords,
    genericWords: surfaceAndStems(lists.generic ?? []),
    errandWords: surfaceAndStems(lists.errands ?? []),
  };
}

/** True when `token` starts or ends with one of `words` of at least `minLength` letters (a compound with it). */
function hasScopePart(words: ReadonlySet<string>, token: string, minLength: number): boolean {
  for (const word of words) {
    if (word.length < minLength || word.length >= token.length) continue;
    if (token.startsWith(word) || token.endsWith(word)) return true;
  }
  return false;
}

/** True when `token` is, or is a compound of, one of `words` (generic or errand words). */
function isScopeWord(words: ReadonlySet<string>, token: string, lang: Lang): boolean {
  return (
    words.has(token) || words.has(stem(token, lang)) || hasScopePart(words, token, MIN_GENERIC_COMPOUND_PART)
  );
}

// Possessives that make a question about the asker's own affairs ("mijn paspoort", "my salary").
const OWN = new Set(["mijn", "my"]);
// Asking how "I" or "you" apply for something or pass on a change ("hoe vraag ik bijzondere bijstand aan", "hoe geef
// ik een verhuizing door") is an errand too; a third person applying ("klant wil een paspoort aanvragen maar een man
// doet het woord") is not.
const ASKER = new Set(["ik", "je", "jij", "u", "we", "wij", "i", "you"]);
const REQUEST = new Set(["aanvragen", "aanvraag", "doorgeven", "apply"]);

/** True when the question is about the asker's own errand: a possessive, or the asker applying for something. */
function isOwnErrand(tokens: readonly string[]): boolean {
  if (tokens.some((token) => OWN.has(token))) return true;
  if (!tokens.some((token) => ASKER.has(token))) return false;
  // the separable verb at the end of the question ("hoe vraag ik ... aan"), not "ik vraag me af ... aan de balie"
  const separable =
    (tokens.some((token) => token.startsWith("vraag")) && tokens.at(-1) === "aan") ||
    (tokens.some((token) => token.startsWith("geef")) && tokens.includes("door"));
  return separable || tokens.some((token) => REQUEST.has(token));
}

// Words around a number that make it an age: "een meisje van 15", "ze is 16", "15 jaar", "15-jarige", "aged 14".
const AGE_BEFORE = new Set([
  "van",
  "is",
  "pas",
  "nog",
  "ze",
  "hij",
  "zij",
  "aged",
  "age",
  "she",
  "he",
  "just",
]);
const AGE_AFTER = new Set(["jaar", "jarige", "jarig", "year", "years", "yo"]);
const ADULT_AGE = 18;

/** True when the number at `position` reads as the age of someone under 18. */
function isMinorAge(tokens: readonly string[], position: number): boolean {
  const age = Number(tokens[position]);
  if (!Number.isInteger(age) || age < 1 || age >= ADULT_AGE) return false;
  return AGE_BEFORE.has(tokens[position - 1] ?? "") || AGE_AFTER.has(tokens[position + 1] ?? "");
}

// An age under 18 stands for the word "minderjarig", with the weight of a guess.
const WEIGHT_AGE = 0.9;
function minorTerm(index: KnowledgeIndex): Resolution | undefined {
  const term = knownTerm(index, "minderjarig", "nl");
  return term ? { terms: [term], weight: WEIGHT_AGE } : undefined;
}

// Third persons and the people staff meet; a question about a situation speaks of someone other than the asker.
const PERSON_WORDS = new Set(
  (
    "hij zij ze haar hem hun iemand persoon personen man mannen vrouw vrouwen meisje jongen kind kinderen " +
    "client cliente clienten klant klanten leerling leerlingen bewoner bewoners inwoner werknemer werknemers " +
    "mensen dochter zoon moeder vader ouders familie meneer mevrouw slachtoffer he she him her his they them " +
    "someone person woman women man men girl boy child children client clients customer caller student worker " +
    "workers people victim beller"
  ).split(" "),
);

/** A question turned into query terms, with the share of its words the index does not know. */
export interface QueryAnalysis {
  lang: Lang;
  /** the language the question is written in (its function words), whatever language the answer is wanted in */
  writtenIn: Lang;
  terms: QueryTerm[];
  /** content words of the question (not stopwords, not bare numbers) */
  wordCount: number;
  /** summed (1 - weight) of words that were unknown or only guessed: uncertainty about what was asked */
  unknownWeight: number;
  /** distinct query terms that mark the question as being about the domain (trafficking, municipal safety) */
  domainTerms: number;
  /** words of everyday municipal services or office life (passport renewal, payslip, parking permit) */
  genericWords: number;
  /** each content word with the query terms it became; what the search weighs the rest of a question with */
  words: QueryWord[];
  /** the question speaks of another person ("een klant", "ze", "my client"): situations are about someone else */
  aboutPerson: boolean;
}

/** One content word of a question: the query terms it became (none when unknown), how sure, and its scope. */
export interface QueryWord {
  terms: string[];
  weight: number;
  /** the word is a domain word (or a compound of one): it says the question is about the domain */
  domain: boolean;
}

interface Resolution {
  terms: string[];
  weight: number;
}

function knownTerm(index: KnowledgeIndex, word: string, lang: Lang): string | undefined {
  const other: Lang = lang === "nl" ? "en" : "nl";
  for (const l of [lang, other]) {
    const term = stem(word, l);
    if (index.termVocabulary.has(term)) return term;
  }
  return index.surfaceVocabulary.has(word) ? stem(word, lang) : undefined;
}

/** Splits an unknown Dutch compound ("uitbuitingszaak") into the known parts around an optional linking s. */
function splitCompound(index: KnowledgeIndex, word: string, lang: Lang): Resolution | undefined {
  let best: { terms: string[]; balance: number } | undefined;
  let lone: { term: string; length: number } | undefined;
  for (let i = MIN_COMPOUND_PART; i <= word.length - MIN_COMPOUND_PART; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    const headTerm =
      knownTerm(index, head, lang) ??
      (head.endsWith("s") ? knownTerm(index, head.slice(0, -1), lang) : undefined);
    const tailTerm = knownTerm(index, tail, lang);
    if (headTerm && tailTerm) {
      const balance = Math.min(head.length, tail.length);
      if (!best || balance > best.balance) best = { terms: [headTerm, tailTerm], balance };
    }
    if (headTerm && head.length >= MIN_LONE_COMPOUND_PART && (!lone || head.length > lone.length)) {
      lone = { term: headTerm, length: head.length };
    }
    if (tailTerm && tail.length >= MIN_LONE_COMPOUND_PART && (!lone || tail.length > lone.length)) {
      lone = { term: tailTerm, length: tail.length };
    }
  }
  if (best) return { terms: best.terms, weight: WEIGHT_COMPOUND };
  return lone ? { terms: [lone.term], weight: WEIGHT_PART_OF_COMPOUND } : undefined;
}

// Separable verb particles that come before "ge" in a Dutch participle ("ingevuld", "uitgeleend", "aangevraagd").
const PARTICLES = [
  "aan",
  "af",
  "in",
  "mee",
  "na",
  "op",
  "terug",
  "toe",
  "uit",
  "door",
  "over",
  "voor",
  "weg",
];
const MIN_INFLECTED = 5;

/**
 * Dutch verb forms natural's stemmer leaves apart from the forms in the topics: a present tense in -t ("woont",
 * "slaapt", "verdwijnt") and a participle in ge-...-d/t, with or without a separable particle ("gestort",
 * "ingevuld"). Returns the known term of the first base form found, tried in this order.
 */
function inflectedTerm(index: KnowledgeIndex, word: string, lang: Lang): string | undefined {
  if (lang !== "nl" || word.length < MIN_INFLECTED) return undefined;
  const bases: string[] = [];
  const participle = (rest: string, prefix: string): void => {
    if (!rest.startsWith("ge") || rest.length < 5 || !/[dt]$/.test(rest)) return;
    const root = rest.slice(2, -1);
    bases.push(`${prefix}${root}en`, `${prefix}${root}`, `${prefix}${rest.slice(2)}`);
  };
  participle(word, "");
  for (const particle of PARTICLES)
    if (word.startsWith(particle)) participle(word.slice(particle.length), particle);
  if (word.endsWith("t")) bases.push(word.slice(0, -1), `${word.slice(0, -1)}en`);
  for (const base of bases) {
    if (base.length < 3) continue;
    const term = knownTerm(index, base, lang);
    if (term) return term;
  }
  return undefined;
}

// A typo seldom hits the first letter; a "correction" that changes it ("noord" -> "woord", "tegelijk" ->
// "mogelijk") is usually another word.
function plausibleCorrection(word: string, correction: string): boolean {
  return word[0] === correction[0];
}

function resolveWord(index: KnowledgeIndex, word: string, lang: Lang): Resolution | undefined {
  const known = knownTerm(index, word, lang);
  if (known) return { terms: [known], weight: 1 };
  const inflected = inflectedTerm(index, word, lang);
  if (inflected) return { terms: [inflected], weight: WEIGHT_INFLECTED };
  const found = correctWord(word, index.typoVocabulary);
  const correction = found && plausibleCorrection(word, found.word) ? found : undefined;
  const corrected = correction && knownTerm(index, correction.word, lang);
  const typo =
    correction && corrected
      ? { terms: [corrected], weight: typoWeight(word.length, correction.distance) }
      : undefined;
  if (typo && correction?.distance === 1) return typo;
  const compound = word.length >= 2 * MIN_COMPOUND_PART ? splitCompound(index, word, lang) : undefined;
  if (compound && compound.weight === WEIGHT_COMPOUND) return compound;
  if (typo) return typo;
  return compound;
}

/**
 * Analyses a question: language (given or detected), stopwords dropped, each word resolved (as typed, split
 * compound, typo correction) and synonym groups added. Bare numbers the index does not know are ignored.
 */
export function analyseQuery(index: KnowledgeIndex, question: string, lang?: Lang): QueryAnalysis {
  const tokens = tokenize(question);
  const queryLang = lang ?? detectLanguage(tokens);
  const stemLang = detectLanguage(tokens);
  const resolved: WeightedTerm[] = [];
  let wordCount = 0;
  let unknownWeight = 0;
  let genericWords = 0;
  let domainCompounds = 0;
  const own = isOwnErrand(tokens);
  const words: QueryWord[] = [];
  // the word each resolved term came from
  const wordOf: number[] = [];
  for (const [position, token] of tokens.entries()) {
    if (isStopword(token)) continue;
    if (!index.surfaceVocabulary.has(token) && isMisspeltStopword(token)) continue;
    if (
      isScopeWord(index.genericWords, token, stemLang) ||
      (own && isScopeWord(index.errandWords, token, stemLang))
    ) {
      genericWords += 1;
    }
    const isNumber = /^\d+$/.test(token);
    const resolution = isNumber
      ? index.termVocabulary.has(token)
        ? { terms: [token], weight: 1 }
        : isMinorAge(tokens, position)
          ? minorTerm(index)
          : undefined
      : resolveWord(index, token, stemLang);
    if (isNumber && !resolution) continue;
    // A domain word inside a compound marks it ("mensenhandelzaken"), but not inside a word the synonym list
    // gives another meaning ("exploitatievergunning" is a permit): that is an accident of spelling.
    const otherMeaning =
      resolution?.weight === 1 &&
      resolution.terms.some((t) =>
        (index.synonyms.single.get(t) ?? []).some((g) => !index.domainTerms.has(g)),
      );
    const domainCompound =
      !otherMeaning &&
      !index.domainWords.has(token) &&
      hasScopePart(index.domainWords, token, MIN_DOMAIN_COMPOUND_PART);
    if (domainCompound) domainCompounds += 1;
    wordCount += 1;
    unknownWeight += 1 - (resolution?.weight ?? 0);
    words.push({ terms: [], weight: resolution?.weight ?? 0, domain: domainCompound });
    for (const term of resolution?.terms ?? []) {
      resolved.push({ term, weight: resolution?.weight ?? 0 });
      wordOf.push(words.length - 1);
    }
  }
  const merged = new Map<string, number>();
  for (const { term, weight, inPhrase, position, span } of applySynonyms(resolved, index.synonyms)) {
    // A word known only as part of a synonym phrase ("warning" in "warning signs") is carried by the group term.
    if (inPhrase && !index.bm25.postings.has(term)) continue;
    merged.set(term, Math.max(merged.get(term) ?? 0, weight));
    const first = position ?? 0;
    for (let i = first; i < first + (span ?? 1); i++) {
      const word = words[wordOf[i] ?? -1];
      if (!word) continue;
      if (!word.terms.includes(term)) word.terms.push(term);
      if (weight > WEIGHT_PART_OF_COMPOUND && index.domainTerms.has(term)) word.domain = true;
    }
  }
  const terms = [...merged].map(([term, weight]) => ({ term, weight }));
  return {
    lang: queryLang,
    writtenIn: stemLang,
    terms,
    wordCount,
    unknownWeight,
    // A lone part guessed out of an unknown compound ("salarisstrook") is too unsure to make a question in-domain.
    domainTerms:
      terms.filter((t) => t.weight > WEIGHT_PART_OF_COMPOUND && index.domainTerms.has(t.term)).length +
      domainCompounds,
    genericWords,
    words,
    aboutPerson: tokens.some((token) => PERSON_WORDS.has(token)),
  };
}
