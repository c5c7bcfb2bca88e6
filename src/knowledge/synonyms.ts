/**
 * @module knowledge/synonyms
 * Synonym expansion from knowledge/synonyms.yaml. Every group becomes one concept term ("§3"): a single-word
 * member is replaced by it, a multi-word phrase adds it next to its own words. Topic texts and questions go
 * through the same step, so "pooierboy" in a question meets "loverboy" in a topic, and "uitbuiting op het
 * werk" meets "arbeidsuitbuiting".
 */
import { analyse } from "./text.js";
import type { Lang, Synonyms } from "./topic-schema.js";

/** Synonym groups compiled to stemmed terms: single terms and multi-term phrases, each mapped to group terms. */
export interface SynonymMatcher {
  single: ReadonlyMap<string, readonly string[]>;
  /** phrases by their first term, so matching costs one look-up per word */
  phrases: ReadonlyMap<string, ReadonlyArray<{ terms: readonly string[]; group: string }>>;
}

/** The concept term that stands for synonym group `index`; no tokenizer can produce the "§". */
export function groupTerm(index: number): string {
  return `§${index}`;
}

/**
 * Compiles the groups with both the Dutch and the English stemmer, because a member such as "human
 * trafficking" may appear in either half of a topic and in a question of either language.
 */
export function compileSynonyms(synonyms: Synonyms): SynonymMatcher {
  const single = new Map<string, string[]>();
  const phrases = new Map<string, Array<{ terms: string[]; group: string }>>();
  const seenPhrases = new Set<string>();
  synonyms.groups.forEach((members, index) => {
    const group = groupTerm(index);
    for (const member of members) {
      for (const lang of ["nl", "en"] as const satisfies readonly Lang[]) {
        const terms = analyse(member, lang);
        if (terms.length === 1) {
          const term = terms[0] ?? "";
          const groups = single.get(term) ?? [];
          if (!groups.includes(group)) single.set(term, [...groups, group]);
        } else if (terms.length > 1) {
          const key = `${terms.join(" ")}|${group}`;
          if (!seenPhrases.has(key)) {
            seenPhrases.add(key);
            const first = terms[0] ?? "";
            phrases.set(first, [...(phrases.get(first) ?? []), { terms, group }]);
          }
        }
      }
    }
  });
  return { single, phrases };
}

function occursAt(terms: readonly string[], phrase: readonly string[], start: number): boolean {
  return phrase.every((term, offset) => terms[start + offset] === term);
}

/** A term with the weight it carries in a query (1 in topic texts). */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** set on a word that is part of a matched synonym phrase: its meaning is carried by the group term */
  inPhrase?: boolean;
  /** position in the input of the term this one came from (the first word, for a phrase's group term) */
  position?: number;
  /** for a phrase's group term: how many input terms the phrase spans */
  span?: number;
}

/**
 * Rewrites stemmed terms: single synonyms become their group term, matched phrases add theirs with the weight
 * of their weakest word (a phrase found through a typo correction is only as sure as that correction).
 */
export function applySynonyms(terms: readonly WeightedTerm[], matcher: SynonymMatcher): WeightedTerm[] {
  const plain = terms.map((t) => t.term);
  const inPhrase = new Set<number>();
  const added: WeightedTerm[] = [];
  for (let start = 0; start < plain.length; start++) {
    for (const { terms: phrase, group } of matcher.phrases.get(plain[start] ?? "") ?? []) {
      if (start + phrase.length <= plain.length && occursAt(plain, phrase, start)) {
        const weight = Math.min(...terms.slice(start, start + phrase.length).map((t) => t.weight));
        added.push({ term: group, weight, position: start, span: phrase.length });
        for (let i = start; i < start + phrase.length; i++) inPhrase.add(i);
      }
    }
  }
  const rewritten = terms.flatMap(({ term, weight }, i) =>
    (matcher.single.get(term) ?? [term]).map((t) =>
      inPhrase.has(i) ? { term: t, weight, inPhrase: true, position: i } : { term: t, weight, position: i },
    ),
  );
  return [...rewritten, ...added];
}
