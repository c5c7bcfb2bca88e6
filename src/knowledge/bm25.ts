/**
 * @module knowledge/bm25
 * A small BM25F index: each document has named fields (title, variants, tags, body) with their own weight and
 * length normalisation; per term and document the weighted, normalised frequency is computed once at build time
 * so a query costs one posting-list walk per term.
 */

/** How one field counts: `weight` multiplies its term frequency, `b` sets its length normalisation (0..1). */
export interface FieldConfig {
  weight: number;
  b: number;
}

/** Index parameters: the fields by name and BM25's saturation constant `k1`. */
export interface Bm25Config<F extends string> {
  fields: Record<F, FieldConfig>;
  k1: number;
}

/** A built index; documents are addressed by their position in the input. */
export interface Bm25Index {
  readonly k1: number;
  readonly docCount: number;
  /** term -> (document -> weighted, length-normalised term frequency) */
  readonly postings: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** One query term and how much it counts (1 for a word as typed, less for a guessed correction). */
export interface QueryTerm {
  term: string;
  weight: number;
}

/** A document's score for a query, the idf mass of the query terms it contains and how many they are. */
export interface Bm25Score {
  doc: number;
  score: number;
  matched: number;
  matchedTerms: number;
}

/** Builds the index from documents given as field name -> analysed terms. */
export function buildBm25<F extends string>(
  docs: ReadonlyArray<Record<F, readonly string[]>>,
  config: Bm25Config<F>,
): Bm25Index {
  const fieldNames = Object.keys(config.fields) as F[];
  const averageLength = new Map<F, number>();
  for (const field of fieldNames) {
    const total = docs.reduce((sum, doc) => sum + doc[field].length, 0);
    averageLength.set(field, docs.length > 0 ? Math.max(total / docs.length, 1) : 1);
  }
  const postings = new Map<string, Map<number, number>>();
  docs.forEach((doc, index) => {
    for (const field of fieldNames) {
      const { weight, b } = config.fields[field];
      const terms = doc[field];
      const norm = 1 - b + (b * terms.length) / (averageLength.get(field) ?? 1);
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        let posting = postings.get(term);
        if (!posting) {
          posting = new Map();
          postings.set(term, posting);
        }
        posting.set(index, (posting.get(index) ?? 0) + (weight * count) / norm);
      }
    }
  });
  return { k1: config.k1, docCount: docs.length, postings };
}

/** BM25's inverse document frequency (never negative); a term no document has gets the highest value. */
export function inverseDocumentFrequency(index: Bm25Index, term: string): number {
  const df = index.postings.get(term)?.size ?? 0;
  return Math.log(1 + (index.docCount - df + 0.5) / (df + 0.5));
}

/** The idf of a term no document has: what an unknown word of a question weighs. */
export function maxInverseDocumentFrequency(index: Bm25Index): number {
  return Math.log(1 + (index.docCount + 0.5) / 0.5);
}

/**
 * Scores every document that shares a term with the query, highest first. Each term adds
 * weight * idf * tf / (k1 + tf), so a document can approach but never exceed the query's total weighted idf.
 */
export function scoreBm25(index: Bm25Index, query: readonly QueryTerm[]): Bm25Score[] {
  const scores = new Map<number, Bm25Score>();
  for (const { term, weight } of query) {
    const posting = index.postings.get(term);
    if (!posting) continue;
    const idf = inverseDocumentFrequency(index, term);
    for (const [doc, tf] of posting) {
      const entry = scores.get(doc) ?? { doc, score: 0, matched: 0, matchedTerms: 0 };
      entry.score += (weight * idf * tf) / (index.k1 + tf);
      entry.matched += weight * idf;
      entry.matchedTerms += 1;
      scores.set(doc, entry);
    }
  }
  return [...scores.values()].sort((a, b) => b.score - a.score || a.doc - b.doc);
}
