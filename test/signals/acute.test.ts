import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { detectAcuteDanger } from "../../src/signals/acute.js";

interface Line {
  text: string;
  acute: boolean;
  heldOut?: boolean;
}
const lines: Line[] = readFileSync(
  fileURLToPath(new URL("../fixtures/signals/acute-eval.jsonl", import.meta.url)),
  "utf8",
)
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as Line);

function measure(set: readonly Line[]): { n: number; recall: number; precision: number; missed: string[] } {
  let tp = 0;
  let fp = 0;
  const missed: string[] = [];
  for (const line of set) {
    const got = detectAcuteDanger(line.text).acute;
    if (got && line.acute) tp++;
    else if (got) fp++;
    else if (line.acute) missed.push(line.text);
  }
  return { n: set.length, recall: tp / (tp + missed.length), precision: tp / (tp + fp), missed };
}

describe("detectAcuteDanger", () => {
  it("should reach recall >= 0.95 and precision >= 0.8 on the whole evaluation set and its held-out part", () => {
    const all = measure(lines);
    const heldOut = measure(lines.filter((l) => l.heldOut));
    console.log(
      `acute-eval: all n=${all.n} recall=${all.recall.toFixed(3)} precision=${all.precision.toFixed(3)}; ` +
        `held-out n=${heldOut.n} recall=${heldOut.recall.toFixed(3)} precision=${heldOut.precision.toFixed(3)}`,
    );
    expect(heldOut.n).toBeGreaterThanOrEqual(30);
    expect(all.missed).toEqual([]);
    expect(all.recall).toBeGreaterThanOrEqual(0.95);
    expect(all.precision).toBeGreaterThanOrEqual(0.8);
    expect(heldOut.recall).toBeGreaterThanOrEqual(0.95);
    expect(heldOut.precision).toBeGreaterThanOrEqual(0.8);
  });

  it("should return rule ids as cues, never the text", () => {
    const result = detectAcuteDanger("Hij slaat haar nu met een mes, Jansen 0612345678");
    expect(result.acute).toBe(true);
    expect(result.cues).toEqual(expect.arrayContaining(["violence", "weapon"]));
    for (const cue of result.cues) expect(cue).toMatch(/^[a-z_]+$/);
  });

  it("should ignore accents, case and curly quotes", () => {
    expect(detectAcuteDanger("ZE WORDT OPGESLOTEN").acute).toBe(true);
    expect(detectAcuteDanger("she can\u2019t leave").acute).toBe(true);
    expect(detectAcuteDanger("ze is bewustelóós").acute).toBe(true);
  });

  it("should treat a bare 'help' as a request for the bot's help, but 'help!' as a cry for help", () => {
    expect(detectAcuteDanger("help").acute).toBe(false);
    expect(detectAcuteDanger("Help?").acute).toBe(false);
    expect(detectAcuteDanger("help!").acute).toBe(true);
    expect(detectAcuteDanger("help me").acute).toBe(true);
  });

  it("should set aside a clearly past event, unless the same clause says it happens now", () => {
    expect(detectAcuteDanger("Vroeger werd ze geslagen door haar ex, nu woont ze alleen").acute).toBe(false);
    expect(detectAcuteDanger("Vorig jaar is ze gevlucht, maar nu slaat hij haar weer").acute).toBe(true);
  });

  it("should not fire on general questions about the topic, unless they say 'nu'", () => {
    expect(detectAcuteDanger("Wat moet ik doen als iemand wordt bedreigd met een mes?").acute).toBe(false);
    expect(detectAcuteDanger("Wat moet ik doen als iemand nu wordt bedreigd met een mes?").acute).toBe(true);
  });

  it("should need 'now' before 'dwingen' counts", () => {
    expect(detectAcuteDanger("ze wordt gedwongen te werken").acute).toBe(false);
    expect(detectAcuteDanger("hij dwingt haar nu mee te gaan").cues).toContain("coercion_now");
  });
});
