import { fileURLToPath } from "node:url";
import { ContentError } from "../../src/errors.js";
import {
  findUnknownSignals,
  loadSignalCatalogue,
  type SignalCatalogue,
} from "../../src/signals/catalogue.js";

const fixtures = fileURLToPath(new URL("../fixtures/signals/", import.meta.url));
const realFile = fileURLToPath(new URL("../../dialogs/signals.yaml", import.meta.url));

// The table of ../shared/domain/POLICY.md, copied here because the repo must not read ../shared:
// id, dimension, strength, flag.
const POLICY_TABLE: [string, string, string, "acute" | "control" | ""][] = [
  ["acute_threat_to_life", "coercion", "strong", "acute"],
  ["serious_injury", "coercion", "strong", "acute"],
  ["locked_up_or_guarded", "coercion", "strong", "acute"],
  ["asks_help_to_escape", "coercion", "strong", "acute"],
  ["minor_exploited_now", "exploitation", "strong", "acute"],
  ["violence_threat_now", "coercion", "strong", "acute"],
  ["documents_withheld", "coercion", "strong", "control"],
  ["debt_bondage", "coercion", "strong", "control"],
  ["wages_withheld", "coercion", "strong", "control"],
  ["movement_restricted", "coercion", "strong", "control"],
  ["threats_or_violence", "coercion", "strong", "control"],
  ["third_party_controls", "coercion", "strong", "control"],
  ["self_identifies_as_forced", "coercion", "strong", ""],
  ["online_blackmail", "coercion", "strong", ""],
  ["speaks_through_third_party", "coercion", "medium", ""],
  ["fearful_or_anxious", "coercion", "weak", ""],
  ["excessive_hours", "exploitation", "medium", ""],
  ["pay_far_below_minimum", "exploitation", "medium", ""],
  ["unfair_deductions_or_fines", "exploitation", "medium", ""],
  ["abusive_living_conditions", "exploitation", "medium", ""],
  ["works_while_ill_or_pregnant", "exploitation", "strong", ""],
  ["sexual_services_controlled", "exploitation", "strong", ""],
  ["forced_criminal_activity", "exploitation", "strong", ""],
  ["forced_begging", "exploitation", "strong", ""],
  ["no_contract_or_protection", "exploitation", "weak", ""],
  ["deceptive_recruitment", "recruitment", "medium", ""],
  ["recruitment_debt", "recruitment", "medium", ""],
  ["groomed_by_older_partner", "recruitment", "medium", ""],
  ["picked_up_by_unknown_adults", "recruitment", "medium", ""],
  ["hotel_or_far_from_home", "exploitation", "medium", ""],
  ["runaway", "vulnerability", "medium", ""],
  ["unexplained_money_or_gifts", "vulnerability", "weak", ""],
  ["truancy", "vulnerability", "weak", ""],
  ["employer_dependency", "vulnerability", "weak", ""],
  ["language_isolation", "vulnerability", "weak", ""],
  ["financial_debts", "vulnerability", "weak", ""],
  ["mild_intellectual_disability", "vulnerability", "weak", ""],
  ["addiction", "vulnerability", "weak", ""],
  ["many_registrations_one_address", "location", "medium", ""],
  ["overcrowded_housing", "location", "medium", ""],
  ["suspected_illegal_prostitution", "location", "medium", ""],
];

async function issuesOf(file: string): Promise<ContentError["issues"]> {
  const error = await loadSignalCatalogue(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContentError);
  return (error as ContentError).issues;
}

describe("loadSignalCatalogue", () => {
  let catalogue: SignalCatalogue;
  beforeAll(async () => {
    catalogue = await loadSignalCatalogue(realFile);
  });

  it("should hold every POLICY.md signal with its dimension, strength and flags exactly", () => {
    for (const [id, dimension, strength, flag] of POLICY_TABLE) {
      const signal = catalogue.signals.find((s) => s.id === id);
      expect({ id, dimension: signal?.dimension, strength: signal?.strength }).toEqual({
        id,
        dimension,
        strength,
      });
      expect({ id, acute: signal?.acute, control: signal?.control }).toEqual({
        id,
        acute: flag === "acute",
        control: flag === "control",
      });
    }
  });

  it("should give no flags to signals added beyond POLICY.md", () => {
    const listed = new Set(POLICY_TABLE.map(([id]) => id));
    const added = catalogue.signals.filter((s) => !listed.has(s.id));
    for (const signal of added)
      expect({ id: signal.id, acute: signal.acute, control: signal.control }).toEqual({
        id: signal.id,
        acute: false,
        control: false,
      });
  });

  it("should have a Dutch and English label, explanation and a BRIEF.md source on every signal", () => {
    expect(catalogue.version).toBe(1);
    for (const signal of catalogue.signals) {
      expect(signal.label.nl.length).toBeGreaterThan(3);
      expect(signal.label.en.length).toBeGreaterThan(3);
      expect(signal.explanation.nl).toMatch(/\.$/);
      expect(signal.explanation.en).toMatch(/\.$/);
      expect(signal.source).toMatch(/BRIEF\.md §\d/);
    }
  });

  it("should name file and path of each shape problem", async () => {
    const file = `${fixtures}catalogue-invalid.yaml`;
    const issues = await issuesOf(file);
    expect(issues.every((i) => i.file === file)).toBe(true);
    expect(issues.map((i) => i.path).sort()).toEqual(["signals[1].strength", "signals[2].label.en"]);
  });

  it("should reject a duplicate id naming both places", async () => {
    const issues = await issuesOf(`${fixtures}catalogue-duplicate.yaml`);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("signals[1].id");
    expect(issues[0]?.message).toContain("signals[0]");
  });

  it("should report a YAML syntax error with its line", async () => {
    const issues = await issuesOf(`${fixtures}catalogue-not-yaml.yaml`);
    expect(issues[0]?.path).toMatch(/^line \d+$/);
    expect(issues[0]?.message).toContain("not valid YAML");
  });

  it("should report a missing file", async () => {
    const issues = await issuesOf(`${fixtures}no-such-file.yaml`);
    expect(issues[0]?.message).toBe("file cannot be read");
  });
});

describe("findUnknownSignals", () => {
  it("should return unknown ids once each, in input order", async () => {
    const catalogue = await loadSignalCatalogue(realFile);
    expect(findUnknownSignals(catalogue, ["truancy", "zzz", "addiction", "aaa", "zzz"])).toEqual([
      "zzz",
      "aaa",
    ]);
    expect(findUnknownSignals(catalogue, ["truancy"])).toEqual([]);
  });
});
