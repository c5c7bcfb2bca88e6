import { cardActions, cardElements } from "../../helpers/cards.js";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { adviceCard, checkMenuCard, infoCard, questionCard } from "../../../src/bot/cards/check-cards.js";
import type { AdaptiveCard } from "../../../src/bot/cards/adaptive.js";
import { step, type DoneResult, type SignalContent, type StepResult } from "../../../src/dialogs/engine.js";
import { loadDialogTrees } from "../../../src/dialogs/load.js";
import type { DialogTree } from "../../../src/dialogs/tree-schema.js";
import { loadSignalContent } from "../../../src/signals/load.js";

const now = new Date("2026-01-05T10:00:00.000Z");
const settings = {
  contactPointName: "Team Zorg en Veiligheid",
  contactPointPhone: "14 000",
  contactPointEmail: "aanspreekpunt@example.org",
};
let signals: SignalContent;
let trees: Map<string, DialogTree>;

beforeAll(async () => {
  signals = await loadSignalContent("dialogs");
  const topics = new Set(readdirSync(join("knowledge", "topics")).map((f) => f.replace(/\.md$/, "")));
  trees = new Map(
    (await loadDialogTrees(join("dialogs", "trees"), signals.catalogue, topics)).map((t) => [t.id, t]),
  );
});

function run(id: string, texts: readonly string[]): StepResult {
  const t = trees.get(id) as DialogTree;
  let result = step(t, undefined, { type: "start" }, now, signals);
  for (const text of texts)
    result = step(t, "state" in result ? result.state : undefined, { type: "text", text }, now, signals);
  return result;
}

function done(id: string, texts: readonly string[]): DoneResult {
  const result = run(id, texts);
  if (result.status !== "done") throw new Error(`not done: ${result.status}`);
  return result;
}

const actions = (card: AdaptiveCard) => cardActions(card);
const text = (card: AdaptiveCard) =>
  cardElements(card)
    .filter((e) => e.type === "TextBlock")
    .map((e) => e.text)
    .join("\n");

describe("questionCard", () => {
  it("should show yes/no options as buttons with ids, the progress and the navigation", () => {
    const first = run("arbeidsuitbuiting", []);
    if (first.status !== "question") throw new Error("no question");
    const card = questionCard(first.view, first.progress, "nl");
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(card).not.toHaveProperty("$schema");
    expect(actions(card).map((a) => [a.title, a.verb, a.data])).toEqual([
      ["1. Ja", "check.answer", { treeId: "arbeidsuitbuiting", nodeId: "minderjarig", optionIds: ["ja"] }],
      ["2. Nee", "check.answer", { treeId: "arbeidsuitbuiting", nodeId: "minderjarig", optionIds: ["nee"] }],
      [
        "3. Weet ik niet",
        "check.answer",
        { treeId: "arbeidsuitbuiting", nodeId: "minderjarig", optionIds: ["weet-niet"] },
      ],
      ["Overslaan", "check.skip", { treeId: "arbeidsuitbuiting", nodeId: "minderjarig" }],
      ["Stop", "check.stop", { treeId: "arbeidsuitbuiting" }],
    ]);
    expect(text(card)).toContain("Vraag 1 van ~5");
    expect(text(card)).toContain("het nummer");
  });

  it("should show a multiple choice as a ChoiceSet with a submit button, Terug, and the earlier answer ticked", () => {
    const result = run("arbeidsuitbuiting", ["nee", "geen", "1 en 3", "terug"]);
    if (result.status !== "question") throw new Error("no question");
    const card = questionCard(result.view, result.progress, "en");
    const choiceSet = cardElements(card).find((e) => e.type === "Input.ChoiceSet");
    expect(choiceSet).toMatchObject({
      id: "optionIds",
      isMultiSelect: true,
      value: "lange-dagen,inhoudingen",
    });
    expect((choiceSet?.choices as unknown[])[0]).toEqual({
      title: "1. Very long days or weeks, no days off",
      value: "lange-dagen",
    });
    expect(actions(card).map((a) => [a.title, a.verb, a.data])).toEqual([
      ["Next", "check.answer", { treeId: "arbeidsuitbuiting", nodeId: "werk-en-loon" }],
      ["Back", "check.back", { treeId: "arbeidsuitbuiting", nodeId: "werk-en-loon" }],
      ["Skip", "check.skip", { treeId: "arbeidsuitbuiting", nodeId: "werk-en-loon" }],
      ["Stop", "check.stop", { treeId: "arbeidsuitbuiting" }],
    ]);
    // Back, Skip and Stop do not send (or check) what is ticked; Next does.
    expect(actions(card).map((a) => a.associatedInputs)).toEqual([undefined, "none", "none", "none"]);
    expect(text(card)).toContain("Question 3 of ~5");
    expect(text(card)).toContain("Your earlier answer");
  });

  it("should list long options as wrapping text and give their buttons only the number", () => {
    const result = run("algemeen", ["huisbezoek", "persoon", "nee"]);
    if (result.status !== "question") throw new Error("no question");
    const card = questionCard(result.view, result.progress, "nl");
    const options = result.view.options;
    const answers = actions(card).filter((a) => a.verb === "check.answer");
    expect(answers.map((a) => a.title)).toEqual(options.map((_, i) => String(i + 1)));
    expect(answers[0]?.data).toEqual({
      treeId: "algemeen",
      nodeId: "wat-gezien",
      optionIds: [options[0]?.id],
    });
    expect(text(card)).toContain(`1. ${options[0]?.label.nl}\n2. ${options[1]?.label.nl}`);
  });
});

describe("infoCard", () => {
  it("should show the text with Verder", () => {
    const result = run("kcc-belscript", []);
    if (result.status !== "info") throw new Error("no info");
    const card = infoCard(result.view, "nl");
    expect(text(card)).toContain("Laat de beller eerst vertellen");
    expect(actions(card).map((a) => a.verb)).toEqual(["check.continue", "check.stop"]);
  });
});

describe("adviceCard", () => {
  it("should show ACUTE in red with 112 and the contact point", () => {
    const card = adviceCard(done("kcc-belscript", ["verder", "3", "verder"]), settings, "nl");
    const heading = cardElements(card).find((e) => e.type === "Container");
    expect(heading).toMatchObject({ style: "attention" });
    expect(text(card)).toMatch(/Bel nu 112/);
    expect(text(card)).toContain("Team Zorg en Veiligheid, 14 000");
    expect(text(card)).toContain("geen conclusie");
  });

  it("should show ESCALATE with the reasons, the contact point today and the labour inspection for labour", () => {
    const result = done("algemeen", ["huisbezoek", "persoon", "nee", "werk", "geen", "4", "geen", "geen"]);
    expect(result.assessment.outcome).toBe("ESCALATE");
    const card = adviceCard(result, settings, "nl");
    expect(cardElements(card).find((e) => e.type === "Container")).toMatchObject({ style: "warning" });
    expect(text(card)).toContain("vandaag");
    expect(text(card)).toContain("aanspreekpunt@example.org");
    expect(text(card)).toContain("0800-5151");
    expect(text(card)).toContain("0900-8844");
    for (const reason of result.assessment.reasons.nl) expect(text(card)).toContain(reason);
  });

  it("should show CONSULT for a minor with Veilig Thuis, and the buttons and topic links", () => {
    const result = done("minderjarigen", ["ja", "geen", "4", "geen", "geen", "geen"]);
    const card = adviceCard(
      result,
      settings,
      "en",
      new Map([["signalen-loverboy", { nl: "Loverboy", en: "Loverboy signs" }]]),
    );
    expect(cardElements(card).find((e) => e.type === "Container")).toMatchObject({ style: "accent" });
    expect(text(card)).toContain("0800-2000");
    const verbs = actions(card).map((a) => [a.title, a.verb, a.data]);
    // Topic links open in the advice's language.
    expect(verbs).toContainEqual([
      "Loverboy signs",
      "kb.topic",
      { topicId: "signalen-loverboy", lang: "en" },
    ]);
    expect(verbs).toContainEqual(["Veilig thuis", "kb.topic", { topicId: "veilig-thuis", lang: "en" }]);
    expect(verbs.slice(-3)).toEqual([
      ["Report to contact point", "report.start", { fromCheck: true }],
      ["Explanation", "advice.explain", { treeId: "minderjarigen", rule: result.assessment.rule }],
      ["Start again", "check.restart", { treeId: "minderjarigen" }],
    ]);
  });

  it("should show MONITOR in green without 'report today'", () => {
    const result = done("minderjarigen", ["nee", "geen", "4", "geen", "geen"]);
    const card = adviceCard(result, settings, "nl");
    expect(cardElements(card).find((e) => e.type === "Container")).toMatchObject({ style: "good" });
    expect(text(card)).not.toContain("vandaag");
    expect(text(card)).toContain("Twijfel je?");
  });
});

describe("checkMenuCard", () => {
  it("should list the trees with a start button each", () => {
    const card = checkMenuCard([...trees.values()], "nl");
    const starts = actions(card).filter((a) => a.verb === "check.start");
    expect(starts.map((a) => (a.data as { treeId: string }).treeId).sort()).toEqual([...trees.keys()].sort());
    expect(text(card)).toContain("Signaalcheck arbeidsuitbuiting");
    expect(text(card)).toContain("112");
  });
});
