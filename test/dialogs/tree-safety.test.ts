import { cp, mkdtemp, rm } from "node:fs/promises";
import { readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { step, type SignalContent } from "../../src/dialogs/engine.js";
import { checkDialogContent, loadDialogTrees } from "../../src/dialogs/load.js";
import { DialogTree } from "../../src/dialogs/tree-schema.js";
import { checkTreeSafety, type StepFunction } from "../../src/dialogs/tree-safety.js";
import { ContentError } from "../../src/errors.js";
import { loadSignalContent } from "../../src/signals/load.js";

const fixtures = join("test", "fixtures", "dialogs");
const realTopics = new Set(readdirSync(join("knowledge", "topics")).map((f) => f.replace(/\.md$/, "")));
let signals: SignalContent;

beforeAll(async () => {
  signals = await loadSignalContent("dialogs");
});

/** A fixture tree parsed on its own, without the start-up checks (which would refuse the unsafe ones). */
function fixtureTree(dir: string, id: string): DialogTree {
  return DialogTree.parse(parseYaml(readFileSync(join(fixtures, dir, "trees", `${id}.yaml`), "utf8")));
}

describe("checkTreeSafety", () => {
  it("should find no violation in a safe tree and report what it can do", () => {
    const { report, violations } = checkTreeSafety(fixtureTree("safe", "veilig"), signals);
    expect(violations).toEqual([]);
    expect(report.mode).toBe("all");
    expect(report.acuteOffered).toHaveLength(6);
    expect(report.outcomes.adult).toEqual(["ACUTE", "ESCALATE", "MONITOR"]);
    // A minor gets MONITOR only with no signal at all (truancy alone is CONSULT), and so does an age in doubt.
    expect(report.outcomes.minor).toEqual(["ACUTE", "ESCALATE", "CONSULT", "MONITOR"]);
    expect(report.outcomes.ageUnknown).toEqual(["ACUTE", "ESCALATE", "CONSULT", "MONITOR"]);
  });

  it.each([
    ["omweg", "danger-on-every-route", "einde", /without a danger-now question/],
    ["half-gevaar", "danger-offers-acute", "gevaar", /does not offer minor_exploited_now/],
    [
      "leeftijdspoort",
      "signal-recordable",
      "signalen",
      /documents_withheld can never be recorded for an adult/,
    ],
    ["zwak", "outcomes-reachable", "leeftijd", /no route gives an adult ESCALATE/],
    ["gezondheid", "health-minimal", "signalen", /health data \(addiction\) of a known adult/],
  ])("should report %s as a violation of %s at its node", (id, rule, nodeId, message) => {
    const { violations } = checkTreeSafety(fixtureTree("unsafe", id), signals);
    expect(violations).toContainEqual({ treeId: id, nodeId, rule, message: expect.stringMatching(message) });
  });

  it("should catch an engine that reads doubt about the age as an adult", () => {
    const adultWhenInDoubt: StepFunction = (tree, state, input, now, content) => {
      const result = step(tree, state, input, now, content);
      if (result.status !== "done" || result.assessment.ageInDoubt !== true) return result;
      return { ...result, assessment: { ...result.assessment, outcome: "MONITOR" } };
    };
    const { violations } = checkTreeSafety(fixtureTree("safe", "veilig"), signals, {
      stepper: adultWhenInDoubt,
    });
    expect(violations).toContainEqual({
      treeId: "veilig",
      nodeId: "einde",
      rule: "route-advice",
      message: expect.stringMatching(
        /leeftijd=-, gevaar=-, signalen=spijbelen gives MONITOR; the policy gives CONSULT/,
      ),
    });
  });

  it("should fall back to a reduced answer set plus repeatable samples when routes explode", () => {
    const tree = fixtureTree("safe", "veilig");
    const first = checkTreeSafety(tree, signals, { maxRoutes: 3, samples: 50, seed: 7 });
    const again = checkTreeSafety(tree, signals, { maxRoutes: 3, samples: 50, seed: 7 });
    expect(first.report.mode).toBe("sampled");
    expect(first.violations).toEqual([]);
    expect(again.report).toEqual(first.report);
  });

  it("should hold for every real tree: 0 violations, every acute signal offered, ESCALATE for adults and minors", async () => {
    const trees = await loadDialogTrees(join("dialogs", "trees"), signals.catalogue, realTopics);
    for (const tree of trees) {
      const { report, violations } = checkTreeSafety(tree, signals);
      expect({ tree: tree.id, violations }).toEqual({ tree: tree.id, violations: [] });
      expect(report.acuteOffered).toEqual(
        signals.catalogue.signals
          .filter((s) => s.acute)
          .map((s) => s.id)
          .sort(),
      );
      if (tree.id !== "alleen-locatie") {
        expect(report.outcomes.adult).toContain("ESCALATE");
        expect(report.outcomes.minor).toContain("ESCALATE");
      }
    }
  });
});

describe("checkDialogContent safety rules", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "unsafe-dialogs-"));
    await cp(join("dialogs", "signals.yaml"), join(dir, "signals.yaml"));
    await cp(join("dialogs", "policy.yaml"), join(dir, "policy.yaml"));
    await cp(join(fixtures, "unsafe", "trees"), join(dir, "trees"), { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("should name file, node and rule of each broken tree", async () => {
    const { errors } = await checkDialogContent(dir, realTopics);
    const at = (file: string, node: string, rule: string) =>
      errors.some(
        (e) => e.file.endsWith(file) && e.path === `nodes.${node}` && e.message.startsWith(`[${rule}]`),
      );
    expect(at("omweg.yaml", "einde", "danger-on-every-route")).toBe(true);
    expect(at("half-gevaar.yaml", "gevaar", "danger-offers-acute")).toBe(true);
    expect(at("leeftijdspoort.yaml", "signalen", "signal-recordable")).toBe(true);
    expect(at("zwak.yaml", "leeftijd", "outcomes-reachable")).toBe(true);
    expect(at("gezondheid.yaml", "signalen", "health-minimal")).toBe(true);
  });

  it("should refuse at start-up a danger question that misses an acute signal", async () => {
    const load = loadDialogTrees(join(dir, "trees"), signals.catalogue, realTopics);
    await expect(load).rejects.toThrow(ContentError);
    await expect(load).rejects.toThrow(/half-gevaar\.yaml at nodes\.gevaar: \[danger-offers-acute\]/);
  });
});
