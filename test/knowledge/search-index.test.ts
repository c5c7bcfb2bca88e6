import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import { analyseQuery, typoWeight, buildKnowledgeIndex } from "../../src/knowledge/search-index.js";
import { groupTerm } from "../../src/knowledge/synonyms.js";
import { stem } from "../../src/knowledge/text.js";
import { fixture, realKnowledge } from "./paths.js";

const index = buildKnowledgeIndex(await loadKnowledgeBase(fixture("valid")));
const real = buildKnowledgeIndex(await loadKnowledgeBase(realKnowledge));

describe("search-index", () => {
  it("should index every title and variant as its own phrasing", () => {
    expect(index.phrasingTopic).toHaveLength(3 * (2 + 4 + 1));
    expect(index.bm25.docCount).toBe(3);
  });

  it("should keep known words at full weight and expand synonyms", () => {
    const query = analyseQuery(index, "wat is een pooierboy");
    expect(query.terms).toEqual([{ term: groupTerm(0), weight: 1 }]);
    expect(query.unknownWeight).toBe(0);
  });

  it("should correct a typo against the vocabulary at reduced weight", () => {
    const query = analyseQuery(index, "contrakt");
    expect(query.terms).toEqual([{ term: stem("contract", "nl"), weight: typoWeight(8, 1) }]);
    expect(query.unknownWeight).toBeCloseTo(1 - typoWeight(8, 1));
  });

  it("should trust a correction of a long word more than one of a short word", () => {
    expect(typoWeight(16, 1)).toBeGreaterThan(typoWeight(8, 1));
    expect(typoWeight(8, 1)).toBeGreaterThan(typoWeight(8, 2));
    expect(typoWeight(16, 1)).toBeLessThan(1);
  });

  it("should split an unknown compound into known parts", () => {
    const query = analyseQuery(index, "loonsignalen");
    expect(query.terms.map((t) => t.term).sort()).toEqual(
      [stem("loon", "nl"), stem("signalen", "nl")].sort(),
    );
  });

  it("should count unknown words and ignore unknown numbers", () => {
    const query = analyseQuery(index, "hoeveel kost een rijbewijs in 2027");
    expect(query.terms).toEqual([]);
    expect(query.wordCount).toBe(2);
    expect(query.unknownWeight).toBe(2);
  });

  it("should list each content word with its terms and whether it is a domain word", () => {
    const query = analyseQuery(real, "is er opvang voor zwerfkatten");
    expect(query.words.map((w) => w.domain)).toEqual([true, false]);
    expect(query.words[1]?.terms).toEqual([]);
    // a known word is not a domain compound because its spelling contains one ("exploit")
    expect(analyseQuery(real, "exploitatievergunning voor een café").domainTerms).toBe(0);
  });

  it("should keep English and Dutch terms apart: English 'kinds' is not Dutch 'kind' (child)", () => {
    const terms = analyseQuery(real, "what kinds of exploitation count as trafficking").terms.map(
      (t) => t.term,
    );
    expect(terms).not.toContain(stem("kind", "nl"));
    expect(analyseQuery(real, "welk kind is slachtoffer").terms.map((t) => t.term)).toContain(
      stem("kind", "nl"),
    );
  });

  it("should detect English unless a language is given", () => {
    expect(analyseQuery(index, "what are the signs of labour exploitation").lang).toBe("en");
    expect(analyseQuery(index, "what are the signs of labour exploitation", "nl").lang).toBe("nl");
  });

  it("should count domain words, also inside compounds and through their synonym group", () => {
    expect(analyseQuery(real, "hoe groot is het probleem in Nederland").domainTerms).toBe(0);
    expect(analyseQuery(real, "hoeveel mensenhandelzaken waren er").domainTerms).toBe(1);
    expect(analyseQuery(real, "is trafficking common here").domainTerms).toBe(1);
    // a phrase in the domain list counts as its group, not as the groups of its words ("meld", "anoniem")
    expect(analyseQuery(real, "hoe meld ik me ziek").domainTerms).toBe(0);
    // an English member of a group is not matched inside another word
    expect(analyseQuery(real, "waar vind ik mijn salarisstrook in youforce").domainTerms).toBe(0);
  });

  it("should count generic words, and errand words only when asked for oneself", () => {
    expect(analyseQuery(real, "hoe vraag ik een parkeervergunning aan").genericWords).toBe(1);
    expect(analyseQuery(real, "hoe verleng ik mijn paspoort").genericWords).toBe(1);
    expect(analyseQuery(real, "zijn werkgever heeft zijn paspoort afgepakt").genericWords).toBe(0);
  });
});
