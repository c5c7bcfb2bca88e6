import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { fileURLToPath } from "node:url";
import { detectAcuteDanger, type AcuteCheck } from "../../src/signals/acute.js";
import { loadAcuteLexicon, type AcuteLexicon } from "../../src/signals/acute-lexicon.js";
import { repoAcuteLexicon } from "../helpers/acute-lexicon.js";

interface Line {
  text: string;
  acute: boolean;
  heldOut?: boolean;
}
function readLines(name: string): Line[] {
  return readFileSync(fileURLToPath(new URL(`../fixtures/signals/${name}`, import.meta.url)), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Line);
}
const lines = readLines("acute-eval.jsonl");

let lexicon: AcuteLexicon;
beforeAll(async () => {
  lexicon = await repoAcuteLexicon();
});
/** The check as the bot runs it: over the compiled `dialogs/acute.yaml`. */
const detect = (text: string): AcuteCheck => detectAcuteDanger(lexicon, text);

function measure(set: readonly Line[]): { n: number; recall: number; precision: number; missed: string[] } {
  let tp = 0;
  let fp = 0;
  const missed: string[] = [];
  for (const line of set) {
    const got = detect(line.text).acute;
    if (got && line.acute) tp++;
    else if (got) fp++;
    else if (line.acute) missed.push(line.text);
  }
  return { n: set.length, recall: tp / (tp + missed.length), precision: tp / (tp + fp), missed };
}

describe("detectAcuteDanger", () => {
  it("should reach recall >= 0.95 and precision >= 0.85 on the dev and held-out parts of the evaluation set", () => {
    const dev = measure(lines.filter((l) => l.heldOut !== true));
    const heldOut = measure(lines.filter((l) => l.heldOut));
    console.log(
      `acute-eval: dev n=${dev.n} recall=${dev.recall.toFixed(3)} precision=${dev.precision.toFixed(3)}; ` +
        `held-out n=${heldOut.n} recall=${heldOut.recall.toFixed(3)} precision=${heldOut.precision.toFixed(3)}`,
    );
    expect(heldOut.n).toBeGreaterThanOrEqual(50);
    expect(dev.missed).toEqual([]);
    expect(dev.recall).toBeGreaterThanOrEqual(0.95);
    expect(dev.precision).toBeGreaterThanOrEqual(0.85);
    expect(heldOut.recall).toBeGreaterThanOrEqual(0.95);
    expect(heldOut.precision).toBeGreaterThanOrEqual(0.85);
  });

  it("should reach recall >= 0.9 and precision >= 0.75 on the blind set, which was never used for tuning", () => {
    // Written by someone who never saw the rules; only these aggregate figures may be looked at, never the texts.
    const blind = measure(readLines("acute-blind.jsonl"));
    console.log(
      `acute-blind: n=${blind.n} recall=${blind.recall.toFixed(3)} precision=${blind.precision.toFixed(3)}`,
    );
    expect(blind.recall).toBeGreaterThanOrEqual(0.9);
    expect(blind.precision).toBeGreaterThanOrEqual(0.75);
  });

  it("should fire on at most 1% of the question variants of knowledge topics other than acute danger", () => {
    const dir = fileURLToPath(new URL("../../knowledge/topics/", import.meta.url));
    const variants = readdirSync(dir)
      .filter((f) => f.endsWith(".md") && f !== "acuut-gevaar-112.md")
      .flatMap((f) => {
        const front = parse(readFileSync(dir + f, "utf8").split(/^---$/m)[1] ?? "") as {
          variants?: { nl?: string[]; en?: string[] };
        };
        return [...(front.variants?.nl ?? []), ...(front.variants?.en ?? [])];
      });
    const fired = variants.filter((v) => detect(v).acute).length;
    console.log(`knowledge variants: n=${variants.length} fired=${fired}`);
    expect(variants.length).toBeGreaterThan(100);
    expect(fired / variants.length).toBeLessThanOrEqual(0.01);
  });

  it("should match inflections and one typo in longer words, but not real words one letter away", () => {
    expect(detect("ze is bewustelos").cues).toEqual(["injury"]);
    expect(detect("ik denk dat ze haar gaan vermooren").cues).toEqual(["kill_threat"]);
    expect(detect("de jongen is ontvoert").cues).toContain("kidnapping");
    expect(detect("hij heeft een honkbalknuppel").cues).toEqual(["weapon"]);
    expect(detect("ze is gezond en woont bij haar ouders").acute).toBe(false);
    expect(detect("ik heb het geweten en ben erheen gegaan").acute).toBe(false);
  });

  it("should need a word group to occur close together, in any order", () => {
    expect(detect("ze kan niet weg").cues).toEqual(["confinement"]);
    expect(detect("een man die niet weg mag").cues).toEqual(["confinement"]);
    expect(detect("niet iedereen kan dat, de melding gaat pas na een paar weken weg").acute).toBe(false);
  });

  it("should set aside trainings and hypothetical questions, unless they say 'nu'", () => {
    expect(detect("We hebben een training over bedreiging met een mes").acute).toBe(false);
    expect(detect("stel dat iemand wordt opgesloten, wie bel ik dan?").acute).toBe(false);
    expect(detect("stel dat iemand nu wordt opgesloten, wie bel ik dan?").acute).toBe(true);
  });

  it("should take less than 0.2 ms per message on average over the evaluation set", () => {
    // Warm up first, so the figure is the steady state the bot sees, not the first compilation.
    for (let r = 0; r < 5; r++) for (const line of lines) detect(line.text);
    const rounds = 20;
    const start = performance.now();
    for (let r = 0; r < rounds; r++) for (const line of lines) detect(line.text);
    const perMessage = (performance.now() - start) / (rounds * lines.length);
    console.log(`acute timing: ${perMessage.toFixed(4)} ms per message`);
    expect(perMessage).toBeLessThan(0.2);
  });

  it("should return rule ids as cues, never the text", () => {
    const result = detect("Hij slaat haar nu met een mes, Jansen 0612345678");
    expect(result.acute).toBe(true);
    expect(result.cues).toEqual(expect.arrayContaining(["violence", "weapon"]));
    for (const cue of result.cues) expect(cue).toMatch(/^[a-z_]+$/);
  });

  it("should ignore accents, case and curly quotes", () => {
    expect(detect("ZE WORDT OPGESLOTEN").acute).toBe(true);
    expect(detect("she can\u2019t leave").acute).toBe(true);
    expect(detect("ze is bewustelóós").acute).toBe(true);
  });

  it("should treat a bare 'help' as a request for the bot's help, but 'help!' as a cry for help", () => {
    expect(detect("help").acute).toBe(false);
    expect(detect("Help?").acute).toBe(false);
    expect(detect("help!").acute).toBe(true);
    expect(detect("help me").acute).toBe(true);
  });

  it("should set aside a clearly past event, unless the same clause says it happens now", () => {
    expect(detect("Vroeger werd ze geslagen door haar ex, nu woont ze alleen").acute).toBe(false);
    expect(detect("Vorig jaar is ze gevlucht, maar nu slaat hij haar weer").acute).toBe(true);
  });

  it("should not fire on general questions about the topic, unless they say 'nu'", () => {
    expect(detect("Wat moet ik doen als iemand wordt bedreigd met een mes?").acute).toBe(false);
    expect(detect("Wat moet ik doen als iemand nu wordt bedreigd met een mes?").acute).toBe(true);
  });

  it("should need 'now' before 'dwingen' counts", () => {
    expect(detect("ze wordt gedwongen te werken").acute).toBe(false);
    expect(detect("hij dwingt haar nu mee te gaan").cues).toContain("coercion_now");
  });
});

describe("detectAcuteDanger over a small lexicon", () => {
  let small: AcuteLexicon;
  beforeAll(async () => {
    small = await loadAcuteLexicon(
      fileURLToPath(new URL("../fixtures/signals/acute-small.yaml", import.meta.url)),
    );
  });
  const check = (text: string) => detectAcuteDanger(small, text);

  it("should take one typo in a long cue word, but not in one listed as exact or in a listed real word", () => {
    expect(check("hij is geslagne").cues).toEqual(["violence"]);
    expect(check("hij is gestokem").acute).toBe(false); // gestoken is under typos.exact
    expect(check("hij is gezlagen").acute).toBe(false); // gezlagen is under typos.notTypos
    expect(check("een slaaat").acute).toBe(false); // shorter than typos.minLength
  });

  it("should match word starts and ends", () => {
    expect(check("hij wurgt haar").cues).toEqual(["violence"]);
    expect(check("een vuurwapen").cues).toEqual(["weapon"]);
    expect(check("het wapen").acute).toBe(false); // a word end needs letters before it
  });

  it("should need every part of a group within its window, in any order", () => {
    expect(check("elkaar in getrapt").cues).toEqual(["violence"]);
    expect(check("in de gang van elkaar getrapt").acute).toBe(false);
  });

  it("should report cue ids in lexicon order", () => {
    expect(check("met een mes geslagen").cues).toEqual(["violence", "weapon"]);
  });

  it("should count an onlyNow entry only when the message says now", () => {
    expect(check("hij dreigt").acute).toBe(false);
    expect(check("hij dreigt nu").cues).toEqual(["threat"]);
  });

  it("should combine helper cues, and need fewer when it happens now", () => {
    expect(check("een meisje met mannen in een hotelkamer").cues).toEqual(["minor_with_adults"]);
    expect(check("een meisje met mannen").acute).toBe(false);
    expect(check("een meisje met mannen, nu").cues).toEqual(["minor_with_adults"]);
    expect(check("een man met een kind van 14 in een hotelkamer").cues).toEqual(["minor_with_adults"]);
    expect(check("een man met 14 kinderen in een hotelkamer").acute).toBe(false);
  });

  it("should read the context sections: cry for help, bot help, set-aside questions, the past", () => {
    expect(check("help!").cues).toEqual(["escape_request"]);
    expect(check("hulp?").acute).toBe(false);
    expect(check("wat moet ik doen als iemand geslagen wordt").acute).toBe(false);
    expect(check("kan ik bellen als iemand geslagen wordt?").acute).toBe(false);
    expect(check("kan ik bellen als hij haar geslagen heeft?").acute).toBe(true);
    expect(check("een training over wie geslagen wordt").acute).toBe(false);
    expect(check("3 jaar geleden geslagen").acute).toBe(false);
    expect(check("in 2019 geslagen").acute).toBe(false);
    expect(check("in 2019 gevlucht, maar nu weer geslagen").acute).toBe(true);
  });
});
