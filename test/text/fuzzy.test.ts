import {
  buildTypoVocabulary,
  correctWord,
  editDistance,
  findNearWords,
  maxTypoDistance,
} from "../../src/text/fuzzy.js";

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

  it("should give the exact distance without a limit", () => {
    expect(editDistance("aan de ballie", "aan de balie")).toBe(1);
    expect(editDistance("abcdef", "uvwxyz")).toBe(6);
    expect(editDistance("", "balie")).toBe(5);
    // optimal string alignment: a swapped pair is not edited again (true Damerau-Levenshtein would give 2)
    expect(editDistance("ca", "abc")).toBe(3);
  });

  it("should agree with a plain dynamic-programming distance on random words", () => {
    const reference = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
      for (let j = 0; j <= b.length; j++) d[0]![j] = j;
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          const cost = a[i - 1] === b[j - 1] ? 0 : 1;
          let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            v = Math.min(v, d[i - 2]![j - 2]! + 1);
          d[i]![j] = v;
        }
      }
      return d[a.length]![b.length]!;
    };
    let seed = 3;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const word = () =>
      Array.from({ length: Math.floor(random() * 9) }, () => "abcde"[Math.floor(random() * 5)]).join("");
    for (let n = 0; n < 2000; n++) {
      const [a, b] = [word(), word()];
      const exact = reference(a, b);
      expect(editDistance(a, b)).toBe(exact);
      const limited = editDistance(a, b, 1);
      expect(limited <= 1 ? limited : "above").toBe(exact <= 1 ? exact : "above");
    }
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

  it("should find every vocabulary word within the limit, not only the closest", () => {
    const vocabulary = buildTypoVocabulary(
      new Map(["gewond", "gezond", "gewend", "bewonen"].map((w) => [w, 1])),
    );
    expect(findNearWords("gewond", vocabulary, 1).sort()).toEqual(["gewend", "gewond", "gezond"]);
    expect(findNearWords("gewnod", vocabulary, 1)).toEqual(["gewond"]);
    expect(findNearWords("gewnod", vocabulary, 2).sort()).toEqual(["gewend", "gewond", "gezond"]);
    expect(findNearWords("kapot", vocabulary, 1)).toEqual([]);
  });
});
