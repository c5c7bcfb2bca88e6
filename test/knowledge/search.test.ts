import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import { buildKnowledgeIndex } from "../../src/knowledge/search-index.js";
import { findAnswers, MAX_SUGGESTIONS } from "../../src/knowledge/search.js";
import { fixture, realKnowledge } from "./paths.js";

const index = buildKnowledgeIndex(await loadKnowledgeBase(fixture("valid")));
const real = buildKnowledgeIndex(await loadKnowledgeBase(realKnowledge));

describe("search", () => {
  it("should answer a clear question with its topic", () => {
    const result = findAnswers(index, "Wanneer bel ik Veilig Thuis?");
    expect(result.decision).toBe("answer");
    expect(result.hits).toEqual([{ topicId: "veilig-thuis", score: expect.any(Number) }]);
  });

  it("should find a topic through a synonym", () => {
    expect(findAnswers(index, "hoe herken ik een pooierboy")?.hits[0]?.topicId).toBe("signalen-loverboy");
    expect(findAnswers(index, "signalen van uitbuiting op het werk").hits[0]?.topicId).toBe(
      "signalen-arbeidsuitbuiting",
    );
  });

  it("should find a topic despite a typo", () => {
    const result = findAnswers(index, "hoe herken ik een loverbpy");
    expect(result.decision).not.toBe("decline");
    expect(result.hits[0]?.topicId).toBe("signalen-loverboy");
  });

  it("should answer English questions and say to answer in English", () => {
    const result = findAnswers(index, "What are signs of labour exploitation?");
    expect(result.hits[0]?.topicId).toBe("signalen-arbeidsuitbuiting");
    expect(result.lang).toBe("en");
  });

  it("should decline out-of-domain questions and small talk", () => {
    for (const q of [
      "Hoeveel kost een nieuw paspoort?",
      "hallo, hoe gaat het?",
      "wat voor weer wordt het morgen",
    ]) {
      expect(findAnswers(real, q).decision).toBe("decline");
    }
    expect(findAnswers(real, "").reason).toBe("no-content-words");
  });

  it("should never offer a single choice: an answer, or two or three choices", () => {
    for (const q of [
      "signalen",
      "wat betekenen veel matrassen in een huis?",
      "telefoonnummer aanspreekpunt",
      "hotel",
    ]) {
      const result = findAnswers(real, q);
      if (result.decision === "answer") expect(result.hits).toHaveLength(1);
      if (result.decision === "suggest") expect(result.hits.length).toBeGreaterThanOrEqual(2);
    }
  });

  it("should not decline many moves to one address (a signal word, not an errand)", () => {
    expect(findAnswers(real, "Er zijn heel veel verhuizingen naar één adres, wat doe ik?").decision).not.toBe(
      "decline",
    );
  });

  // "opvang" alone fits the shelter for adults and the one for minors alike, and the question does not say which.
  it("should offer at most three choices when unsure", () => {
    const result = findAnswers(real, "opvang");
    expect(result.decision).toBe("suggest");
    expect(result.hits.length).toBeGreaterThan(1);
    expect(result.hits.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
  });

  it("should keep weak candidates on a decline for the gap log", () => {
    const result = findAnswers(real, "hoe meld ik een fietsendiefstal");
    expect(result.decision).toBe("decline");
    expect(result.hits.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
  });

  it("should decline an everyday-service question even when a topic mentions its words", () => {
    // the Burgerzaken signals mention moving house; a question about one's own move is not about trafficking
    expect(findAnswers(real, "ik ga verhuizen, hoe geef ik mijn adres door").decision).toBe("decline");
    expect(findAnswers(real, "veel verhuizingen naar één adres, is dat een signaal?").decision).not.toBe(
      "decline",
    );
  });

  it("should decline the asker's own application for a service but not a client's application with a signal", () => {
    expect(findAnswers(real, "hoe vraag ik een uitkering aan").decision).toBe("decline");
    expect(findAnswers(real, "kan ik een paspoort aanvragen voor mijn zoon").decision).toBe("decline");
    expect(findAnswers(real, "klant wil paspoort aanvragen maar een man praat voor haar").decision).not.toBe(
      "decline",
    );
  });

  it("should not answer a short everyday question directly just because both its words occur in one topic", () => {
    expect(findAnswers(real, "hoeveel inwoners heeft onze gemeente").decision).not.toBe("answer");
  });

  it("should decline an everyday question that shares only one domain word with the knowledge base", () => {
    for (const q of [
      "is er opvang voor zwerfkatten in onze gemeente",
      "collega lijkt een burn-out te hebben, wat zijn de signalen",
      "hoe lang moeten we sollicitatiebrieven bewaren",
    ]) {
      expect({ q, decision: findAnswers(real, q).decision }).toEqual({ q, decision: "decline" });
    }
    expect(
      findAnswers(real, "jongeren die drugs moeten rondbrengen, wat zijn de signalen").decision,
    ).not.toBe("decline");
  });

  it("should offer choices rather than decline a thinly matched question in the domain's words", () => {
    const result = findAnswers(real, "leerling wordt afgeperst met naaktfoto's die ze zelf heeft gestuurd");
    expect(result.decision).not.toBe("decline");
    expect(result.hits.map((h) => h.topicId)).toContain("online-grooming-en-sextortion");
  });
});
