import { fileURLToPath } from "node:url";
import { ContentError } from "../../src/errors.js";
import { checkAcuteLexicon, loadAcuteLexicon } from "../../src/signals/acute-lexicon.js";
import { REPO_ACUTE_LEXICON } from "../helpers/acute-lexicon.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/signals/${name}`, import.meta.url));

describe("acute-lexicon", () => {
  it("should load the repository's dialogs/acute.yaml without errors or warnings", async () => {
    expect(await checkAcuteLexicon(REPO_ACUTE_LEXICON)).toEqual({ errors: [], warnings: [] });
    const lexicon = await loadAcuteLexicon(REPO_ACUTE_LEXICON);
    expect(lexicon.cueOrder).toEqual(expect.arrayContaining(["violence", "weapon", "minor_with_adults"]));
    expect(lexicon.helpers).toEqual(new Set(["minor", "adult", "place"]));
  });

  it("should name file and path of every shape error", async () => {
    const file = fixture("acute-bad-shape.yaml");
    const { errors } = await checkAcuteLexicon(file);
    expect(errors.every((e) => e.file === file)).toBe(true);
    expect(errors.map((e) => e.path)).toEqual([
      "cues[0].id",
      "cues[0].nl[0].words[0]",
      "cues[0].nl[0].words[1]",
      "cues[0].nl[0].words[2]",
      "cues[0].nl[1]",
      "cues[0].nl[2].together",
      "cues[0].nl[3].words[0]",
      "cues[1]",
      "now[0]",
      "age",
      "typos",
    ]);
    const message = (path: string) => errors.find((e) => e.path === path)?.message;
    expect(message("cues[0].nl[0].words[0]")).toMatch(/lower case without accents/);
    expect(message("cues[0].nl[1]")).toMatch(/either `words` or `together`/);
    expect(message("cues[0].nl[3].words[0]")).toMatch(/at least 3 letters/);
    expect(message("typos")).toBe("this section is required");
  });

  it("should report broken references and typo lists after the shape is right", async () => {
    const file = fixture("acute-broken.yaml");
    const { errors, warnings } = await checkAcuteLexicon(file);
    expect(errors.map((e) => [e.path, e.message])).toEqual([
      ["cues[1].id", 'duplicate id "violence" (first at cues[0].id)'],
      ["combined[0].all[1]", '"adult" is not a cue of this file'],
      ["cues[3].helper", 'helper cue "place" is used by no rule under combined'],
      ["cryForHelp.cue", '"place" is a helper cue, which is never reported'],
      ["typos.exact[0]", '"gewond" is not a cue word'],
      ["typos.exact[1]", '"slaat" is shorter than typos.minLength, so it takes no typo anyway'],
    ]);
    // "gezlagen" is one typo from "geslagen" and so has an effect; "gezond" is near no cue word here
    expect(warnings.map((w) => w.path)).toEqual([
      "typos.notTypos[1]",
      "typos.notTypos[2]",
      "typos.notTypos[2]",
    ]);
  });

  it("should refuse to load a broken lexicon with one ContentError listing every problem", async () => {
    const file = fixture("acute-broken.yaml");
    const error = await loadAcuteLexicon(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).issues).toHaveLength(6);
    expect((error as ContentError).message).toContain(`${file} at cryForHelp.cue`);
  });

  it("should name a missing or unreadable file", async () => {
    const { errors } = await checkAcuteLexicon(fixture("no-such-lexicon.yaml"));
    expect(errors).toEqual([expect.objectContaining({ path: "", message: "file cannot be read" })]);
  });
});
