import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  collectFacts,
  collectSignals,
  step,
  type SignalContent,
  type StepResult,
} from "../../src/dialogs/engine.js";
import { nodesById, questionSpan } from "../../src/dialogs/graph.js";
import { loadDialogTrees } from "../../src/dialogs/load.js";
import { CheckState, type StepInput } from "../../src/dialogs/state.js";
import { isQuestion, type DialogTree, type QuestionNode } from "../../src/dialogs/tree-schema.js";
import { loadSignalContent } from "../../src/signals/load.js";

const now = new Date("2026-01-05T10:00:00.000Z");
const topics = new Set(readdirSync(join("knowledge", "topics")).map((f) => f.replace(/\.md$/, "")));
let signals: SignalContent;
let trees: Map<string, DialogTree>;

beforeAll(async () => {
  signals = await loadSignalContent("dialogs");
  trees = new Map(
    (await loadDialogTrees(join("dialogs", "trees"), signals.catalogue, topics)).map((t) => [t.id, t]),
  );
});

function tree(id: string): DialogTree {
  const found = trees.get(id);
  if (!found) throw new Error(`no tree ${id}`);
  return found;
}

/** Runs inputs (strings are typed text) from the start of a tree, or from `from`, and returns every result. */
function run(t: DialogTree, inputs: readonly (StepInput | string)[], from?: StepResult): StepResult[] {
  const results: StepResult[] = [from ?? step(t, undefined, { type: "start" }, now, signals)];
  for (const input of inputs) {
    const last = results.at(-1) as StepResult;
    const state = "state" in last ? last.state : undefined;
    const given: StepInput = typeof input === "string" ? { type: "text", text: input } : input;
    results.push(step(t, state, given, now, signals));
  }
  return results;
}

function last(results: readonly StepResult[]): StepResult {
  return results.at(-1) as StepResult;
}

function nodeOf(result: StepResult): string | undefined {
  if (result.status === "question" || result.status === "info") return result.view.nodeId;
  return undefined;
}

/**
 * Explores every distinct way through a tree by driving the engine itself (answers that lead the same way are
 * tried once), returning the fewest and most questions answered before "done" and the inputs of those routes.
 */
function extremeRoutes(t: DialogTree): { shortest: StepInput[]; longest: StepInput[] } {
  let shortest: StepInput[] | undefined;
  let longest: StepInput[] | undefined;
  const seen = new Set<string>();
  const explore = (result: StepResult, inputs: StepInput[]): void => {
    if (result.status === "done") {
      const count = result.state.path.length;
      if (!shortest || count < countAnswers(shortest)) shortest = inputs;
      if (!longest || count > countAnswers(longest)) longest = inputs;
      return;
    }
    if (result.status === "info")
      return explore(step(t, result.state, { type: "continue" }, now, signals), [
        ...inputs,
        { type: "continue" },
      ]);
    if (result.status !== "question") throw new Error(`unexpected ${result.status}`);
    const key = `${result.view.nodeId}|${JSON.stringify(collectFacts(t, result.state))}|${result.state.path.join(",")}`;
    if (seen.has(key)) return;
    seen.add(key);
    const node = t.nodes.find((n) => n.id === result.view.nodeId);
    if (!node || !isQuestion(node)) throw new Error("not a question");
    const choices: string[][] =
      node.kind === "multi" ? [[], node.options.map((o) => o.id)] : result.view.options.map((o) => [o.id]);
    for (const optionIds of choices) {
      const input: StepInput = { type: "answer", nodeId: node.id, optionIds };
      explore(step(t, result.state, input, now, signals), [...inputs, input]);
    }
  };
  const countAnswers = (inputs: StepInput[]): number => inputs.filter((i) => i.type === "answer").length;
  explore(step(t, undefined, { type: "start" }, now, signals), []);
  if (!shortest || !longest) throw new Error("no route ends");
  return { shortest, longest };
}

describe("step through every tree", () => {
  // Questions on the shortest and the longest route the engine can really take. The graph (all branches
  // possible) bounds them; modules skip their age question only inside `algemeen`, so alone they need 2, not 1.
  // The health question (criminele-uitbuiting, minderjarigen) is asked only of a possible minor, and the call
  // script asks about control signals (passport, wages, debt) in a question of its own.
  const routes = [
    { id: "algemeen", shortest: 3, longest: 9 },
    { id: "arbeidsuitbuiting", shortest: 2, longest: 5 },
    { id: "seksuele-uitbuiting", shortest: 2, longest: 5 },
    { id: "criminele-uitbuiting", shortest: 2, longest: 6 },
    { id: "minderjarigen", shortest: 2, longest: 6 },
    { id: "alleen-locatie", shortest: 1, longest: 3 },
    { id: "kcc-belscript", shortest: 1, longest: 5 },
  ];

  it.each(routes)("should finish $id in $shortest to $longest questions", ({ id, shortest, longest }) => {
    const t = tree(id);
    const span = questionSpan(t, t.entry);
    expect(span.shortest).toBeLessThanOrEqual(shortest);
    expect(span.longest).toBeGreaterThanOrEqual(longest);
    expect(span.longest).toBeLessThanOrEqual(10);
    const found = extremeRoutes(t);
    for (const [inputs, expected] of [
      [found.shortest, shortest],
      [found.longest, longest],
    ] as const) {
      const end = last(run(t, inputs));
      expect(end.status).toBe("done");
      if (end.status !== "done") return;
      expect(end.state.path).toHaveLength(expected);
      expect(end.summary).toHaveLength(expected);
      expect(["ACUTE", "ESCALATE", "CONSULT", "MONITOR"]).toContain(end.assessment.outcome);
    }
  });
});

describe("step", () => {
  it("should start at the first question with progress", () => {
    const first = step(tree("arbeidsuitbuiting"), undefined, { type: "start" }, now, signals);
    expect(first.status).toBe("question");
    if (first.status !== "question") return;
    expect(first.view.nodeId).toBe("minderjarig");
    expect(first.view.options.map((o) => o.id)).toEqual(["ja", "nee", "weet-niet"]);
    expect(first.progress).toEqual({ answered: 0, estimatedRemaining: 5 });
    expect(first.view.canGoBack).toBe(false);
    expect(CheckState.parse(first.state)).toEqual({
      v: 1,
      treeId: "arbeidsuitbuiting",
      treeVersion: 3,
      nodeId: "minderjarig",
      path: [],
      answers: {},
      startedAt: "2026-01-05T10:00:00.000Z",
    });
  });

  it("should accept typed answers: ja/nee, 'geen', numbers and labels with typos", () => {
    const results = run(tree("arbeidsuitbuiting"), [
      "nee",
      "geen",
      "1 en 4",
      "geen",
      "Wordt bedreigd of is geslagne",
    ]);
    expect(results.map((r) => r.status)).toEqual([
      "question",
      "question",
      "question",
      "question",
      "question",
      "done",
    ]);
    const end = last(results);
    if (end.status !== "done") throw new Error("not done");
    expect(end.state.answers).toEqual({
      minderjarig: ["nee"],
      "gevaar-nu": [],
      "werk-en-loon": ["lange-dagen", "loon-bij-ander"],
      "wonen-en-vrijheid": [],
      dwang: ["bedreigd"],
    });
    expect(end.assessment.outcome).toBe("ESCALATE");
    expect(end.assessment.signals).toEqual(["excessive_hours", "wages_withheld", "threats_or_violence"]);
    expect(end.facts).toEqual({ minor: false, ageAsked: true, form: "labour" });
    expect(end.topics).toContain("arbeidsinspectie");
  });

  it("should go back with the earlier answer shown, and change the advice when the answer changes", () => {
    const t = tree("arbeidsuitbuiting");
    const before = last(run(t, ["nee", "geen", "1,4", "geen", "geen"]));
    if (before.status !== "done") throw new Error("not done");
    expect(before.assessment.outcome).toBe("ESCALATE");

    const backed = last(run(t, [{ type: "back" }, "terug", "back"], before));
    expect(backed.status).toBe("question");
    if (backed.status !== "question") return;
    expect(backed.view.nodeId).toBe("werk-en-loon");
    expect(backed.view.current).toEqual(["lange-dagen", "loon-bij-ander"]);
    expect(backed.progress.answered).toBe(2);

    const change: StepInput = { type: "answer", nodeId: "werk-en-loon", optionIds: ["lange-dagen"] };
    const after = last(run(t, [change, "geen", "geen"], backed));
    expect(after.status).toBe("done");
    if (after.status !== "done") return;
    expect(after.assessment.outcome).toBe("MONITOR");
    expect(collectSignals(t, after.state)).toEqual(["excessive_hours"]);
  });

  it("should understand 'terug' typed and stay at the first question when there is nothing before it", () => {
    const results = run(tree("arbeidsuitbuiting"), ["ja", "terug", "terug"]);
    expect(results.map(nodeOf)).toEqual(["minderjarig", "gevaar-nu", "minderjarig", "minderjarig"]);
    const atStart = last(results);
    expect(atStart.status === "question" && atStart.view.current).toEqual(["ja"]);
  });

  it("should record a skip and 'weet ik niet' without signals, and no facts but that the age was asked", () => {
    const results = run(tree("arbeidsuitbuiting"), [
      "weet ik niet",
      { type: "skip" },
      "overslaan",
      "4",
      "skip",
    ]);
    const end = last(results);
    expect(end.status).toBe("done");
    if (end.status !== "done") return;
    expect(end.state.answers).toEqual({
      minderjarig: "unknown",
      "gevaar-nu": "skip",
      "werk-en-loon": "skip",
      "wonen-en-vrijheid": ["geen-eigen-id"],
      dwang: "skip",
    });
    // The age stays in doubt (no `minor`), so the advice is the stronger of minor and adult.
    expect(end.facts).toEqual({ ageAsked: true });
    expect(end.summary[0]?.answer).toEqual({ kind: "unknown" });
    expect(end.summary[1]?.answer).toEqual({ kind: "skip" });
    expect(end.assessment.outcome).toBe("ESCALATE");
  });

  it("should treat a third yes/no choice ('3') as 'weet ik niet'", () => {
    const second = last(run(tree("minderjarigen"), ["3"]));
    expect(second.status === "question" && second.state.answers).toEqual({ leeftijd: "unknown" });
  });

  it("should say not_understood for a typed question and keep the state", () => {
    const first = step(tree("arbeidsuitbuiting"), undefined, { type: "start" }, now, signals);
    if (first.status !== "question") throw new Error("no question");
    const result = step(
      tree("arbeidsuitbuiting"),
      first.state,
      { type: "text", text: "wat is de straf op mensenhandel?" },
      now,
      signals,
    );
    expect(result.status).toBe("not_understood");
    if (result.status !== "not_understood") return;
    expect(result.state).toEqual(first.state);
    expect(result.reask.status === "question" && result.reask.view.nodeId).toBe("minderjarig");
  });

  it("should restart politely when the tree changed since the check started", () => {
    const t = tree("arbeidsuitbuiting");
    const first = step(t, undefined, { type: "start" }, now, signals);
    if (first.status !== "question") throw new Error("no question");
    const old = { ...first.state, treeVersion: t.version - 1, nodeId: "weg-vraag" };
    const result = step(t, old, { type: "text", text: "ja" }, now, signals);
    expect(result.status).toBe("tree_changed");
    if (result.status !== "tree_changed") return;
    expect(result.state.treeVersion).toBe(t.version);
    expect(result.restart.status === "question" && result.restart.view.nodeId).toBe("minderjarig");
  });

  it("should ignore a click on an older card and show the current question again", () => {
    const second = last(run(tree("arbeidsuitbuiting"), ["nee"]));
    if (second.status !== "question") throw new Error("no question");
    const again = step(
      tree("arbeidsuitbuiting"),
      second.state,
      { type: "answer", nodeId: "minderjarig", optionIds: ["ja"] },
      now,
      signals,
    );
    expect(again.status).toBe("question");
    if (again.status !== "question") return;
    expect(again.note).toBe("stale_answer");
    expect(again.state).toEqual(second.state);
  });

  it("should reject an answer with an unknown option id or two ids for a single choice", () => {
    const first = step(tree("algemeen"), undefined, { type: "start" }, now, signals);
    if (first.status !== "question") throw new Error("no question");
    for (const optionIds of [["bestaat-niet"], ["balie", "school"], []]) {
      const result = step(
        tree("algemeen"),
        first.state,
        { type: "answer", nodeId: "situatie", optionIds },
        now,
        signals,
      );
      expect(result.status).toBe("not_understood");
    }
  });

  it("should stop on 'stop' and without state", () => {
    expect(last(run(tree("algemeen"), ["stop"]))).toEqual({
      status: "stopped",
      treeId: "algemeen",
      newAcuteSignals: [],
    });
    expect(step(tree("algemeen"), undefined, { type: "back" }, now, signals)).toEqual({
      status: "stopped",
      newAcuteSignals: [],
    });
  });

  it("should restart from the first question on 'opnieuw'", () => {
    const results = run(tree("algemeen"), ["balie", "opnieuw"]);
    const again = last(results);
    expect(again.status === "question" && again.view.nodeId).toBe("situatie");
    expect(again.status === "question" && again.state.path).toEqual([]);
  });

  it("should word questions for the chosen setting", () => {
    const results = run(tree("algemeen"), ["aan de balie"]);
    const second = last(results);
    if (second.status !== "question") throw new Error("no question");
    expect(second.view.text.nl).toMatch(/klant aan de balie/);
    const byPhone = last(run(tree("algemeen"), ["5", "1", "nee"]));
    expect(byPhone.status === "question" && byPhone.view.text.nl).toBe(
      "Waar gaat wat de beller vertelt vooral over?",
    );
  });

  it("should continue in a module without asking the age again", () => {
    const results = run(tree("algemeen"), ["huisbezoek", "persoon", "ja", "werk"]);
    const inModule = last(results);
    expect(inModule.status === "question" && inModule.view.nodeId).toBe("arbeidsuitbuiting/gevaar-nu");
    expect(inModule.status === "question" && inModule.progress.answered).toBe(4);
  });

  it("should not ask the age again in a module after 'weet ik niet', and keep the age in doubt", () => {
    const results = run(tree("algemeen"), ["huisbezoek", "persoon", "weet niet", "werk"]);
    const inModule = last(results);
    expect(inModule.status === "question" && inModule.view.nodeId).toBe("arbeidsuitbuiting/gevaar-nu");
    if (inModule.status !== "question") return;
    expect(collectFacts(tree("algemeen"), inModule.state)).toEqual({
      setting: "home_visit",
      locationOnly: false,
      ageAsked: true,
      form: "labour",
    });
  });

  it("should give a minor with one weak signal at least CONSULT, and the same as adult MONITOR", () => {
    const minor = last(run(tree("minderjarigen"), ["ja", "geen", "4", "geen", "geen", "geen"]));
    const adult = last(run(tree("minderjarigen"), ["nee", "geen", "4", "geen", "geen"]));
    if (minor.status !== "done" || adult.status !== "done") throw new Error("not done");
    expect(minor.assessment.signals).toEqual(["unexplained_money_or_gifts"]);
    expect(minor.facts.minor).toBe(true);
    expect(minor.assessment.outcome).toBe("CONSULT");
    expect(adult.assessment.outcome).toBe("MONITOR");
  });

  it("should assess a 'weet ik niet' age as the stronger of minor and adult, and say why", () => {
    const inDoubt = last(run(tree("minderjarigen"), ["weet niet", "geen", "4", "geen", "geen", "geen"]));
    if (inDoubt.status !== "done") throw new Error("not done");
    expect(inDoubt.facts.minor).toBeUndefined();
    expect(inDoubt.assessment.outcome).toBe("CONSULT");
    expect(inDoubt.assessment.ageInDoubt).toBe(true);
    expect(inDoubt.assessment.reasons.nl[0]).toMatch(/leeftijd is niet zeker/);
    // Through the general check: doubt about the age (asked once), then hotel stays and truancy (ESCALATE as a minor).
    const general = last(
      run(tree("algemeen"), ["school", "persoon", "weet niet", "jongere", "geen", "5", "1", "geen", "geen"]),
    );
    if (general.status !== "done") throw new Error("not done");
    expect(general.assessment.signals).toEqual(["hotel_or_far_from_home", "truancy"]);
    expect(general.assessment.outcome).toBe("ESCALATE");
  });

  it("should not ask health data of a known adult", () => {
    const adult = run(tree("criminele-uitbuiting"), ["nee", "geen", "1", "geen", "geen"]);
    expect(adult.map((r) => (r.status === "question" ? r.view.nodeId : r.status))).not.toContain(
      "gezondheid",
    );
    expect(last(adult).status).toBe("done");
    const young = last(run(tree("criminele-uitbuiting"), ["ja", "geen", "1", "geen", "geen"]));
    expect(young.status === "question" && young.view.nodeId).toBe("gezondheid");
  });

  it("should end at once with ACUTE when danger now is chosen", () => {
    const end = last(
      run(tree("algemeen"), [
        "school",
        "persoon",
        "ja",
        "jongere",
        { type: "answer", nodeId: "minderjarigen/gevaar-nu", optionIds: ["minderjarige-nu"] },
      ]),
    );
    expect(end.status).toBe("done");
    expect(end.status === "done" && end.assessment.outcome).toBe("ACUTE");
    expect(end.status === "done" && end.topics).toContain("acuut-gevaar-112");
  });

  it("should route an address without a person to the location check with locationOnly", () => {
    const end = last(run(tree("algemeen"), ["balie", "alleen een adres", "geen", "1", "geen"]));
    if (end.status !== "done") throw new Error("not done");
    expect(end.facts).toEqual({ setting: "counter", locationOnly: true });
    expect(end.assessment.outcome).toBe("CONSULT");
    expect(end.assessment.signals).toEqual(["many_registrations_one_address"]);
  });

  it("should walk the call script through its info steps", () => {
    const results = run(tree("kcc-belscript"), ["verder", "2", "verder"]);
    expect(results.map((r) => r.status)).toEqual(["info", "question", "info", "done"]);
    const end = last(results);
    expect(end.status === "done" && end.assessment.outcome).toBe("ACUTE");
    const typedAtInfo = step(
      tree("kcc-belscript"),
      results[0] && "state" in results[0] ? results[0].state : undefined,
      { type: "text", text: "wie belt er?" },
      now,
      signals,
    );
    expect(typedAtInfo.status).toBe("not_understood");
  });
});

describe("what a step tells the bot", () => {
  const danger = (t: DialogTree) =>
    [...nodesById(t).values()].find((n) => "danger" in n && n.danger === true) as QuestionNode;

  it("should name the acute signals a step adds, once, when they are chosen", () => {
    const t = tree("algemeen");
    const node = danger(t);
    const acute = node.options.find((o) =>
      o.signals.some((id) => signals.catalogue.signals.some((s) => s.id === id && s.acute)),
    );
    if (!acute) throw new Error("the danger question offers no acute signal");
    let state = (step(t, undefined, { type: "start" }, now, signals) as { state: CheckState }).state;
    state = { ...state, nodeId: node.id };
    const chosen = step(t, state, { type: "answer", nodeId: node.id, optionIds: [acute.id] }, now, signals);
    expect(chosen.newAcuteSignals.length).toBeGreaterThan(0);
    const again = step(t, "state" in chosen ? chosen.state : undefined, { type: "skip" }, now, signals);
    expect(again.newAcuteSignals).toEqual([]);
  });

  it("should say whether text that is no answer reads as a question", () => {
    const [, unclear] = run(tree("algemeen"), ["xq"]);
    const [, question] = run(tree("algemeen"), ["wat is de straf op mensenhandel?"]);
    expect(unclear).toMatchObject({ status: "not_understood", maybeQuestion: false });
    expect(question).toMatchObject({ status: "not_understood", maybeQuestion: true });
  });

  it("should treat anything but terug, opnieuw and stop typed at the advice as a new topic", () => {
    const t = tree("alleen-locatie");
    const { longest } = extremeRoutes(t);
    const done = last(run(t, longest));
    expect(done.status).toBe("done");
    expect(last(run(t, ["verder"], done))).toMatchObject({ status: "not_understood", maybeQuestion: true });
    expect(last(run(t, ["ja"], done))).toMatchObject({ status: "not_understood", maybeQuestion: true });
    expect(last(run(t, ["terug"], done)).status).toBe("question");
    expect(last(run(t, ["stop"], done)).status).toBe("stopped");
  });
});
