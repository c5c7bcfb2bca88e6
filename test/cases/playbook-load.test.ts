import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ReferralTarget } from "../../src/cases/case-schema.js";
import { loadPlaybooks, PLAYBOOK_DIR, readPlaybooks } from "../../src/cases/playbook-load.js";
import { choosePlaybook, type PlaybookFacts } from "../../src/cases/playbook-schema.js";
import { repoRoot } from "../../src/config.js";
import { checkContent } from "../../src/content/content.js";
import { ContentError } from "../../src/errors.js";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";

const fixture = (path: string): string =>
  fileURLToPath(new URL(`../fixtures/playbooks/${path}`, import.meta.url));
const context = {
  topicIds: new Set(["politie", "arbeidsinspectie"]),
  partnerIds: new Set<string>(ReferralTarget.options),
};

describe("playbook loader", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-playbooks-"));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("should load a valid set sorted by id", async () => {
    const { playbooks, issues } = await readPlaybooks(fixture("valid"), context);
    expect(issues).toEqual([]);
    expect(playbooks.map((p) => p.id)).toEqual(["algemeen", "arbeid"]);
    expect(playbooks[0]?.steps.map((s) => s.partner)).toEqual(["politie", undefined]);
  });

  it("should fail a step whose topic does not exist, naming file, path and topic", async () => {
    const { playbooks, issues } = await readPlaybooks(fixture("dangling-topic"), context);
    expect(issues).toEqual([
      {
        file: fixture("dangling-topic/algemeen.yaml"),
        path: "steps[0].topic",
        message: "step 'politie-informeren': unknown knowledge topic 'bestaat-niet'",
      },
    ]);
    expect(playbooks).toEqual([]);
  });

  it("should fail a partner that is not a referral target, listing the known ones", async () => {
    const { issues } = await readPlaybooks(fixture("unknown-partner"), context);
    expect(issues).toEqual([
      {
        file: fixture("unknown-partner/algemeen.yaml"),
        path: "steps[0].partner",
        message: expect.stringMatching(/expected one of .*"politie".*"zorg-en-veiligheidshuis"/),
      },
    ]);
  });

  it("should fail a partner that the municipality settings do not list", async () => {
    const partnerIds = new Set(ReferralTarget.options.filter((t) => t !== "arbeidsinspectie"));
    const { issues } = await readPlaybooks(fixture("valid"), { ...context, partnerIds });
    expect(issues).toEqual([
      {
        file: fixture("valid/arbeid.yaml"),
        path: "steps[0].partner",
        message:
          "step 'arbeidsinspectie-informeren': partner 'arbeidsinspectie' is not among the partners in knowledge/municipality.yaml",
      },
    ]);
  });

  it("should skip the partner check when the settings did not load", async () => {
    const { issues } = await readPlaybooks(fixture("valid"), { ...context, partnerIds: undefined });
    expect(issues).toEqual([]);
  });

  it("should fail a second fallback on the file that adds it", async () => {
    const { issues } = await readPlaybooks(fixture("two-fallbacks"), context);
    expect(issues).toEqual([
      {
        file: fixture("two-fallbacks/reserve.yaml"),
        path: "when.fallback",
        message: "only one playbook may be the fallback; 'algemeen' already is",
      },
    ]);
  });

  it("should fail a step id used twice in one playbook", async () => {
    const { issues } = await readPlaybooks(fixture("duplicate-step"), context);
    expect(issues).toEqual([
      {
        file: fixture("duplicate-step/algemeen.yaml"),
        path: "steps[1].id",
        message: "step id 'politie-informeren' is used more than once in this playbook (first at steps[0])",
      },
    ]);
  });

  it("should throw one ContentError with every issue from loadPlaybooks", async () => {
    await expect(loadPlaybooks(fixture("valid"), context)).resolves.toHaveLength(2);
    const error: unknown = await loadPlaybooks(fixture("dangling-topic"), context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).issues.map((i) => i.path)).toEqual(["steps[0].topic"]);
    expect((error as ContentError).message).toMatch(/dangling-topic\/algemeen\.yaml at steps\[0\]\.topic/);
  });

  it("should fail a set without a fallback and name the cases no playbook fits", async () => {
    await copyFile(fixture("valid/arbeid.yaml"), join(dir, "arbeid.yaml"));
    const { issues } = await readPlaybooks(dir, context);
    expect(issues.map((i) => i.message)).toEqual([
      "no fallback playbook: exactly one playbook needs when: { fallback: true }",
      "no playbook fits these cases: adult with no form; adult with sexual; adult with criminal; adult with organ; " +
        "minor with no form; minor with sexual; minor with labour; minor with criminal; minor with organ",
    ]);
    expect(issues.every((i) => i.file === dir && i.path === "")).toBe(true);
  });

  it("should fail a fallback with other conditions, a playbook without any, and an id unlike its file", async () => {
    const source = await readFile(fixture("valid/algemeen.yaml"), "utf8");
    await writeFile(
      join(dir, "algemeen.yaml"),
      source.replace("{ fallback: true }", "{ fallback: true, minor: true }"),
    );
    await writeFile(
      join(dir, "leeg.yaml"),
      source.replace("{ fallback: true }", "{}").replace("id: algemeen", "id: leeg"),
    );
    await writeFile(join(dir, "anders.yaml"), source.replace("{ fallback: true }", "{ acute: true }"));
    const { issues, playbooks } = await readPlaybooks(dir, context);
    expect(issues.map((i) => `${i.file.slice(dir.length + 1)} ${i.path}: ${i.message}`)).toEqual([
      "algemeen.yaml when: a fallback playbook has no other conditions; remove minor",
      "anders.yaml id: id 'algemeen' must equal the file name 'anders'",
      "anders.yaml id: playbook id 'algemeen' is already used in " + join(dir, "algemeen.yaml"),
      "leeg.yaml when: no condition given, so the playbook fits every case; give a condition or mark it fallback: true",
    ]);
    expect(playbooks).toEqual([]);
  });

  it("should report YAML errors, shape errors and an unreadable folder with file and path", async () => {
    await writeFile(join(dir, "kapot.yaml"), "id: [unclosed\n");
    await writeFile(join(dir, "vorm.yaml"), "id: vorm\ntitle: { nl: Titel }\n");
    const { issues } = await readPlaybooks(dir, context);
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: join(dir, "kapot.yaml"),
        message: expect.stringMatching(/^not valid YAML/),
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ file: join(dir, "vorm.yaml"), path: "title.en" }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ file: join(dir, "vorm.yaml"), path: "steps" }));
    const missing = await readPlaybooks(join(dir, "bestaat-niet"), context);
    expect(missing.issues).toEqual([
      expect.objectContaining({
        path: "",
        message: expect.stringMatching(/^cannot read the playbooks folder/),
      }),
    ]);
  });
});

describe("the repository's playbooks", () => {
  const realDir = join(repoRoot, "dialogs", PLAYBOOK_DIR);
  const knowledgeDir = join(repoRoot, "knowledge");

  it("should load cleanly against the real knowledge base and municipality settings", async () => {
    const kb = await loadKnowledgeBase(knowledgeDir);
    const { playbooks, issues } = await readPlaybooks(realDir, {
      topicIds: new Set(kb.topics.map((t) => t.id)),
      partnerIds: new Set(Object.keys(kb.settings.partners)),
    });
    expect(issues).toEqual([]);
    expect(playbooks.map((p) => p.id)).toEqual([
      "acuut",
      "algemeen",
      "alleen-locatie",
      "arbeidsuitbuiting-volwassene",
      "criminele-uitbuiting-volwassene",
      "minderjarige",
      "seksuele-uitbuiting-volwassene",
    ]);
    for (const p of playbooks) {
      expect([p.id, p.steps.length >= 4 && p.steps.length <= 10]).toEqual([p.id, true]);
      expect(p.sources.every((s) => s.startsWith("BRIEF.md §"))).toBe(true);
    }
    const chosen = (facts: Partial<PlaybookFacts>) =>
      choosePlaybook(playbooks, { minor: false, locationOnly: false, acute: false, forms: [], ...facts })?.id;
    expect(chosen({ forms: ["labour"] })).toBe("arbeidsuitbuiting-volwassene");
    expect(chosen({ forms: ["sexual"] })).toBe("seksuele-uitbuiting-volwassene");
    expect(chosen({ forms: ["criminal"] })).toBe("criminele-uitbuiting-volwassene");
    expect(chosen({ forms: ["organ"] })).toBe("algemeen");
    expect(chosen({})).toBe("algemeen");
    expect(chosen({ minor: true, forms: ["labour"] })).toBe("minderjarige");
    for (const minor of [false, true]) {
      for (const forms of [[], ["labour"], ["sexual", "criminal"]] as PlaybookFacts["forms"][]) {
        // Danger comes first, whatever else is known; then a place without a person.
        expect(chosen({ minor, forms, acute: true })).toBe("acuut");
        expect(chosen({ minor, forms, acute: true, locationOnly: true })).toBe("acuut");
        expect(chosen({ minor, forms, locationOnly: true })).toBe("alleen-locatie");
      }
    }
  });

  it("should be part of the content check", async () => {
    const dialogsDir = await mkdtemp(join(tmpdir(), "sw-dialogs-"));
    try {
      await mkdir(join(dialogsDir, PLAYBOOK_DIR));
      await copyFile(
        fixture("dangling-topic/algemeen.yaml"),
        join(dialogsDir, PLAYBOOK_DIR, "algemeen.yaml"),
      );
      const { errors } = await checkContent({ knowledgeDir, dialogsDir }, new Date());
      expect(errors.filter((e) => e.file.startsWith(join(dialogsDir, PLAYBOOK_DIR)))).toEqual([
        expect.objectContaining({ path: "steps[0].topic", message: expect.stringMatching(/'bestaat-niet'/) }),
      ]);
    } finally {
      await rm(dialogsDir, { recursive: true, force: true });
    }
  });
});
