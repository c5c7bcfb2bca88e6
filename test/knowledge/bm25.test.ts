import {
  buildBm25,
  inverseDocumentFrequency,
  maxInverseDocumentFrequency,
  scoreBm25,
} from "../../src/knowledge/bm25.js";

const config = { k1: 1.2, fields: { title: { weight: 3, b: 0.5 }, body: { weight: 1, b: 0.75 } } };
const docs = [
  { title: ["veilig", "thuis"], body: ["advies", "huiselijk", "geweld"] },
  { title: ["politie"], body: ["veilig", "melden", "politie", "aangifte"] },
  { title: ["opvang"], body: ["slachtoffer", "opvang", "veilig"] },
];
const index = buildBm25(docs, config);
const q = (...terms: string[]) => terms.map((term) => ({ term, weight: 1 }));

describe("bm25", () => {
  it("should rank the document with the rarer matching term first", () => {
    expect(scoreBm25(index, q("aangifte", "veilig"))[0]?.doc).toBe(1);
  });

  it("should weigh a title match above a body match", () => {
    const ranked = scoreBm25(index, q("veilig"));
    expect(ranked[0]?.doc).toBe(0);
    expect(ranked).toHaveLength(3);
  });

  it("should give rarer terms a higher idf and unknown terms the highest", () => {
    expect(inverseDocumentFrequency(index, "aangifte")).toBeGreaterThan(
      inverseDocumentFrequency(index, "veilig"),
    );
    expect(inverseDocumentFrequency(index, "onbekend")).toBeGreaterThan(
      inverseDocumentFrequency(index, "aangifte"),
    );
    expect(maxInverseDocumentFrequency(index)).toBe(inverseDocumentFrequency(index, "onbekend"));
  });

  it("should report matched idf mass and term count, scaled by the query weight", () => {
    const [full] = scoreBm25(index, q("aangifte"));
    const [half] = scoreBm25(index, [{ term: "aangifte", weight: 0.5 }]);
    expect(full?.matchedTerms).toBe(1);
    expect(half?.score).toBeCloseTo((full?.score ?? 0) / 2);
    expect(full?.matched).toBeCloseTo(inverseDocumentFrequency(index, "aangifte"));
  });

  it("should return nothing when no term matches", () => {
    expect(scoreBm25(index, q("paspoort"))).toEqual([]);
  });
});
