import { nodesById, questionSpan } from "../../src/dialogs/graph.js";
import { DialogTree } from "../../src/dialogs/tree-schema.js";

const tree = DialogTree.parse({
  id: "t",
  version: 1,
  title: { nl: "T", en: "T" },
  description: { nl: "T", en: "T" },
  audience: ["frontline"],
  entry: "a",
  sources: [{ title: "test" }],
  nodes: [
    { id: "a", kind: "yesno", text: { nl: "A", en: "A" }, yes: { next: "einde" }, next: "info" },
    { id: "info", kind: "info", text: { nl: "I", en: "I" }, next: "keuze" },
    {
      id: "keuze",
      kind: "branch",
      rules: [{ when: { fact: "minor", equals: true }, next: "b" }],
      otherwise: "einde",
    },
    {
      id: "b",
      kind: "multi",
      text: { nl: "B", en: "B" },
      options: [
        { id: "x", label: { nl: "X", en: "X" } },
        { id: "y", label: { nl: "Y", en: "Y" } },
      ],
      next: "einde",
    },
    { id: "einde", kind: "assessment" },
  ],
});

describe("questionSpan", () => {
  it("should count the fewest and most questions to an end, over info and branch nodes", () => {
    expect(questionSpan(tree, "a")).toEqual({ shortest: 1, longest: 2 });
    expect(questionSpan(tree, "info")).toEqual({ shortest: 0, longest: 1 });
    expect(questionSpan(tree, "einde")).toEqual({ shortest: 0, longest: 0 });
  });
});

describe("nodesById", () => {
  it("should find nodes by id", () => {
    expect(nodesById(tree).get("b")?.kind).toBe("multi");
  });
});
