import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { ReferralTarget } from "../../src/cases/case-schema.js";
import { checkKnowledgeContent, loadKnowledgeBase } from "../../src/knowledge/load.js";
import { MunicipalitySettings } from "../../src/knowledge/topic-schema.js";
import { fixture, realKnowledge } from "./paths.js";

type RawSettings = Record<string, unknown> & {
  zorgcoordinator: { naam: string; telefoon: string };
  partners: Record<string, Record<string, unknown>>;
};

async function rawSettings(dir: string): Promise<RawSettings> {
  return parseYaml(await readFile(join(dir, "municipality.yaml"), "utf8")) as RawSettings;
}

const paths = (raw: unknown) => {
  const parsed = MunicipalitySettings.safeParse(raw);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("municipality settings", () => {
  it("should hold one partner per referral target, trimmed", async () => {
    const raw = await rawSettings(fixture("valid"));
    raw.partners.politie = { ...raw.partners.politie, naam: "  Politie  " };
    const settings = MunicipalitySettings.parse(raw);
    expect(Object.keys(settings.partners).sort()).toEqual([...ReferralTarget.options].sort());
    expect(settings.partners.politie.naam).toBe("Politie");
  });

  it("should fail a missing partner, an unknown one, an unknown field and an over-long route by path", async () => {
    const raw = await rawSettings(fixture("valid"));
    delete raw.partners.riec;
    raw.partners.brandweer = { naam: "Brandweer", route: "Bel 112." };
    raw.partners.politie = { ...raw.partners.politie, fax: "000", route: "x".repeat(401) };
    raw.partners.comensha = { ...raw.partners.comensha, naam: "   " };
    expect(paths(raw)).toEqual(
      expect.arrayContaining([
        "partners.riec: Invalid input: expected object, received undefined",
        expect.stringMatching(/^partners: Unrecognized key: "brandweer"/),
        expect.stringMatching(/^partners.politie: Unrecognized key: "fax"/),
        expect.stringMatching(/^partners.politie.route: Too big/),
        "partners.comensha.naam: must not be empty",
      ]),
    );
  });

  it("should require the care coordinator partner to match the zorgcoordinator setting", async () => {
    const raw = await rawSettings(fixture("valid"));
    raw.partners.zorgcoordinator = {
      ...raw.partners.zorgcoordinator,
      naam: "Iemand anders",
      telefoon: "000",
    };
    expect(paths(raw)).toEqual([
      "partners.zorgcoordinator.naam: must be the same as zorgcoordinator.naam (answers show the one, case cards the other)",
      "partners.zorgcoordinator.telefoon: must be the same as zorgcoordinator.telefoon (answers show the one, case cards the other)",
    ]);
  });

  it("should warn about example values inside the partners, and not about the national ones", async () => {
    const { warnings } = await checkKnowledgeContent(fixture("example-settings"), new Date("2026-11-28"));
    const partnerPaths = warnings.map((w) => w.path).filter((p) => p.startsWith("partners."));
    expect(partnerPaths).toEqual(
      expect.arrayContaining([
        "partners.zorgcoordinator.naam",
        "partners.riec.naam",
        "partners.zorg-en-veiligheidshuis.route",
      ]),
    );
    expect(
      partnerPaths.filter((p) => /^partners\.(politie|arbeidsinspectie|veilig-thuis|comensha)\./.test(p)),
    ).toEqual([]);
  });

  it("should give the real settings every partner, with the care coordinator in step", async () => {
    const { settings } = await loadKnowledgeBase(realKnowledge);
    expect(Object.keys(settings.partners).sort()).toEqual([...ReferralTarget.options].sort());
    expect(settings.partners.zorgcoordinator.naam).toBe(settings.zorgcoordinator.naam);
    expect(settings.partners.politie.route).toMatch(/0900-8844/);
  });
});
