import { ContentError, type ContentIssue } from "../../src/errors.js";
import { checkKnowledgeContent, loadKnowledgeBase } from "../../src/knowledge/load.js";
import { REQUIRED_TOPIC_IDS } from "../../src/knowledge/required-topics.js";
import { fixture, realKnowledge } from "./paths.js";

async function loadIssues(dir: string): Promise<ContentIssue[]> {
  try {
    await loadKnowledgeBase(dir);
  } catch (error) {
    if (error instanceof ContentError) return [...error.issues];
    throw error;
  }
  throw new Error("expected a ContentError");
}

const issueAt = (issues: ContentIssue[], file: string, path: string) =>
  issues.find((i) => i.file.endsWith(`topics/${file}`) && i.path === path);

describe("load", () => {
  it("should load a valid knowledge base with parsed lead and details per language", async () => {
    const kb = await loadKnowledgeBase(fixture("valid"));
    expect(kb.topics.map((t) => t.id)).toEqual([
      "signalen-arbeidsuitbuiting",
      "signalen-loverboy",
      "veilig-thuis",
    ]);
    const loverboy = kb.topics.find((t) => t.id === "signalen-loverboy");
    expect(loverboy?.body.nl.lead).toMatch(/^Let op verzuim/);
    expect(loverboy?.body.nl.details).toBe("Meer uitleg over signalen.");
    expect(loverboy?.body.en.details).toBe("");
    expect(kb.settings.aanspreekpunt.telefoon).toBe("14 099");
    expect(kb.synonyms.groups).toHaveLength(3);
  });

  it("should report every problem at once with file and field path", async () => {
    const issues = await loadIssues(fixture("broken"));
    expect(issueAt(issues, "bad-front-matter.md", "title.en")?.message).toBe("required");
    expect(issueAt(issues, "bad-front-matter.md", "variants.nl")?.message).toMatch(/at least 4/);
    expect(issueAt(issues, "bad-front-matter.md", "forms[1]")).toBeDefined();
    expect(issueAt(issues, "bad-front-matter.md", "sources")?.message).toMatch(/source/);
    expect(issueAt(issues, "bad-front-matter.md", "reviewed")).toBeDefined();
    expect(issueAt(issues, "bad-yaml.md", "")?.message).toMatch(/invalid YAML/);
    expect(issueAt(issues, "no-english.md", "body.en")?.message).toMatch(/missing '## en'/);
    expect(issueAt(issues, "dangling.md", "related[1]")?.message).toMatch(/bestaat-niet/);
    expect(issueAt(issues, "dangling.md", "related[0]")).toBeUndefined();
    expect(issueAt(issues, "dangling.md", "body.nl.lead")?.message).toMatch(/\{\{aanspreekpunt\.fax\}\}/);
    const duplicate = issues.filter((i) => i.file.endsWith("topics/zz-duplicate.md") && i.path === "id");
    expect(duplicate.map((i) => i.message)).toEqual([
      expect.stringMatching(/must equal the file name 'zz-duplicate'/),
      expect.stringMatching(/duplicate id 'dangling', already used in .*dangling\.md/),
    ]);
    expect(issues.some((i) => i.file.endsWith("ok-topic.md"))).toBe(false);
  });

  it("should report missing settings fields by path", async () => {
    const { errors } = await checkKnowledgeContent(fixture("broken-settings"), new Date("2026-11-28"));
    const settings = errors.filter((i) => i.file.endsWith("municipality.yaml"));
    expect(settings.map((i) => i.path)).toEqual(["aanspreekpunt.email", "bewaartermijn"]);
    expect(errors.some((i) => i.file.endsWith("synonyms.yaml") && i.path === "groups[0]")).toBe(true);
  });

  it("should flag stale reviews, long leads, example settings and missing required topics", async () => {
    const { errors, warnings } = await checkKnowledgeContent(fixture("valid"), new Date("2026-11-28"));
    expect(warnings).toContainEqual(
      expect.objectContaining({ path: "reviewed", file: expect.stringMatching(/veilig-thuis\.md$/) }),
    );
    expect(warnings.some((w) => w.path === "reviewed" && w.file.endsWith("signalen-loverboy.md"))).toBe(
      false,
    );
    expect(errors).toContainEqual(
      expect.objectContaining({
        file: expect.stringMatching(/wat-is-mensenhandel\.md$/),
        message: expect.any(String),
      }),
    );
    const example = await checkKnowledgeContent(fixture("example-settings"), new Date("2026-11-28"));
    expect(example.warnings.map((w) => w.path)).toEqual(
      expect.arrayContaining(["body.nl.lead", "gemeente", "aanspreekpunt.telefoon"]),
    );
  });

  it("should find the real knowledge base complete and valid", async () => {
    const { errors } = await checkKnowledgeContent(realKnowledge, new Date());
    expect(errors).toEqual([]);
    const kb = await loadKnowledgeBase(realKnowledge);
    const ids = new Set(kb.topics.map((t) => t.id));
    expect(REQUIRED_TOPIC_IDS.filter((id) => !ids.has(id))).toEqual([]);
  });
});
