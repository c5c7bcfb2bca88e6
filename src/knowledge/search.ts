/**
 * @module knowledge/search
 * `findAnswers(index, question)`: the one function the bot, kb:eval and the benchmark call. It ranks topics with
 * BM25F and returns the confidence decision (answer / suggest / decline) with the topics to show.
 */
import {
  type Bm25Index,
  type Bm25Score,
  inverseDocumentFrequency,
  maxInverseDocumentFrequency, type QueryTerm, scoreBm25 } from "./bm25.js";
import { decide, type Decision, type DecisionFeatures, type DecisionReason } from "./decision.js";
import { analyseQuery, type KnowledgeIndex, type QueryWord } from "./search-index.js";
import type { Lang } from "./topic-schema.js";

/** How many "bedoelde je ...?" choices a suggestion shows at most. */
export const MAX_SUGGESTIONS = 3;

// A suggestion far below the best one only adds noise to the choice.
const MIN_SUGGESTION_RATIO = 0.35;

/** One ranked topic. */
export interface SearchHit {
  topicId: string;
  score: number;
}

/**
 * The outcome for one question. `hits` are what the bot shows: one topic for "answer", up to three for
 * "suggest"; for "decline" they are the weak candidates, shown to no one but kept in the gap log for curators.
 * `lang` is the language to answer in (the given one, else detected from the question).
 */
export interface SearchResult {
  decision: Decision;
  hits: SearchHit[];
  reason: DecisionReason;
  lang: Lang;
  features: DecisionFeatures;
}

/** How much the whole-topic match counts against the best single phrasing (title or variant) match. */
const TOPIC_SHARE = 0.5;
// A phrasing the question covers completely ("CoMensha" for "wat doet CoMensha?") says more than a long variant
// that merely contains the same word; this share of the phrasing score depends on how much of it is covered.
const PHRASING_COVER = 0.5;

interface TopicScore {
  topic: number;
  score: number;
  coverage: number;
  matchedTerms: number;
}

/**
 * Scores topics by combining two normalised BM25 scores: the whole topic (BM25F over its fields) and its closest
 * phrasing. Each is divided by what the question could reach in that index (unknown words count as the rarest
 * term), so scores and coverage are comparable across questions.
 */
function scoreTopics(index: KnowledgeIndex, terms: readonly QueryTerm[], unknownWeight: number): TopicScore[] {
  const reach = (bm25: Bm25Index): number =>
    terms.reduce((sum, t) => sum + t.weight * inverseDocumentFrequency(bm25, t.term), 0) +
    unknownWeight * maxInverseDocumentFrequency(bm25);
  const topicReach = reach(index.bm25);
  const phrasingReach = reach(index.phrasings);
  if (topicReach <= 0 || phrasingReach <= 0) return [];
  const byTopic = new Map<number, TopicScore>();
  const entry = (topic: number): TopicScore => {
    let found = byTopic.get(topic);
    if (!found) {
      found = { topic, score: 0, coverage: 0, matchedTerms: 0 };
      byTopic.set(topic, found);
    }
    return found;
  };
  for (const hit of scoreBm25(index.bm25, terms)) {
    const e = entry(hit.doc);
    e.score += (TOPIC_SHARE * hit.score) / topicReach;
    e.coverage += (TOPIC_SHARE * hit.matched) / topicReach;
    e.matchedTerms = Math.max(e.matchedTerms, hit.matchedTerms);
  }
  const bestPhrasing = new Map<number, { hit: Bm25Score; score: number }>();
  for (const hit of scoreBm25(index.phrasings, terms)) {
    const topic = index.phrasingTopic[hit.doc] ?? -1;
    const mass = index.phrasingMass[hit.doc] ?? 0;
    const covered = mass > 0 ? Math.min(hit.matched / mass, 1) : 0;
    const score = (hit.score / phrasingReach) * (1 - PHRASING_COVER + PHRASING_COVER * covered);
    const best = bestPhrasing.get(topic);
    if (!best || score > best.score) bestPhrasing.set(topic, { hit, score });
  }
  for (const [topic, { hit, score }] of bestPhrasing) {
    const e = entry(topic);
    e.score += (1 - TOPIC_SHARE) * score;
    e.coverage += ((1 - TOPIC_SHARE) * hit.matched) / phrasingReach;
    e.matchedTerms = Math.max(e.matchedTerms, hit.matchedTerms);
  }
  return [...byTopic.values()].sort((a, b) => b.score - a.score || a.topic - b.topic);
}

// The closest runner-up that is not linked to the best topic through `related`; linked topics are shown as
// buttons under a direct answer, so they compete less with it.
function unrelatedRatio(index: KnowledgeIndex, ranked: readonly TopicScore[]): number {
  const [first] = ranked;
  if (!first || first.score <= 0) return 0;
  const top = index.topics[first.topic];
  const other = ranked.slice(1).find((r) => {
    const t = index.topics[r.topic];
    return !(top?.related.includes(t?.id ?? "") || t?.related.includes(top?.id ?? ""));
  });
  return other ? other.score / first.score : 0;
}

/**
 * The idf-weighted share of the question's words OTHER than its domain words that `topics` contain (1 when
 * there are none). An unknown word weighs as the rarest term. A question that shares only its domain word with
 * the knowledge base ("opvang voor zwerfkatten", "bedenktijd bij het kopen van een huis") is about something
 * else; an in-domain question's other words ("jongeren", "drugs") occur in the topics it is about.
 */
function restCoverage(index: KnowledgeIndex, words: readonly QueryWord[], topics?: readonly number[]): number {
  const rarest = maxInverseDocumentFrequency(index.bm25);
  let mass = 0;
  let covered = 0;
  for (const word of words) {
    if (word.domain && topics) continue;
    if (word.terms.length === 0) {
      mass += rarest;
      continue;
    }
    let idf = 0;
    let found = 0;
    for (const term of word.terms) {
      const termIdf = inverseDocumentFrequency(index.bm25, term);
      idf += termIdf / word.terms.length;
      const posting = index.bm25.postings.get(term);
      if (posting && (!topics || topics.some((t) => posting.has(t)))) found += termIdf / word.terms.length;
    }
    mass += word.weight * idf + (1 - word.weight) * rarest;
    covered += word.weight * found;
  }
  return mass > 0 ? covered / mass : 1;
}

/** Searches the index for `question` and decides how confidently to answer; pure and fast (well under 5 ms). */
export function findAnswers(index: KnowledgeIndex, question: string, lang?: Lang): SearchResult {
  const query = analyseQuery(index, question, lang);
  const ranked = scoreTopics(index, query.terms, query.unknownWeight);
  const [first, second] = ranked;
  const features: DecisionFeatures = {
    wordCount: query.wordCount,
    coverage: first ? Math.min(first.coverage, 1) : 0,
    matchedTerms: first ? first.matchedTerms : 0,
    strength: first ? first.score : 0,
    runnerUpRatio: first && second && first.score > 0 ? second.score / first.score : 0,
    unrelatedRunnerUpRatio: unrelatedRatio(index, ranked),
    domainTerms: query.domainTerms,
    genericWords: query.genericWords,
    restCoverage: first ? restCoverage(index, query.words, [first.topic]) : 0,
    knownShare: restCoverage(index, query.words),
  };
  const { decision, reason } = decide(features);
  const candidates = ranked
    .filter((r) => first !== undefined && r.score >= first.score * MIN_SUGGESTION_RATIO)
    .slice(0, MAX_SUGGESTIONS)
    .map((r) => ({ topicId: index.topics[r.topic]?.id ?? "", score: r.score }));
  const hits = decision === "answer" ? candidates.slice(0, 1) : candidates;
  return { decision, hits, reason, lang: query.lang, features };
}
