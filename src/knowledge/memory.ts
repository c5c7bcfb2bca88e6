/**
 * @module knowledge/memory
 * The question memory: the development questions staff-like writers asked, each reduced to the bag of its content
 * words and the topic it was labelled with (or none, for a question to decline). A new question is compared with
 * every remembered one (weighted Jaccard over the same terms the topics use, plus raw stems of words the topics lack),
 * and its nearest neighbours vote for topics and for "decline". This carries what the topic texts cannot: the
 * everyday words and situations staff use ("busjes om 5 uur", "formulier bijzondere bijstand"). `npm run kb:fit`
 * fills the memory; the similarity of two questions depends only on their own words, never on which other
 * questions are remembered, so leave-one-set-out figures are computed by dropping lines, exactly as at run time.
 */
import { z } from "zod";
import { inverseDocumentFrequency, maxInverseDocumentFrequency } from "./bm25.js";
import type { KnowledgeIndex } from "./search-index.js";
import { applySynonyms } from "./synonyms.js";
import { detectLanguage, isStopword, stem, tokenize } from "./text.js";
import type { Lang } from "./topic-schema.js";

/** Most content words of a question the memory keeps or compares; every input has a bound. */
export const MAX_MEMORY_WORDS = 40;
// Bounds on the generated memory, far above its size (1,571 questions of 2026-12): a broken fit fails at load.
const MAX_WORD_LENGTH = 40;
const MAX_MEMORY_LINES = 20_000;
const MAX_MEMORY_TOPICS = 1_000;
// How many nearest remembered questions vote (5 and 11 were no better held out by writer).
const NEIGHBOURS = 7;

/**
 * The remembered questions: `topics` names the topic ids once, each line is `[topic position or -1 to decline,
 * language, content words]` with the words sorted (a bag, not the sentence).
 */
export const QuestionMemory = z
  .strictObject({
    topics: z.array(z.string().min(1)).max(MAX_MEMORY_TOPICS),
    lines: z
      .array(
        z.tuple([
          z.number().int().min(-1),
          z.enum(["nl", "en"]),
          z
            .string()
            .max(MAX_MEMORY_WORDS * MAX_WORD_LENGTH)
            .refine((text) => text.split(" ").length <= MAX_MEMORY_WORDS, "too many words"),
        ]),
      )
      .max(MAX_MEMORY_LINES),
  })
  .refine(
    (m) => m.lines.every(([topic]) => topic < m.topics.length),
    "a line names a topic the memory lacks",
  );
export type QuestionMemory = z.infer<typeof QuestionMemory>;

/** A question as the memory keeps it: its language and its distinct content words, sorted. */
export interface MemoryWords {
  lang: Lang;
  words: string[];
}

/** Reduces a question to what the memory keeps of it (pure). */
export function memoryWords(question: string): MemoryWords {
  const tokens = tokenize(question);
  const words = [...new Set(tokens.filter((t) => !isStopword(t) && !/^\d+$/.test(t)))]
    .slice(0, MAX_MEMORY_WORDS)
    .sort();
  return { lang: detectLanguage(tokens), words };
}

/**
 * The terms the memory compares: each word stemmed and folded into its synonym group, so "pooierboy" and
 * "loverboy" meet here too. No typo correction: a misspelt word simply does not meet its neighbours.
 */
export function memoryTerms(index: KnowledgeIndex, words: MemoryWords): string[] {
  const stems = words.words
    .slice(0, MAX_MEMORY_WORDS)
    .map((w, position) => ({ term: stem(w, words.lang), weight: 1, position }));
  return [...new Set(applySynonyms(stems, index.synonyms).map((t) => t.term))];
}

/** A term's weight in the similarity: its idf in the topics, and the rarest idf for a word the topics lack. */
function termWeight(index: KnowledgeIndex, term: string): number {
  return index.bm25.postings.has(term)
    ? inverseDocumentFrequency(index.bm25, term)
    : maxInverseDocumentFrequency(index.bm25);
}

/** The memory ready for look-ups: postings from term to lines, each line's topic position and weight mass. */
export interface MemoryIndex {
  readonly postings: ReadonlyMap<string, readonly number[]>;
  /** position in index.topics, or -1 for a question to decline */
  readonly lineTopic: readonly number[];
  readonly lineMass: readonly number[];
  /** position of each line in QuestionMemory.lines (lines without terms or with a removed topic are left out) */
  readonly lineSource: readonly number[];
  /** per topic position (-1: decline) the remembered lines and their summed term counts, for naive Bayes */
  readonly totals: BayesTotals;
}

/** Lines and term occurrences per topic position (-1 for the questions to decline). */
export interface BayesTotals {
  lines: Map<number, number>;
  terms: Map<number, number>;
}

/** Adds one remembered line of `topic` with `termCount` distinct terms to `totals`. */
export function addToTotals(totals: BayesTotals, topic: number, termCount: number): void {
  totals.lines.set(topic, (totals.lines.get(topic) ?? 0) + 1);
  totals.terms.set(topic, (totals.terms.get(topic) ?? 0) + termCount);
}

/** One remembered question near the asked one, and how similar (0..1). */
export interface Neighbour {
  line: number;
  similarity: number;
}

/**
 * Builds the look-up structure for `memory` against the topics of `index`. A line whose topic the knowledge
 * base no longer has is skipped (it says nothing about the current topics).
 */
export function buildMemoryIndex(index: KnowledgeIndex, memory: QuestionMemory): MemoryIndex {
  const position = new Map(index.topics.map((t, i) => [t.id, i]));
  const postings = new Map<string, number[]>();
  const lineTopic: number[] = [];
  const lineMass: number[] = [];
  const lineSource: number[] = [];
  const totals: BayesTotals = { lines: new Map(), terms: new Map() };
  memory.lines.forEach(([topicRef, lang, text], source) => {
    const id = topicRef >= 0 ? memory.topics[topicRef] : undefined;
    const topic = id === undefined ? -1 : (position.get(id) ?? -2);
    if (topic === -2) return;
    const terms = memoryTerms(index, { lang, words: text.split(" ").filter(Boolean) });
    if (terms.length === 0) return;
    const line = lineTopic.length;
    lineTopic.push(topic);
    lineSource.push(source);
    addToTotals(totals, topic, terms.length);
    lineMass.push(terms.reduce((sum, t) => sum + termWeight(index, t), 0));
    for (const term of terms) {
      const list = postings.get(term);
      if (list) list.push(line);
      else postings.set(term, [line]);
    }
  });
  return { postings, lineTopic, lineMass, lineSource, totals };
}

/** Every remembered question that shares a term with `terms`, with its weighted Jaccard similarity. */
export function findNeighbours(
  index: KnowledgeIndex,
  memory: MemoryIndex,
  terms: readonly string[],
): Neighbour[] {
  const shared = new Map<number, number>();
  let mass = 0;
  for (const term of terms) {
    const weight = termWeight(index, term);
    mass += weight;
    for (const line of memory.postings.get(term) ?? []) shared.set(line, (shared.get(line) ?? 0) + weight);
  }
  const neighbours: Neighbour[] = [];
  for (const [line, common] of shared) {
    const union = mass + (memory.lineMass[line] ?? 0) - common;
    neighbours.push({ line, similarity: union > 0 ? common / union : 0 });
  }
  return neighbours;
}

/** What the neighbours say: per topic the best similarity and its share of the votes; and about declining. */
export interface MemoryEvidence {
  /** topic position -> best similarity of a remembered question of that topic */
  best: Map<number, number>;
  /** topic position -> share of the NEIGHBOURS nearest questions' similarity that went to it */
  vote: Map<number, number>;
  /** best similarity of any remembered question with a topic */
  bestInDomain: number;
  /** best similarity of a remembered question that was to be declined */
  bestDecline: number;
  /** share of the nearest questions' similarity that went to "decline" */
  declineVote: number;
  /** topic position -> naive Bayes posterior over the topics, from the words of all remembered questions */
  posterior: Map<number, number>;
  /** naive Bayes log-odds that the question is one to decline rather than one with a topic */
  declineOdds: number;
}

// Naive Bayes smoothing: a word seen once with a topic is a hint, not proof; the vocabulary size is fixed so
// that the evidence does not depend on how many other questions are remembered. 0.1 did better held out by
// writer than 0.5 and 1.
const BAYES_ALPHA = 0.1;
const BAYES_VOCABULARY = 5000;
const MAX_DECLINE_ODDS = 8;

/**
 * Naive Bayes over the remembered questions' terms: `termTopics` holds, per query term, the topic position of each
 * remembered line that has it. Terms no remembered line has are left out (they favour no topic).
 */
function naiveBayes(
  termTopics: ReadonlyArray<readonly number[]>,
  totals: BayesTotals,
): { posterior: Map<number, number>; declineOdds: number } {
  const posterior = new Map<number, number>();
  let allLines = 0;
  for (const n of totals.lines.values()) allLines += n;
  const matched = termTopics.filter((t) => t.length > 0);
  // No shared term, no evidence: the class priors alone would favour the most asked topics for any question.
  if (allLines === 0 || matched.length === 0) return { posterior, declineOdds: 0 };
  const counts = matched.map((lines) => {
    const byTopic = new Map<number, number>();
    for (const topic of lines) byTopic.set(topic, (byTopic.get(topic) ?? 0) + 1);
    return byTopic;
  });
  const logLikelihood = (topic: number): number => {
    const terms = totals.terms.get(topic) ?? 0;
    const prior = Math.log((totals.lines.get(topic) ?? 0) / allLines);
    return counts.reduce(
      (sum, byTopic) =>
        sum + Math.log(((byTopic.get(topic) ?? 0) + BAYES_ALPHA) / (terms + BAYES_ALPHA * BAYES_VOCABULARY)),
      prior,
    );
  };
  const scores: Array<[number, number]> = [];
  let top = -Infinity;
  for (const topic of [...totals.lines.keys()].sort((a, b) => a - b)) {
    if (topic < 0) continue;
    const score = logLikelihood(topic);
    scores.push([topic, score]);
    top = Math.max(top, score);
  }
  let sum = 0;
  for (const [, score] of scores) sum += Math.exp(score - top);
  for (const [topic, score] of scores) posterior.set(topic, Math.exp(score - top) / sum);
  // In the domain against declined: all topics' lines pooled into one class.
  let inLines = 0;
  let inTerms = 0;
  for (const [topic, n] of totals.lines) if (topic >= 0) inLines += n;
  for (const [topic, n] of totals.terms) if (topic >= 0) inTerms += n;
  const declineLines = totals.lines.get(-1) ?? 0;
  const declineTerms = totals.terms.get(-1) ?? 0;
  if (inLines === 0 || declineLines === 0) return { posterior, declineOdds: 0 };
  let odds = Math.log(declineLines / inLines);
  for (const byTopic of counts) {
    let inside = 0;
    for (const [topic, n] of byTopic) if (topic >= 0) inside += n;
    odds +=
      Math.log(((byTopic.get(-1) ?? 0) + BAYES_ALPHA) / (declineTerms + BAYES_ALPHA * BAYES_VOCABULARY)) -
      Math.log((inside + BAYES_ALPHA) / (inTerms + BAYES_ALPHA * BAYES_VOCABULARY));
  }
  return {
    posterior,
    declineOdds: Math.max(-MAX_DECLINE_ODDS, Math.min(MAX_DECLINE_ODDS, odds)),
  };
}

/**
 * Sums up neighbours given as `[topic position or -1, similarity]` pairs, and naive Bayes over `termTopics` (per
 * query term, the topic positions of the remembered lines that have it) with the memory's `totals`. Ties are
 * broken by topic position so the result does not depend on the order of the memory.
 */
export function memoryEvidence(
  neighbours: ReadonlyArray<readonly [number, number]>,
  termTopics: ReadonlyArray<readonly number[]>,
  totals: BayesTotals,
): MemoryEvidence {
  const best = new Map<number, number>();
  let bestInDomain = 0;
  let bestDecline = 0;
  for (const [topic, similarity] of neighbours) {
    if (topic < 0) bestDecline = Math.max(bestDecline, similarity);
    else {
      bestInDomain = Math.max(bestInDomain, similarity);
      best.set(topic, Math.max(best.get(topic) ?? 0, similarity));
    }
  }
  const nearest = [...neighbours].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, NEIGHBOURS);
  const total = nearest.reduce((sum, n) => sum + n[1], 0);
  const vote = new Map<number, number>();
  let declineVote = 0;
  for (const [topic, similarity] of nearest) {
    const share = total > 0 ? similarity / total : 0;
    if (topic < 0) declineVote += share;
    else vote.set(topic, (vote.get(topic) ?? 0) + share);
  }
  return { best, vote, bestInDomain, bestDecline, declineVote, ...naiveBayes(termTopics, totals) };
}
