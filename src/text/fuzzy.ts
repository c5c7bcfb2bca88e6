/**
 * @module text/fuzzy
 * The one typo matcher of the bot, used by the acute-danger check, answer matching in a signal check and the
 * knowledge search: an optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions) with
 * an early exit, and a vocabulary prepared for fast look-ups of the words near a misspelt one. natural's
 * DamerauLevenshteinDistance builds an object per matrix cell, too slow to compare one word with a few thousand;
 * this one keeps three rows of numbers and stops as soon as the limit is exceeded.
 */

/** The largest edit distance the knowledge search accepts as a typo for a word of `length` characters. */
export function maxTypoDistance(length: number): number {
  if (length < 5) return 0;
  if (length < 8) return 1;
  return 2;
}

// Three reusable rows: a distance is computed for thousands of words per misspelt word, so no allocation.
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance between `a` and `b` (insert, delete, substitute, swap two neighbours). Once
 * it is certain to exceed `limit` it stops and returns some number above `limit`, so compare with `<= limit`;
 * without a limit, the exact distance.
 *
 * @example
 * editDistance("mensnehandel", "mensenhandel", 1); // 1: two neighbours swapped
 */
export function editDistance(a: string, b: string, limit = Math.max(a.length, b.length)): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (rows[0].length <= b.length) {
    const size = b.length + 1;
    rows = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  }
  let [before, previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/** A correction: the vocabulary word closest to a misspelt one, and how many edits apart they are. */
export interface Correction {
  word: string;
  distance: number;
}

interface Candidate {
  word: string;
  count: number;
  letters: number;
}

/** A vocabulary prepared for typo look-ups: words by length, each with a bit set of its letters a-z. */
export interface TypoVocabulary {
  readonly byLength: ReadonlyMap<number, readonly Candidate[]>;
}

function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i) - 97;
    if (code >= 0 && code < 26) mask |= 1 << code;
  }
  return mask;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Prepares `vocabulary` (word -> how often it occurs) for correctWord and findNearWords; words too short to take
 * a typo (maxTypoDistance 0) are left out.
 */
export function buildTypoVocabulary(vocabulary: ReadonlyMap<string, number>): TypoVocabulary {
  const byLength = new Map<number, Candidate[]>();
  for (const [word, count] of vocabulary) {
    if (maxTypoDistance(word.length) === 0) continue;
    const bucket = byLength.get(word.length) ?? [];
    bucket.push({ word, count, letters: letterMask(word) });
    byLength.set(word.length, bucket);
  }
  return { byLength };
}

/**
 * Calls `visit` with every vocabulary word within `limit` edits of `word` and its distance. Only words of a near
 * length whose letters differ little are compared (one edit changes at most two letters of the letter set), which
 * keeps a look-up well under a millisecond. `visit` returns the limit for the words still to come.
 */
function forEachNear(
  word: string,
  vocabulary: TypoVocabulary,
  limit: number,
  visit: (candidate: Candidate, distance: number) => number,
): void {
  const letters = letterMask(word);
  let current = limit;
  for (let length = word.length - limit; length <= word.length + limit; length++) {
    for (const candidate of vocabulary.byLength.get(length) ?? []) {
      if (bitCount(letters ^ candidate.letters) > 2 * limit) continue;
      const distance = editDistance(word, candidate.word, current);
      if (distance <= current) current = visit(candidate, distance);
    }
  }
}

/**
 * Finds the closest vocabulary word within the length-dependent limit (maxTypoDistance); ties go to the more
 * frequent word. Returns undefined when nothing is close.
 */
export function correctWord(word: string, vocabulary: TypoVocabulary): Correction | undefined {
  const limit = maxTypoDistance(word.length);
  if (limit === 0) return undefined;
  let best: Correction | undefined;
  let bestCount = -1;
  forEachNear(word, vocabulary, limit, (candidate, distance) => {
    if (!best || distance < best.distance || (distance === best.distance && candidate.count > bestCount)) {
      best = { word: candidate.word, distance };
      bestCount = candidate.count;
    }
    return best.distance;
  });
  return best;
}

/** Every vocabulary word at most `limit` edits from `word` (itself included when present), in no set order. */
export function findNearWords(word: string, vocabulary: TypoVocabulary, limit: number): string[] {
  const near: string[] = [];
  forEachNear(word, vocabulary, limit, (candidate) => {
    near.push(candidate.word);
    return limit;
  });
  return near;
}
