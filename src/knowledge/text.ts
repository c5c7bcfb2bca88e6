/**
 * @module knowledge/text
 * Text analysis for retrieval: the shared normal form of text/normalise (accents stripped BEFORE tokenising, since
 * natural's tokenizers split "ideeën" on the ë otherwise), natural's Dutch tokenizer and Porter stemmer, Dutch
 * stopwords, and a light English path (stopwords, a small suffix stemmer) so English questions match the English
 * half of each topic.
 */
import PorterStemmerNl from "natural/lib/natural/stemmers/porter_stemmer_nl.js";
import AggressiveTokenizerNl from "natural/lib/natural/tokenizers/aggressive_tokenizer_nl.js";
import { words as dutchStopwordList } from "natural/lib/natural/util/stopwords_nl.js";
import { editDistance } from "../text/fuzzy.js";
import { normaliseText } from "../text/normalise.js";
import type { Lang } from "./topic-schema.js";

const tokenizer = new AggressiveTokenizerNl();

// Question words and fillers that say nothing about the topic; natural's Dutch list lacks them.
const EXTRA_DUTCH_STOPWORDS = (
  "waar wanneer waarom welke welk hoeveel eigenlijk precies zomaar gewoon even echt graag jullie onze " +
  "jouw kun kunt mag mogen moeten zouden word wordt gaat ga gaan krijg krijgt ene dan erg heel zit " +
  "zitten daarvan ervan hierover daarover zoiets bv bijvoorbeeld iemand iets ermee daarmee hiermee wel " +
  "toch nou hoi hallo nl doe doet kom komt niks gedaan allemaal nadat voordat zodat terwijl totdat zodra waardoor waarbij staan " +
  "kennen kent bestaan bestaat betekent betekenen houdt"
).split(" ");

const ENGLISH_STOPWORDS = (
  "a about after all also am an and any are as at be been before being but by can could did do does " +
  "doing for from get gets got had has have having he her here him his how i if in into is it its just " +
  "me might must my no not of on or our ours out she should so some someone somebody something than " +
  "that the their them then there these they this those to too up us was we were what whats when where " +
  "which who whom why will with would you your yours really exactly actually please hi hello anything " +
  "way lot lots more most much many very other another tell"
).split(" ");

const DUTCH_STOPWORDS = new Set([...dutchStopwordList.map((w) => w.trim()), ...EXTRA_DUTCH_STOPWORDS]);
const ENGLISH_STOPWORD_SET = new Set(ENGLISH_STOPWORDS);
// Words that are Dutch stopwords and also mean something in English questions (and vice versa) do no harm: a
// stopword is only dropped, never stemmed, so the union is used for both languages.
const STOPWORDS = new Set([...DUTCH_STOPWORDS, ...ENGLISH_STOPWORD_SET]);

/**
 * Splits text into normalised surface tokens with natural's Dutch tokenizer, then splits on hyphens and
 * apostrophes ("getuige-aangever", "z'n") and drops one-letter fragments. Stopwords are kept here.
 */
export function tokenize(text: string): string[] {
  return tokenizer
    .tokenize(normaliseText(text))
    .flatMap((token) => token.split(/['\-_]+/))
    .filter((token) => token.length > 1 || /\d/.test(token));
}

/** True for Dutch and English function words that carry no topic meaning. */
export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

// Only longer function words are recognised misspelt: one slip in "eigenlijk" leaves no doubt, one in "wat" does.
const MIN_MISSPELT_STOPWORD = 6;
const LONG_STOPWORDS = [...STOPWORDS].filter((w) => w.length >= MIN_MISSPELT_STOPWORD);

/**
 * True for a word one edit away from a longer function word ("eigelijk", "misschein"): left in, the typo
 * correction would turn it into some topic word instead. Callers first check the word is not itself known.
 */
export function isMisspeltStopword(token: string): boolean {
  if (token.length < MIN_MISSPELT_STOPWORD - 1 || /\d/.test(token)) return false;
  return LONG_STOPWORDS.some((w) => editDistance(token, w, 1) <= 1);
}

/** Guesses the language of a question from its function words; Dutch unless English words clearly dominate. */
export function detectLanguage(tokens: readonly string[]): Lang {
  let nl = 0;
  let en = 0;
  for (const token of tokens) {
    if (DUTCH_STOPWORDS.has(token)) nl += 1;
    if (ENGLISH_STOPWORD_SET.has(token)) en += 1;
  }
  return en > nl ? "en" : "nl";
}

/** A light English stemmer (plural, -ing, -ed): enough to let "trafficked" meet "trafficking". */
function stemEnglish(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  if (token.endsWith("ies") && token.length > 4) return `${token.slice(0, -3)}y`;
  if (token.endsWith("ing") && token.length >= 7) return token.slice(0, -3);
  if (token.endsWith("ed") && token.length >= 6) return token.slice(0, -2);
  if (token.endsWith("s") && !/(ss|us|is)$/.test(token) && token.length >= 4) return token.slice(0, -1);
  return token;
}

/**
 * natural's Dutch Porter stemmer leaves verb forms apart ("herkennen" -> "herkenn", "herken"; "bewaren" ->
 * "bewar", "bewaard"). Folding double vowels, a final double consonant and a final t/d on longer stems joins them;
 * the same folding runs on topics and questions, so only the agreement of both sides matters.
 */
function stemDutch(token: string): string {
  let out = PorterStemmerNl.stem(token).replace(/([aeou])\1/g, "$1");
  if (out.length >= 6 && /[td]$/.test(out) && !/[td]{2}$/.test(out)) out = out.slice(0, -1);
  return out.replace(/([bcdfgklmnprstvz])\1$/, "$1");
}

// Stemming dominates index build time and topic texts repeat words; the cache is bounded because questions
// bring new words for as long as the bot runs.
const STEM_CACHE_LIMIT = 50_000;
const stemCache: Record<Lang, Map<string, string>> = { nl: new Map(), en: new Map() };

/** The mark English stems carry, so they live in their own term space ("kinds" -> "en:kind" is not "kind", child). */
export const ENGLISH_TERM_PREFIX = "en:";

/**
 * Stems one normalised token with the (folded) Dutch Porter stemmer or the light English one. English stems are
 * prefixed with ENGLISH_TERM_PREFIX: the two languages meet only through synonym groups, never by accident of
 * spelling. Numbers are shared.
 */
export function stem(token: string, lang: Lang): string {
  if (/\d/.test(token)) return token;
  const cache = stemCache[lang];
  const cached = cache.get(token);
  if (cached !== undefined) return cached;
  const stemmed = lang === "en" ? `${ENGLISH_TERM_PREFIX}${stemEnglish(token)}` : stemDutch(token);
  if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
  cache.set(token, stemmed);
  return stemmed;
}

/** Text to stemmed terms without stopwords: the form BM25 indexes and matches. */
export function analyse(text: string, lang: Lang): string[] {
  return tokenize(text)
    .filter((token) => !isStopword(token))
    .map((token) => stem(token, lang));
}
