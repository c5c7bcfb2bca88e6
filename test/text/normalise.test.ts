import { normaliseText } from "../../src/text/normalise.js";

describe("normaliseText", () => {
  it("should lower-case and strip accents so ideeën and ideeen are one word", () => {
    expect(normaliseText("Ideeën Coördinator")).toBe("ideeen coordinator");
    expect(normaliseText("ZE IS BEWUSTELÓÓS")).toBe("ze is bewusteloos");
  });

  it("should turn typographic apostrophes and back-ticks into a plain one", () => {
    expect(normaliseText("she can\u2019t leave")).toBe("she can't leave");
    expect(normaliseText("\u2018z\u02bcn\u00b4 `x`")).toBe("'z'n' 'x'");
  });

  it("should collapse whitespace and trim, but keep punctuation for the caller", () => {
    expect(normaliseText("  help!\n\tnu  ,  hier ")).toBe("help! nu , hier");
  });
});
