import {
  buildTypoVocabulary,
  correctWord,
  editDistance,
  maxTypoDistance,
} from "../../src/knowledge/fuzzy.js";

describe("fuzzy", () => {
  it("should count a swap of neighbours as one edit", () => {
    expect(editDistance("mensnehandel", "mensenhandel", 2)).toBe(1);
    expect(editDistance("loverbpy", "loverboy", 2)).toBe(1);
    expect(editDistance("kat", "kat", 1)).toBe(0);
    expect(editDistance("uitbuitng", "uitbuiting", 2)).toBe(1);
  });

  it("should stop at the limit", () => {
    expect(editDistance("paspoort", "zorgcoordinator", 2)).toBe(3);
    expect(editDistance("abcdef", "uvwxyz", 1)).toBe(2);
  });

  it("should allow more edits in longer words and none in short ones", () => {
    expect(maxTypoDistance(4)).toBe(0);
    expect(maxTypoDistance(6)).toBe(1);
    expect(maxTypoDistance(12)).toBe(2);
  });

  it("should correct to the closest and then most frequent vocabulary word", () => {
    const vocabulary = buildTypoVocabulary(
      new Map([
        ["mensenhandel", 10],
        ["arbeidsuitbuiting", 3],
        ["loverboy", 2],
        ["loverboys", 1],
        ["wet", 5],
      ]),
    );
    expect(correctWord("mensnehandel", vocabulary)).toEqual({ word: "mensenhandel", distance: 1 });
    expect(correctWord("arbeidsuitbuitng", vocabulary)).toEqual({ word: "arbeidsuitbuiting", distance: 1 });
    // one edit from both: the more frequent word wins
    expect(correctWord("loverboyz", vocabulary)?.word).toBe("loverboy");
    expect(correctWord("wed", vocabulary)).toBeUndefined();
    expect(correctWord("vakantiedagen", vocabulary)).toBeUndefined();
  });
});
