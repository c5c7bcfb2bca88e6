/**
 * @module knowledge/fuzzy
 * Typo tolerance against the index vocabulary: an optimal-string-alignment (Damerau-Levenshtein with adjacent
 * transpositions) distance with an early exit, and a length-dependent limit so short words must match exactly.
 * natural's DamerauLevenshteinDistance builds an object per matrix cell, too slow to compare one word with a few
 * thousand per query; this one keeps three rows of numbers and stops as soon as the limit is exceeded.
 */

/** The largest edit distance accepted as a typo for a word of `length` characters. */
export function maxTypoDistance(length: number): number {
  if (length < 5) return 0;
  if (length < 8) return 1;
  return 2;
}

/**
 * Optimal string alignment distance between `a` and `b` (insert, delete, substitute, swap two neighbours), or
 * `limit + 1` as soon as it is certain to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] ?? limit + 1;
}

/** A correction: the vocabulary word closest to a misspelt one, and how many edits apart they are. */
export interface Correction {
  word: string;
  distance: number;
}

/**
 * Finds the closest word in `vocabulary` (word -> how often it occurs) within the length-dependent limit; ties
 * go to the more frequent word. Returns undefined when nothing is close enough.
 */
export function correctWord(word: string, vocabulary: ReadonlyMap<string, number>): Correction | undefined {
  const limit = maxTypoDistance(word.length);
  if (limit === 0) return undefined;
  let best: Correction | undefined;
  let bestCount = -1;
  for (const [candidate, count] of vocabulary) {
    if (Math.abs(candidate.length - word.length) > limit || maxTypoDistance(candidate.length) === 0) continue;
    const distance = editDistance(word, candidate, best ? Math.min(limit, best.distance) : limit);
    if (distance > limit) continue;
    if (!best || distance < best.distance || (distance === best.distance && count > bestCount)) {
      best = { word: candidate, distance };
      bestCount = count;
    }
  }
  return best;
}
