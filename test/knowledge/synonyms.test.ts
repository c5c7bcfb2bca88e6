import { applySynonyms, compileSynonyms, groupTerm } from "../../src/knowledge/synonyms.js";
import { analyse } from "../../src/knowledge/text.js";

const matcher = compileSynonyms({
  groups: [
    ["loverboy", "pooierboy"],
    ["arbeidsuitbuiting", "uitbuiting op het werk", "labour exploitation"],
  ],
});
const weighted = (text: string) => analyse(text, "nl").map((term) => ({ term, weight: 1 }));

describe("synonyms", () => {
  it("should map every single-word member to the same group term", () => {
    expect(applySynonyms(weighted("pooierboy"), matcher)).toEqual([
      { term: groupTerm(0), weight: 1, position: 0 },
    ]);
    expect(applySynonyms(weighted("loverboy"), matcher)).toEqual([
      { term: groupTerm(0), weight: 1, position: 0 },
    ]);
  });

  it("should add the group term for a multi-word phrase and keep its words", () => {
    const out = applySynonyms(weighted("signalen van uitbuiting op het werk"), matcher);
    expect(out.map((t) => t.term)).toContain(groupTerm(1));
    expect(out.find((t) => t.term === analyse("uitbuiting", "nl")[0])?.inPhrase).toBe(true);
    expect(applySynonyms(weighted("arbeidsuitbuiting"), matcher).map((t) => t.term)).toEqual([groupTerm(1)]);
  });

  it("should say which input terms a phrase's group term came from", () => {
    const out = applySynonyms(weighted("signalen van uitbuiting op het werk"), matcher);
    const phrase = out.find((t) => t.term === groupTerm(1));
    expect(phrase?.position).toBeGreaterThan(0);
    expect(phrase?.span).toBe(weighted("uitbuiting op het werk").length);
  });

  it("should give a phrase the weight of its weakest word", () => {
    const terms = analyse("uitbuiting werk", "nl").map((term, i) => ({ term, weight: i === 0 ? 0.6 : 1 }));
    expect(applySynonyms(terms, matcher).find((t) => t.term === groupTerm(1))?.weight).toBe(0.6);
  });

  it("should match English phrases stemmed as English", () => {
    const terms = analyse("labour exploitation", "en").map((term) => ({ term, weight: 1 }));
    expect(applySynonyms(terms, matcher).map((t) => t.term)).toContain(groupTerm(1));
  });
});
