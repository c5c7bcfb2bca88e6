import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import {
  buildMemoryIndex,
  findNeighbours,
  MAX_MEMORY_WORDS,
  memoryEvidence,
  memoryTerms,
  memoryWords,
  QuestionMemory,
} from "../../src/knowledge/memory.js";
import { buildKnowledgeIndex, type KnowledgeIndex } from "../../src/knowledge/search-index.js";
import { fixture } from "./paths.js";

const index = buildKnowledgeIndex(await loadKnowledgeBase(fixture("valid")));
const position = (id: string): number => index.topics.findIndex((t) => t.id === id);

/** A memory of `questions` as kb:fit writes it: topic ids named once, each line the question's sorted words. */
function rememberQuestions(questions: ReadonlyArray<readonly [string, string | null]>): QuestionMemory {
  const topics = [...new Set(questions.flatMap(([, id]) => (id === null ? [] : [id])))];
  return {
    topics,
    lines: questions.map(([q, id]) => {
      const { lang, words } = memoryWords(q);
      return [id === null ? -1 : topics.indexOf(id), lang, words.join(" ")] as const;
    }),
  };
}

const memory = rememberQuestions([
  ["busjes halen om vijf uur 's ochtends arbeiders op", "signalen-arbeidsuitbuiting"],
  ["werknemers slapen in de loods van de baas", "signalen-arbeidsuitbuiting"],
  ["mijn nichtje heeft een oudere vriend met veel cadeautjes", "signalen-loverboy"],
  ["wanneer bel ik veilig thuis", "veilig-thuis"],
  ["hoe laat gaat de bibliotheek open", null],
]);

/** The memory's evidence about `question`, computed as the search does. */
function ask(knowledge: KnowledgeIndex, remembered: QuestionMemory, question: string) {
  const built = buildMemoryIndex(knowledge, remembered);
  const terms = memoryTerms(knowledge, memoryWords(question));
  const neighbours = findNeighbours(knowledge, built, terms);
  return {
    neighbours,
    evidence: memoryEvidence(
      neighbours.map((n) => [built.lineTopic[n.line] ?? -1, n.similarity] as const),
      terms.map((term) => (built.postings.get(term) ?? []).map((line) => built.lineTopic[line] ?? -1)),
      built.totals,
    ),
  };
}

const topVote = (vote: ReadonlyMap<number, number>): number | undefined =>
  [...vote].sort((a, b) => b[1] - a[1])[0]?.[0];

describe("memory", () => {
  it("should let the nearest remembered question vote for its topic, even on words the topics lack", () => {
    const { neighbours, evidence } = ask(index, memory, "Er komen elke ochtend busjes die arbeiders ophalen");
    expect(neighbours.length).toBeGreaterThan(0);
    expect(topVote(evidence.vote)).toBe(position("signalen-arbeidsuitbuiting"));
    expect(evidence.best.get(position("signalen-arbeidsuitbuiting"))).toBeGreaterThan(0.2);
    expect(evidence.bestInDomain).toBe(evidence.best.get(position("signalen-arbeidsuitbuiting")));
    expect(evidence.declineVote).toBe(0);
    const posterior = [...evidence.posterior].sort((a, b) => b[1] - a[1]);
    expect(posterior[0]?.[0]).toBe(position("signalen-arbeidsuitbuiting"));
  });

  it("should vote to decline when the nearest remembered question was one to decline", () => {
    const { evidence } = ask(index, memory, "Wanneer gaat de bibliotheek open?");
    expect(evidence.bestDecline).toBeGreaterThan(evidence.bestInDomain);
    expect(evidence.declineVote).toBeGreaterThan(0.5);
  });

  it("should give no evidence for a question that shares no term with any remembered one", () => {
    const { neighbours, evidence } = ask(index, memory, "kwispelende zeppelins boven Appelscha");
    expect(neighbours).toEqual([]);
    expect(evidence).toEqual({
      best: new Map(),
      vote: new Map(),
      bestInDomain: 0,
      bestDecline: 0,
      declineVote: 0,
      posterior: new Map(),
      declineOdds: 0,
    });
  });

  it("should give the same evidence whatever the order of the remembered questions", () => {
    const reversed = { topics: memory.topics, lines: [...memory.lines].reverse() };
    const question = "werknemers slapen in de loods en een oudere vriend geeft cadeautjes";
    expect(ask(index, reversed, question).evidence).toEqual(ask(index, memory, question).evidence);
  });

  it("should skip a remembered line whose topic the knowledge base no longer has", () => {
    const stale = rememberQuestions([["busjes halen arbeiders op", "verdwenen-onderwerp"]]);
    expect(buildMemoryIndex(index, stale).lineTopic).toEqual([]);
  });

  it("should keep and compare at most MAX_MEMORY_WORDS words of a question", () => {
    const long = Array.from(
      { length: 500 },
      (_, i) => `woord${String.fromCharCode(97 + (i % 26))}${i}x`,
    ).join(" ");
    expect(memoryWords(long).words).toHaveLength(MAX_MEMORY_WORDS);
    const terms = memoryTerms(index, { lang: "nl", words: long.split(" ") });
    expect(terms.length).toBeLessThanOrEqual(MAX_MEMORY_WORDS);
  });

  it("should refuse a memory whose line is longer than a question can be", () => {
    const words = Array.from({ length: MAX_MEMORY_WORDS + 1 }, (_, i) => `w${i}`).join(" ");
    expect(QuestionMemory.safeParse({ topics: [], lines: [[-1, "nl", words]] }).success).toBe(false);
    expect(QuestionMemory.safeParse({ topics: [], lines: [[-1, "nl", "x".repeat(5000)]] }).success).toBe(
      false,
    );
    expect(QuestionMemory.safeParse({ topics: ["a"], lines: [[1, "nl", "loverboy"]] }).success).toBe(false);
    expect(QuestionMemory.safeParse(memory).success).toBe(true);
  });
});
