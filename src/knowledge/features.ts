/**
 * @module knowledge/features
 * The evidence the learned search weighs: per candidate topic, how well each part of it matches the question
 * (BM25F over all fields, each field alone, the closest single phrasing, coverage); per question, how sure the
 * ranking is and how much the question is about the domain (domain and everyday words, known share); and what the
 * question memory (src/knowledge/memory.ts) says about both. Every text value is normalised by what the question
 * could reach, so it does not depend on the size of the knowledge base.
 */
import {
  type Bm25Index,
  inverseDocumentFrequency,
  maxInverseDocumentFrequency,
  type QueryTerm,
  scoreBm25,
} from "./bm25.js";
import type { MemoryEvidence } from "./memory.js";
import { FIELDS, type KnowledgeIndex, type QueryAnalysis, type QueryWord } from "./search-index.js";

/** How many topics, best first by the combined BM25 score, the ranking model re-orders. */
export const CANDIDATE_POOL = 10;
// How many topics the question memory's votes add to the pool (when the BM25 score left them out); 0 and 5 did
// no better held out by writer.
const MEMORY_POOL = 3;

/** The features of one candidate topic, in the order the ranking model reads them. */
export const CANDIDATE_FEATURES = [
  "combined",
  "topic",
  "phrasing",
  "title",
  "variants",
  "tags",
  "body",
  "coverage",
  "phrasingCover",
  "ratioToBest",
  "matchedShare",
  "restCoverage",
  "memoryBest",
  "memoryVote",
  "memoryPosterior",
] as const;

// The features the topic texts give; the last CANDIDATE_FEATURES come from the question memory.
const TEXT_FEATURES = CANDIDATE_FEATURES.length - 3;

/**
 * The features of a question, in the order the in-domain and correctness models read them. Mostly what the words
 * mean: the length of a question counts only as the amount of evidence (log of its content words), never
 * together with the lack of a domain word, which says more about who wrote a test set (short off-topic lines like
 * "goedemorgen!") than about the domain ("telefoonnummer aanspreekpunt" is short too).
 */
export const QUESTION_FEATURES = [
  "topChance",
  "secondChance",
  "margin",
  "strength",
  "coverage",
  "restCoverage",
  "knownShare",
  "knownShareWithoutDomain",
  "domainTerms",
  "hasDomain",
  "genericWords",
  "genericWithoutDomain",
  "logWords",
  "unknownShare",
  "matchedShare",
  "runnerUpRatio",
  "unrelatedRunnerUpRatio",
  "phrasing",
  "curatedShare",
  "specificWord",
  "english",
  "aboutPerson",
  "memoryInDomain",
  "memoryDecline",
  "memoryDeclineVote",
  "topMemoryVote",
  "memoryDeclineOdds",
  "topMemoryPosterior",
] as const;

/** A candidate topic with its feature values (CANDIDATE_FEATURES order). */
export interface Candidate {
  topic: number;
  values: number[];
}

/**
 * A candidate after ranking: `logOdds` is the ranking model's score, `chance` its probability of being right (its
 * softmax share among the question's candidates).
 */
export interface RankedCandidate extends Candidate {
  logOdds: number;
  chance: number;
}

/** How much the whole-topic match counts against the best single phrasing (title or variant) match. */
const TOPIC_SHARE = 0.5;
// A phrasing the question covers completely ("CoMensha" for "wat doet CoMensha?") says more than a long variant
// that merely contains the same word; this share of the phrasing score depends on how much of it is covered.
const PHRASING_COVER = 0.5;

// The best the question could reach in an index: every term's idf, and unknown words as the rarest term.
function reach(bm25: Bm25Index, terms: readonly QueryTerm[], unknownWeight: number): number {
  return (
    terms.reduce((sum, t) => sum + t.weight * inverseDocumentFrequency(bm25, t.term), 0) +
    unknownWeight * maxInverseDocumentFrequency(bm25)
  );
}

interface Partial {
  topic: number;
  combined: number;
  topic_: number;
  phrasing: number;
  phrasingCover: number;
  coverage: number;
  matchedTerms: number;
  fields: number[];
}

/**
 * The idf-weighted share of the question's words OTHER than its domain words that each of `topics` contains (1
 * when there are none). An unknown word weighs as the rarest term. A question that shares only its domain word with
 * the knowledge base ("opvang voor zwerfkatten") is about something else; an in-domain question's other words
 * occur in the topics it is about.
 */
function restCoverage(
  index: KnowledgeIndex,
  words: readonly QueryWord[],
  topics: readonly number[],
): number[] {
  const rarest = maxInverseDocumentFrequency(index.bm25);
  let mass = 0;
  const covered = topics.map(() => 0);
  for (const word of words) {
    if (word.domain) continue;
    if (word.terms.length === 0) {
      mass += rarest;
      continue;
    }
    let idf = 0;
    for (const term of word.terms) {
      const termIdf = inverseDocumentFrequency(index.bm25, term) / word.terms.length;
      idf += termIdf;
      const posting = index.bm25.postings.get(term);
      if (!posting) continue;
      topics.forEach((topic, i) => {
        if (posting.has(topic)) covered[i] = (covered[i] ?? 0) + word.weight * termIdf;
      });
    }
    mass += word.weight * idf + (1 - word.weight) * rarest;
  }
  return covered.map((c) => (mass > 0 ? c / mass : 1));
}

/** The idf-weighted share of the question's words the knowledge base knows at all (unknown words weigh most). */
function knownShare(index: KnowledgeIndex, words: readonly QueryWord[]): number {
  const rarest = maxInverseDocumentFrequency(index.bm25);
  let mass = 0;
  let known = 0;
  for (const word of words) {
    if (word.terms.length === 0) {
      mass += rarest;
      continue;
    }
    let idf = 0;
    let found = 0;
    for (const term of word.terms) {
      const termIdf = inverseDocumentFrequency(index.bm25, term) / word.terms.length;
      idf += termIdf;
      if (index.bm25.postings.has(term)) found += termIdf;
    }
    mass += word.weight * idf + (1 - word.weight) * rarest;
    known += word.weight * found;
  }
  return mass > 0 ? known / mass : 1;
}

/**
 * The text evidence for every topic that shares a term with the question: the TEXT_FEATURES values per topic
 * position, and the positions by the combined score, best first. It does not depend on the fitted model, so
 * kb:fit computes it once per question.
 */
export interface TopicEvidence {
  values: ReadonlyMap<number, readonly number[]>;
  order: readonly number[];
}

/** Scores every topic that shares a term with the question (half whole topic, half closest phrasing). */
export function topicEvidence(index: KnowledgeIndex, query: QueryAnalysis): TopicEvidence {
  const { terms, unknownWeight } = query;
  const topicReach = reach(index.bm25, terms, unknownWeight);
  const phrasingReach = reach(index.phrasings, terms, unknownWeight);
  if (topicReach <= 0 || phrasingReach <= 0) return { values: new Map(), order: [] };
  const byTopic = new Map<number, Partial>();
  const entry = (topic: number): Partial => {
    let found = byTopic.get(topic);
    if (!found) {
      found = {
        topic,
        combined: 0,
        topic_: 0,
        phrasing: 0,
        phrasingCover: 0,
        coverage: 0,
        matchedTerms: 0,
        fields: FIELDS.map(() => 0),
      };
      byTopic.set(topic, found);
    }
    return found;
  };
  for (const hit of scoreBm25(index.bm25, terms)) {
    const e = entry(hit.doc);
    e.topic_ = hit.score / topicReach;
    e.combined += TOPIC_SHARE * e.topic_;
    e.coverage += (TOPIC_SHARE * hit.matched) / topicReach;
    e.matchedTerms = Math.max(e.matchedTerms, hit.matchedTerms);
  }
  const bestPhrasing = new Map<
    number,
    { matched: number; matchedTerms: number; score: number; covered: number }
  >();
  for (const hit of scoreBm25(index.phrasings, terms)) {
    const topic = index.phrasingTopic[hit.doc] ?? -1;
    const mass = index.phrasingMass[hit.doc] ?? 0;
    const covered = mass > 0 ? Math.min(hit.matched / mass, 1) : 0;
    const score = (hit.score / phrasingReach) * (1 - PHRASING_COVER + PHRASING_COVER * covered);
    const best = bestPhrasing.get(topic);
    if (!best || score > best.score) bestPhrasing.set(topic, { ...hit, score, covered });
  }
  for (const [topic, best] of bestPhrasing) {
    const e = entry(topic);
    e.phrasing = best.score;
    e.phrasingCover = best.covered;
    e.combined += (1 - TOPIC_SHARE) * best.score;
    e.coverage += ((1 - TOPIC_SHARE) * best.matched) / phrasingReach;
    e.matchedTerms = Math.max(e.matchedTerms, best.matchedTerms);
  }
  const all = [...byTopic.values()].sort((a, b) => b.combined - a.combined || a.topic - b.topic);
  const best = all[0]?.combined ?? 0;
  FIELDS.forEach((field, f) => {
    const fieldIndex = index.fields[field];
    const fieldReach = reach(fieldIndex, terms, unknownWeight);
    if (fieldReach <= 0) return;
    for (const { term, weight } of terms) {
      const posting = fieldIndex.postings.get(term);
      if (!posting) continue;
      const idf = inverseDocumentFrequency(fieldIndex, term);
      for (const [topic, tf] of posting) {
        const e = byTopic.get(topic);
        if (e) e.fields[f] = (e.fields[f] ?? 0) + (weight * idf * tf) / (fieldIndex.k1 + tf) / fieldReach;
      }
    }
  });
  const rest = restCoverage(
    index,
    query.words,
    all.map((e) => e.topic),
  );
  const values = new Map<number, number[]>();
  all.forEach((e, i) => {
    values.set(e.topic, [
      e.combined,
      e.topic_,
      e.phrasing,
      ...e.fields,
      Math.min(e.coverage, 1),
      e.phrasingCover,
      best > 0 ? e.combined / best : 0,
      terms.length > 0 ? e.matchedTerms / terms.length : 0,
      rest[i] ?? 0,
    ]);
  });
  return { values, order: all.map((e) => e.topic) };
}

/**
 * The candidates the ranking model re-orders: the CANDIDATE_POOL best topics by the combined score, plus up to
 * MEMORY_POOL topics the question memory votes for that the topic texts did not rank; each with its text
 * evidence (zero where the texts share no term) and the memory's.
 */
export function candidatesFrom(evidence: TopicEvidence, memory: MemoryEvidence): Candidate[] {
  const pool = evidence.order.slice(0, CANDIDATE_POOL);
  const voted = [...memory.vote].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  let added = 0;
  for (const [topic] of voted) {
    if (added >= MEMORY_POOL) break;
    if (pool.includes(topic)) continue;
    pool.push(topic);
    added += 1;
  }
  const none = new Array<number>(TEXT_FEATURES).fill(0);
  return pool.map((topic) => ({
    topic,
    values: [
      ...(evidence.values.get(topic) ?? none),
      memory.best.get(topic) ?? 0,
      memory.vote.get(topic) ?? 0,
      memory.posterior.get(topic) ?? 0,
    ],
  }));
}

const CURATED_FIELDS = ["title", "variants", "tags"] as const;

/**
 * How much of the question the curated fields (titles, question variants, tags) speak of: the share of its words
 * (idf-weighted, unknown words as the rarest) found there, and the rarest such word's idf as a share of the
 * highest. A signal word staff use ("matrassen", "nagelstudio") lives in a few topics' tags or variants; an
 * everyday question's words are unknown or spread over the body texts.
 */
function curatedEvidence(
  index: KnowledgeIndex,
  words: readonly QueryWord[],
): { share: number; specific: number } {
  const rarest = maxInverseDocumentFrequency(index.bm25);
  let mass = 0;
  let found = 0;
  let specific = 0;
  for (const word of words) {
    let idf = rarest;
    let curated = false;
    for (const term of word.terms) {
      idf = Math.min(idf, inverseDocumentFrequency(index.bm25, term));
      for (const field of CURATED_FIELDS) {
        const fieldIndex = index.fields[field];
        if (!fieldIndex.postings.has(term)) continue;
        curated = true;
        specific = Math.max(
          specific,
          (word.weight * inverseDocumentFrequency(fieldIndex, term)) /
            maxInverseDocumentFrequency(fieldIndex),
        );
      }
    }
    mass += idf;
    if (curated) found += word.weight * idf;
  }
  return { share: mass > 0 ? found / mass : 0, specific };
}

// The closest runner-up that is not linked to the best topic through `related`; linked topics are shown as
// buttons under a direct answer, so they compete less with it.
function unrelatedRunnerUp(
  index: KnowledgeIndex,
  ranked: readonly RankedCandidate[],
): RankedCandidate | undefined {
  const top = index.topics[ranked[0]?.topic ?? -1];
  return ranked.slice(1).find((r) => {
    const t = index.topics[r.topic];
    return !(top?.related.includes(t?.id ?? "") || t?.related.includes(top?.id ?? ""));
  });
}

const value = (c: Candidate | undefined, name: (typeof CANDIDATE_FEATURES)[number]): number =>
  c?.values[CANDIDATE_FEATURES.indexOf(name)] ?? 0;

/** The question's features (QUESTION_FEATURES order), given its candidates in ranked order. */
export function questionFeatures(
  index: KnowledgeIndex,
  query: QueryAnalysis,
  ranked: readonly RankedCandidate[],
  memory: MemoryEvidence,
): number[] {
  const [first, second] = ranked;
  const known = knownShare(index, query.words);
  const hasDomain = query.domainTerms > 0 ? 1 : 0;
  const curated = curatedEvidence(index, query.words);
  const ratio = (other: RankedCandidate | undefined): number => {
    const top = value(first, "combined");
    return top > 0 && other ? Math.min(value(other, "combined") / top, 1.5) : 0;
  };
  return [
    first?.chance ?? 0,
    second?.chance ?? 0,
    first && second ? Math.min(first.logOdds - second.logOdds, 10) : first ? 10 : 0,
    value(first, "combined"),
    value(first, "coverage"),
    value(first, "restCoverage"),
    known,
    hasDomain ? 1 : known,
    Math.min(query.domainTerms, 3),
    hasDomain,
    Math.min(query.genericWords, 2),
    query.genericWords > 0 && !hasDomain ? 1 : 0,
    Math.log1p(query.wordCount),
    query.wordCount > 0 ? query.unknownWeight / query.wordCount : 1,
    value(first, "matchedShare"),
    ratio(second),
    ratio(unrelatedRunnerUp(index, ranked)),
    value(first, "phrasing"),
    curated.share,
    curated.specific,
    query.writtenIn === "en" ? 1 : 0,
    query.aboutPerson ? 1 : 0,
    memory.bestInDomain,
    memory.bestDecline,
    memory.declineVote,
    value(first, "memoryVote"),
    memory.declineOdds,
    value(first, "memoryPosterior"),
  ];
}
