import { analyse, detectLanguage, isStopword, stem, tokenize } from "../../src/knowledge/text.js";

describe("text", () => {
  it("should strip accents before tokenising so ideeën stays one word", () => {
    expect(tokenize("Heb je ideeën?")).toEqual(["heb", "je", "ideeen"]);
  });

  it("should split hyphenated words and drop one-letter fragments", () => {
    expect(tokenize("getuige-aangever z'n B8")).toEqual(["getuige", "aangever", "b8"]);
  });

  it("should stem Dutch inflections to one term", () => {
    expect(stem("signalen", "nl")).toBe(stem("signaal", "nl"));
    expect(stem("herkennen", "nl")).toBe(stem("herkent", "nl"));
    expect(stem("vergissen", "nl")).toBe(stem("vergist", "nl"));
    expect(stem("bewaard", "nl")).toBe(stem("bewaren", "nl"));
    expect(stem("slachtoffers", "nl")).toBe(stem("slachtoffer", "nl"));
  });

  it("should stem English forms lightly", () => {
    expect(stem("trafficked", "en")).toBe(stem("trafficking", "en"));
    expect(stem("victims", "en")).toBe("en:victim");
    expect(stem("business", "en")).toBe("en:business");
    expect(stem("kinds", "en")).not.toBe(stem("kind", "nl"));
  });

  it("should leave numbers alone", () => {
    expect(stem("112", "nl")).toBe("112");
  });

  it("should drop Dutch and English stopwords", () => {
    expect(isStopword("wanneer")).toBe(true);
    expect(isStopword("the")).toBe(true);
    expect(isStopword("loverboy")).toBe(false);
    expect(analyse("Wat is een loverboy?", "nl")).toEqual(["loverboy"]);
  });

  it("should detect English questions and default to Dutch", () => {
    expect(detectLanguage(tokenize("How do I report this to the police?"))).toBe("en");
    expect(detectLanguage(tokenize("Hoe meld ik dit bij de politie?"))).toBe("nl");
    expect(detectLanguage(tokenize("loverboy"))).toBe("nl");
  });
});
