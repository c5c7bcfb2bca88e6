import { DialogTree, successors, TreeNode } from "../../src/dialogs/tree-schema.js";

describe("TreeNode", () => {
  it("should turn yes/no effects into the fixed options ja and nee", () => {
    const node = TreeNode.parse({
      id: "minder",
      kind: "yesno",
      text: { nl: "Jonger dan 18?", en: "Under 18?" },
      yes: { facts: { minor: true } },
      next: "verder",
    });
    expect(node).toMatchObject({
      options: [
        { id: "ja", label: { nl: "Ja", en: "Yes" }, facts: { minor: true }, signals: [] },
        { id: "nee", label: { nl: "Nee", en: "No" }, facts: {}, signals: [] },
      ],
    });
  });

  it("should reject empty text, an unknown fact and an unknown setting variant", () => {
    const result = TreeNode.safeParse({
      id: "q",
      kind: "single",
      text: { nl: " ", en: "Q" },
      textBySetting: { garden: { nl: "T", en: "T" } },
      options: [
        { id: "a", label: { nl: "A", en: "A" }, facts: { age: 3 } },
        { id: "b", label: { nl: "B", en: "B" } },
      ],
      next: "x",
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["text.nl", "textBySetting", "options.0.facts"]));
  });

  it("should list the successors of a question without duplicates", () => {
    const node = TreeNode.parse({
      id: "q",
      kind: "single",
      text: { nl: "Q", en: "Q" },
      options: [
        { id: "a", label: { nl: "A", en: "A" }, next: "y" },
        { id: "b", label: { nl: "B", en: "B" }, next: "x" },
      ],
      next: "x",
    });
    expect(successors(node)).toEqual(["y", "x"]);
  });
});

describe("DialogTree", () => {
  it("should require sources and a positive version", () => {
    const result = DialogTree.safeParse({
      id: "t",
      version: 0,
      title: { nl: "T", en: "T" },
      description: { nl: "T", en: "T" },
      audience: ["frontline"],
      entry: "e",
      sources: [],
      nodes: [{ id: "e", kind: "assessment" }],
    });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["version", "sources"]);
  });
});
