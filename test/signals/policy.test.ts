import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ContentError } from "../../src/errors.js";
import { loadSignalCatalogue, type SignalCatalogue } from "../../src/signals/catalogue.js";
import { assess, assessSituation, loadPolicy, OUTCOME_RANK, type Policy } from "../../src/signals/policy.js";

const fixtures = fileURLToPath(new URL("../fixtures/signals/", import.meta.url));
const dialogs = fileURLToPath(new URL("../../dialogs/", import.meta.url));

interface Case {
  signals: string[];
  minor: boolean;
  locationOnly: boolean;
  expect: string;
  rule?: string;
  note?: string;
}
const readCases = (name: string): Case[] =>
  readFileSync(`${fixtures}${name}`, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Case);

let catalogue: SignalCatalogue;
let policy: Policy;
beforeAll(async () => {
  catalogue = await loadSignalCatalogue(`${dialogs}signals.yaml`);
  policy = await loadPolicy(`${dialogs}policy.yaml`, catalogue);
});

async function policyIssues(name: string): Promise<ContentError["issues"]> {
  const error = await loadPolicy(`${fixtures}${name}`, catalogue).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContentError);
  return (error as ContentError).issues;
}

const adult = { minor: false, locationOnly: false };
const minor = { minor: true, locationOnly: false };

describe("assess", () => {
  it("should agree with every line of the shared development set", () => {
    for (const c of readCases("policy-dev.jsonl")) {
      const result = assess(catalogue, policy, c.signals, c);
      expect({ ...c, got: result.outcome }).toEqual({ ...c, got: c.expect });
    }
  });

  it("should agree with the hand-derived cases on outcome and rule", () => {
    const cases = readCases("policy-cases.jsonl");
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) {
      const result = assess(catalogue, policy, c.signals, c);
      expect({ note: c.note, outcome: result.outcome, rule: result.rule }).toEqual({
        note: c.note,
        outcome: c.expect,
        rule: c.rule,
      });
    }
  });

  it("should cover every rule of the policy with at least one hand-derived case", () => {
    const fired = new Set(readCases("policy-cases.jsonl").map((c) => c.rule));
    expect(policy.rules.map((r) => r.id).filter((id) => !fired.has(id))).toEqual([]);
  });

  it("should not apply 2b when the exploitation and coercion signals are both medium", () => {
    const result = assess(catalogue, policy, ["excessive_hours", "speaks_through_third_party"], adult);
    expect(result.rule).toBe("CONSULT.b");
  });

  it("should never give a minor with any single signal less than CONSULT", () => {
    for (const signal of catalogue.signals) {
      expect(["ACUTE", "ESCALATE", "CONSULT"]).toContain(
        assess(catalogue, policy, [signal.id], minor).outcome,
      );
    }
  });

  it("should give ACUTE for every acute signal, whatever the facts", () => {
    for (const signal of catalogue.signals.filter((s) => s.acute)) {
      for (const facts of [adult, minor, { minor: false, locationOnly: true }]) {
        expect(assess(catalogue, policy, [signal.id], facts).outcome).toBe("ACUTE");
      }
    }
  });

  it("should return the signals de-duplicated in input order", () => {
    const result = assess(catalogue, policy, ["truancy", "addiction", "truancy", "runaway"], adult);
    expect(result.signals).toEqual(["truancy", "addiction", "runaway"]);
  });

  it("should name the signals by label in Dutch and English reasons", () => {
    const result = assess(catalogue, policy, ["forced_begging", "fearful_or_anxious"], adult);
    expect(result.reasons.nl[0]).toBe(
      "Er is een signaal van uitbuiting: moet bedelen voor een ander. Er is ook een signaal van dwang: " +
        "angstig of nerveus, vermijdt instanties. Minstens één daarvan is sterk: moet bedelen voor een ander.",
    );
    expect(result.reasons.en[0]).toContain("made to beg for someone else");
    expect(result.reasons.nl.join(" ")).not.toMatch(/[{}]/);
  });

  it("should keep acronyms at the start of a label in upper case", () => {
    const result = assess(catalogue, policy, ["documents_withheld"], adult);
    expect(result.reasons.en[0]).toContain("ID or passport held by someone else");
  });

  it("should list the first rule's reason first, then other rules with the same outcome", () => {
    const result = assess(
      catalogue,
      policy,
      ["online_blackmail", "excessive_hours", "self_identifies_as_forced"],
      adult,
    );
    expect(result.rule).toBe("ESCALATE.b");
    expect(result.reasons.nl).toHaveLength(3);
    expect(result.reasons.nl[1]).toContain("zegt zelf gedwongen");
  });

  it("should explain that nothing was recorded when there are no signals", () => {
    const result = assess(catalogue, policy, [], adult);
    expect(result).toMatchObject({ outcome: "MONITOR", rule: "MONITOR.none", signals: [] });
    expect(result.reasons.nl[0]).toContain("geen signalen");
  });

  it("should throw a RangeError for an id outside the catalogue", () => {
    expect(() => assess(catalogue, policy, ["no_such_signal"], adult)).toThrow(RangeError);
  });
});

describe("assessSituation", () => {
  it("should assess an age in doubt as the stronger of minor and adult, never weaker than either", () => {
    const ids = catalogue.signals.map((s) => s.id);
    const pairs = ids.flatMap((a, i) => [[a], ...ids.slice(i + 1).map((b) => [a, b])]);
    for (const set of pairs) {
      const doubt = assessSituation(catalogue, policy, set, { minor: undefined, locationOnly: false });
      for (const minor of [false, true]) {
        const known = assess(catalogue, policy, set, { minor, locationOnly: false });
        expect(OUTCOME_RANK[doubt.outcome]).toBeGreaterThanOrEqual(OUTCOME_RANK[known.outcome]);
      }
    }
  });

  it("should say that the age is in doubt when the minor reading decides", () => {
    const doubt = assessSituation(catalogue, policy, ["hotel_or_far_from_home", "truancy"], {
      minor: undefined,
      locationOnly: false,
    });
    expect(doubt).toMatchObject({ outcome: "ESCALATE", rule: "ESCALATE.a", ageInDoubt: true });
    expect(doubt.reasons.nl[0]).toMatch(/leeftijd is niet zeker/);
    expect(doubt.reasons.en[0]).toMatch(/age is not certain/);
    const same = assessSituation(catalogue, policy, ["documents_withheld"], {
      minor: undefined,
      locationOnly: false,
    });
    expect(same.ageInDoubt).toBeUndefined();
    expect(same.outcome).toBe("ESCALATE");
  });

  it("should assess a location-only check without a person as such, not as a minor", () => {
    const place = assessSituation(catalogue, policy, ["abusive_living_conditions"], {
      minor: undefined,
      locationOnly: true,
    });
    // As a minor this would be ESCALATE.a; with no person identified it is one medium signal.
    expect(place.outcome).toBe("MONITOR");
    expect(place.ageInDoubt).toBeUndefined();
  });
});

describe("loadPolicy", () => {
  it("should report duplicate ids, unknown signal ids, unknown placeholders and a misplaced catch-all", async () => {
    const file = `${fixtures}policy-invalid.yaml`;
    const issues = await policyIssues("policy-invalid.yaml");
    expect(issues.every((i) => i.file === file)).toBe(true);
    expect(issues.map((i) => i.path)).toEqual([
      "rules[1].id",
      "rules[1].counts[0].ids[0]",
      "rules[1].reason.en",
      "rules[2]",
      "rules[3]",
    ]);
    expect(issues[1]?.message).toContain("no_such_signal");
    expect(issues[2]?.message).toContain("{y}");
    expect(issues[4]?.message).toContain("catch-all");
  });

  it("should report unknown outcomes, dimensions, an always-true clause and a missing translation by path", async () => {
    const paths = (await policyIssues("policy-bad-shape.yaml")).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "rules[0].outcome",
        "rules[0].counts[0].dimension",
        "rules[1].counts[0]",
        "rules[1].reason.en",
      ]),
    );
  });

  it("should refuse a policy that loosens the acute or the minor safety floor", async () => {
    const messages = (await policyIssues("policy-unsafe.yaml")).map((i) => i.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/acute signal "acute_threat_to_life" gets CONSULT/);
    expect(messages[1]).toMatch(/a minor with .* gets MONITOR/);
  });

  it("should let a municipality tighten thresholds in the file alone", async () => {
    const tightened = await loadPolicy(`${fixtures}policy-tightened.yaml`, catalogue);
    expect(assess(catalogue, policy, ["runaway"], adult).outcome).toBe("MONITOR");
    expect(assess(catalogue, tightened, ["runaway"], adult)).toMatchObject({
      outcome: "CONSULT",
      rule: "CONSULT.medium",
    });
  });
});
