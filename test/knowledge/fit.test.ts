import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import { crossValidate } from "../../src/knowledge/cross-validate.js";
import { fitSearchModel, prepareExamples } from "../../src/knowledge/fit.js";
import { buildKnowledgeIndex } from "../../src/knowledge/search-index.js";
import { findAnswers } from "../../src/knowledge/search.js";
import { fixture } from "./paths.js";

const index = buildKnowledgeIndex(await loadKnowledgeBase(fixture("valid")));
const sets = [
  {
    name: "a",
    lines: [
      { q: "hoe herken ik een loverboy", expect: "signalen-loverboy" },
      { q: "wanneer bel ik veilig thuis", expect: "veilig-thuis" },
      { q: "wat voor weer wordt het morgen", expect: null },
    ],
  },
  {
    name: "b",
    lines: [
      { q: "signalen van een loverboy", expect: "signalen-loverboy" },
      { q: "wat doet veilig thuis", expect: "veilig-thuis" },
      { q: "vertel een grap", expect: null },
    ],
  },
];

describe("fit", () => {
  it("should fit a model whose ranker puts the expected topic first on its training questions", () => {
    const model = fitSearchModel(index, prepareExamples(index, sets));
    expect(findAnswers(index, "hoe herken ik een loverboy", undefined, model).hits[0]?.topicId).toBe(
      "signalen-loverboy",
    );
    expect(model.declineBelow).toBeGreaterThan(0);
  });

  it("should score each set with a model fitted on the other sets only", () => {
    const { perSet, pooled } = crossValidate(index, prepareExamples(index, sets));
    expect(Object.keys(perSet)).toEqual(["a", "b"]);
    expect(pooled.n).toBe(6);
    expect(perSet.a?.rank1).toBe(1);
  });

  it("should hold out a fold's sets together and score them together as well as one by one", () => {
    const three = [...sets, { name: "c", lines: sets[0]!.lines.slice(0, 2) }];
    const { perSet, perFold, pooled } = crossValidate(index, prepareExamples(index, three), (set) =>
      set === "a" ? "first" : "rest",
    );
    expect(Object.keys(perSet).sort()).toEqual(["a", "b", "c"]);
    expect(Object.keys(perFold).sort()).toEqual(["first", "rest"]);
    expect(perFold.first).toEqual(perSet.a);
    expect(perFold.rest?.n).toBe(5);
    expect(perFold.first!.n + perFold.rest!.n).toBe(pooled.n);
  });
});
