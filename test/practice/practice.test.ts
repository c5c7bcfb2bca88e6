import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import type { Content } from "../../src/content/content.js";
import { PRACTICE_DIR, readPracticeCases, treeSignals } from "../../src/practice/load.js";
import { exactRoute } from "../../src/practice/route.js";
import { addRun, matchFacts, pickCase, scorePractice } from "../../src/practice/practice.js";
import type { PracticeCase } from "../../src/practice/practice-schema.js";
import { loadRepoContent } from "../harness/routes.js";
import { repoRoot } from "../../src/config.js";

const CASE_FILE = join(repoRoot, "dialogs", PRACTICE_DIR, "balie-iemand-praat-voor-haar.yaml");

describe("practice cases", () => {
  let content: Content;
  let base: PracticeCase;
  let dir: string;
  const context = () => ({
    catalogue: content.catalogue,
    policy: content.policy,
    trees: content.trees,
    topicIds: new Set(content.kb.topics.map((t) => t.id)),
  });
  const write = async (changed: Record<string, unknown>) => {
    const raw = parseYaml(await readFile(CASE_FILE, "utf8")) as Record<string, unknown>;
    await writeFile(join(dir, "balie-iemand-praat-voor-haar.yaml"), stringify({ ...raw, ...changed }));
    return readPracticeCases(dir, context());
  };

  beforeAll(async () => {
    content = await loadRepoContent();
    base = content.practice.find((c) => c.id === "balie-iemand-praat-voor-haar")!;
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-practice-"));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("should load every case of the repository, at least 15", () => {
    expect(content.practice.length).toBeGreaterThanOrEqual(15);
  });

  it("should accept the case as it is", async () => {
    expect((await write({})).issues).toEqual([]);
  });

  it("should fail a case whose expected advice disagrees with the policy, naming what the policy gives", async () => {
    const { issues, cases } = await write({ expected: "MONITOR" });
    expect(cases).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({
        path: "expected",
        message: "expected MONITOR, but the policy gives ESCALATE for these signals and facts",
      }),
    ]);
  });

  it("should fail unknown signals, signals the tree cannot record, missing explanations and unknown topics", async () => {
    const tree = content.trees.find((t) => t.id === base.tree)!;
    const offTree = content.catalogue.signals.map((x) => x.id).find((id) => !treeSignals(tree).has(id))!;
    const explain = base.explain.map((e, i) => (i === 0 ? { ...e, topic: "bestaat-niet" } : e));
    const { issues } = await write({ signals: [...base.signals, "no_such_signal", offTree], explain });
    const messages = issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toContain("signals[3]: unknown signal 'no_such_signal'");
    expect(messages).toContain(`signals[4]: tree 'algemeen' cannot record signal '${offTree}'`);
    expect(messages).toContain(`signals[4]: signal '${offTree}' has no explanation under explain`);
    expect(messages).toContain("explain[0].topic: unknown knowledge topic 'bestaat-niet'");
  });

  it("should fail a case whose signals the tree records only on different routes, so no run can be perfect", async () => {
    const tree = content.trees.find((t) => t.id === base.tree)!;
    const onTree = [...treeSignals(tree)].filter(
      (id) => !content.catalogue.signals.find((x) => x.id === id)?.acute,
    );
    const pair = onTree
      .flatMap((a, i) => onTree.slice(i + 1).map((b) => [a, b]))
      .find((p) => !exactRoute(tree, p, false, content));
    expect(pair).toBeDefined();
    const why = { nl: "Uitleg.", en: "Explanation." };
    const { issues } = await write({
      signals: pair,
      explain: pair!.map((signal) => ({ signal, why, topic: "algemene-signalen" })),
    });
    expect(issues).toEqual([
      expect.objectContaining({ path: "signals", message: expect.stringContaining("no run can be perfect") }),
    ]);
  });

  it("should match a typed question to the facts it asks for, with typos, in both languages", () => {
    expect(matchFacts(base, "Hoe oud is ze?").map((f) => f.id)).toEqual(["leeftijd"]);
    expect(matchFacts(base, "op welk adress staat ze ingeschreven").map((f) => f.id)).toEqual(["adres"]);
    expect(matchFacts(base, "where does she work?").map((f) => f.id)).toEqual(["werk"]);
    expect(matchFacts(base, "wat is haar lievelingskleur")).toEqual([]);
  });

  it("should score found, missed and wrongly ticked signals and the advice", () => {
    expect(scorePractice(base, ["documents_withheld", "excessive_hours"], "ESCALATE")).toEqual({
      caseId: base.id,
      found: ["documents_withheld"],
      missed: ["speaks_through_third_party", "fearful_or_anxious"],
      wronglyTicked: ["excessive_hours"],
      reached: "ESCALATE",
      expected: "ESCALATE",
      adviceRight: true,
    });
  });

  it("should prefer a case of the user's department not done recently, and keep progress bounded", () => {
    const cases = content.practice;
    const own = cases.filter((c) => c.departments.includes("leerplicht"));
    expect(own.length).toBeGreaterThanOrEqual(1);
    for (const r of [0, 0.5, 0.99]) expect(own).toContain(pickCase(cases, "leerplicht", [], r));
    const recent = own.map((c) => c.id);
    expect(recent).not.toContain(pickCase(cases, "leerplicht", recent, 0.3)?.id);
    let progress = addRun(undefined, scorePractice(base, base.signals, "ESCALATE"), "2026-12");
    for (let i = 0; i < 20; i++) progress = addRun(progress, scorePractice(base, [], "MONITOR"), "2026-12");
    expect(progress).toMatchObject({ runs: 21, found: 3, present: 63, month: "2026-12" });
    expect(progress.recent).toEqual([base.id]);
  });
});
