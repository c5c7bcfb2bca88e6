import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ContentError, type ContentIssue } from "../../src/errors.js";
import { checkDialogContent, loadDialogTrees } from "../../src/dialogs/load.js";
import { questionSpan } from "../../src/dialogs/graph.js";
import { loadSignalContent } from "../../src/signals/load.js";
import type { SignalCatalogue } from "../../src/signals/catalogue.js";

const fixtures = join("test", "fixtures", "dialogs");
const realTopics = new Set(readdirSync(join("knowledge", "topics")).map((f) => f.replace(/\.md$/, "")));
const fixtureTopics = new Set(["minderjarigen"]);

let catalogue: SignalCatalogue;
beforeAll(async () => {
  catalogue = (await loadSignalContent("dialogs")).catalogue;
});

async function issuesOf(dir: string): Promise<ContentIssue[]> {
  try {
    await loadDialogTrees(dir, catalogue, fixtureTopics);
  } catch (error) {
    if (error instanceof ContentError) return [...error.issues];
    throw error;
  }
  throw new Error("expected a ContentError");
}

function find(
  issues: readonly ContentIssue[],
  file: string,
  path: string,
  message: RegExp,
): ContentIssue | undefined {
  return issues.find((i) => i.file.endsWith(file) && i.path === path && message.test(i.message));
}

describe("loadDialogTrees", () => {
  it("should name file, node and problem for an unreachable node, a dangling reference and a cycle", async () => {
    const issues = await issuesOf(join(fixtures, "broken", "trees"));
    expect(find(issues, "kapot.yaml", "nodes.wees", /not reachable from the entry 'eerste'/)).toBeDefined();
    expect(find(issues, "kapot.yaml", "nodes.keuze", /not reachable/)).toBeDefined();
    expect(find(issues, "kapot.yaml", "nodes.eerste.options.a.next", /unknown node 'nergens'/)).toBeDefined();
    expect(
      find(issues, "kapot.yaml", "nodes.rondje-1", /cycle: rondje-1 -> rondje-2 -> rondje-1/),
    ).toBeDefined();
    expect(find(issues, "kapot.yaml", "nodes.rondje-2", /no route .* ends in an assessment/)).toBeDefined();
  });

  it("should report unknown signals and topics, duplicate labels and a condition on a missing option", async () => {
    const issues = await issuesOf(join(fixtures, "broken", "trees"));
    expect(
      find(issues, "kapot.yaml", "nodes.eerste.options.a.signals", /unknown signal 'bestaat_niet'/),
    ).toBeDefined();
    expect(
      find(issues, "kapot.yaml", "nodes.eerste.topics", /unknown knowledge topic 'geen-topic'/),
    ).toBeDefined();
    expect(find(issues, "kapot.yaml", "nodes.eerste.options.b.label.nl", /not unique/)).toBeDefined();
    expect(find(issues, "kapot.yaml", "nodes.keuze.rules.0.when.option", /has no option 'c'/)).toBeDefined();
  });

  it("should report shape problems with the node id in the path", async () => {
    const issues = await issuesOf(join(fixtures, "broken", "trees"));
    expect(find(issues, "vorm.yaml", "nodes.vraag.text.en", /expected string/)).toBeDefined();
    expect(find(issues, "vorm.yaml", "nodes.vraag.options.weet-niet.id", /reserved/)).toBeDefined();
    expect(find(issues, "vorm.yaml", "nodes.raar.kind", /discriminator|Invalid/)).toBeDefined();
  });

  it("should report a file name that differs from the id and an include of an unknown tree", async () => {
    const issues = await issuesOf(join(fixtures, "broken", "trees"));
    expect(find(issues, "andere-naam.yaml", "id", /must equal the file name 'andere-naam'/)).toBeDefined();
    expect(
      find(issues, "andere-naam.yaml", "nodes.verder.tree", /unknown tree 'bestaat-niet'/),
    ).toBeDefined();
  });

  it("should inline an included tree with prefixed ids and a summed version", async () => {
    const trees = await loadDialogTrees(join(fixtures, "valid", "trees"), catalogue, fixtureTopics);
    const main = trees.find((t) => t.id === "hoofd");
    expect(main?.version).toBe(5);
    expect(main?.nodes.map((n) => n.id)).toEqual([
      "leeftijd",
      "naar-module",
      "module/start",
      "module/leeftijd",
      "module/gevaar",
      "module/signalen",
      "module/einde",
    ]);
    expect(main?.nodes.find((n) => n.id === "naar-module")).toEqual({
      id: "naar-module",
      kind: "branch",
      rules: [],
      otherwise: "module/start",
    });
    expect(trees.find((t) => t.id === "module")?.version).toBe(2);
  });

  it("should load the real trees with at most 10 questions on any route", async () => {
    const trees = await loadDialogTrees(join("dialogs", "trees"), catalogue, realTopics);
    expect(trees.map((t) => t.id).sort()).toEqual([
      "algemeen",
      "alleen-locatie",
      "arbeidsuitbuiting",
      "criminele-uitbuiting",
      "kcc-belscript",
      "minderjarigen",
      "seksuele-uitbuiting",
    ]);
    for (const tree of trees) expect(questionSpan(tree, tree.entry).longest).toBeLessThanOrEqual(10);
  });
});

describe("checkDialogContent", () => {
  it("should pass the real dialogs folder without errors or warnings", async () => {
    const { errors, warnings, reports } = await checkDialogContent("dialogs", realTopics);
    expect({ errors, warnings }).toEqual({ errors: [], warnings: [] });
    expect(reports.map((r) => r.id)).toContain("kcc-belscript");
  });

  it("should warn about a route longer than 10 questions and report the signal files' problems", async () => {
    const { errors, warnings } = await checkDialogContent(join(fixtures, "long"), fixtureTopics);
    expect(warnings).toEqual([
      {
        file: join(fixtures, "long", "trees", "lang.yaml"),
        path: "entry",
        message: expect.stringMatching(/11 questions/),
      },
    ]);
    expect(errors.some((e) => e.file.endsWith("signals.yaml"))).toBe(true);
  });
});
