/**
 * @module signals/policy
 * The assessment policy (`dialogs/policy.yaml`) as data, and `assess`, the pure function that turns recorded
 * signals and two situation facts into advice: ACUTE, ESCALATE, CONSULT or MONITOR, with the rule that fired and
 * plain-language reasons naming the signals. Rules are ordered; the first rule whose conditions all hold wins.
 */
import { z } from "zod";
import { ContentError, type ContentIssue } from "../errors.js";
import { inBothLangs, textsFor, type Lang } from "../i18n/index.js";
import { Dimension, Strength, type Signal, type SignalCatalogue } from "./catalogue.js";
import { readYamlContent } from "./content-file.js";

/** The four advice levels, from most to least urgent. */
export const Outcome = z.enum(["ACUTE", "ESCALATE", "CONSULT", "MONITOR"]);
export type Outcome = z.infer<typeof Outcome>;

const Bilingual = z.strictObject({ nl: z.string().trim().min(1), en: z.string().trim().min(1) });
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1)]).transform((v): z.infer<T>[] => (Array.isArray(v) ? v : [v]));

/** Counts the recorded signals matching all given filters; the rule holds only if the count is within min..max. */
const CountClause = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, "name must be a lower-case slug")
      .refine((n) => n !== "signals", "name 'signals' is reserved")
      .optional(),
    min: z.number().int().min(0).default(0),
    max: z.number().int().min(0).optional(),
    dimension: oneOrMany(Dimension).optional(),
    strength: oneOrMany(Strength).optional(),
    flag: z.enum(["acute", "control"]).optional(),
    ids: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine(
    (c) => c.min > 0 || c.max !== undefined,
    "a clause needs min >= 1 or a max, otherwise it always holds",
  )
  .refine((c) => c.max === undefined || c.min <= c.max, "min must not be greater than max");
type CountClause = z.infer<typeof CountClause>;

/** One policy rule: facts and count clauses that must all hold, the outcome, and the reason in Dutch and English. */
const PolicyRule = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "id must be like ESCALATE.b"),
  outcome: Outcome,
  facts: z.strictObject({ minor: z.boolean().optional(), locationOnly: z.boolean().optional() }).optional(),
  counts: z.array(CountClause).optional(),
  reason: Bilingual,
});
type PolicyRule = z.infer<typeof PolicyRule>;

/** The whole policy; the last rule is a catch-all so every assessment has an outcome. */
export const Policy = z.strictObject({
  version: z.number().int().positive(),
  rules: z.array(PolicyRule).min(1),
});
export type Policy = z.infer<typeof Policy>;

/** Facts about the situation that are inputs to the policy, not signals. */
export const SituationFacts = z.strictObject({ minor: z.boolean(), locationOnly: z.boolean() });
export type SituationFacts = z.infer<typeof SituationFacts>;

/**
 * What a signal check knows about the situation: `minor` is undefined while the age is in doubt ("weet ik niet",
 * skipped, or never asked about a person). See `assessSituation` for how doubt is assessed.
 */
export interface CheckFacts {
  minor: boolean | undefined;
  locationOnly: boolean;
}

/**
 * The advice: outcome, the id of the rule that decided it, the signals (de-duplicated) and the reasons.
 * `ageInDoubt` is set when the age was unknown and the advice for a minor was taken because it is stronger.
 */
export const Assessment = z.strictObject({
  outcome: Outcome,
  rule: z.string(),
  signals: z.array(z.string()),
  reasons: z.strictObject({ nl: z.array(z.string()), en: z.array(z.string()) }),
  ageInDoubt: z.literal(true).optional(),
});
export type Assessment = z.infer<typeof Assessment>;

/** The rank of each outcome, higher is more urgent; for "the stronger of two" comparisons. */
export const OUTCOME_RANK: Readonly<Record<Outcome, number>> = {
  ACUTE: 3,
  ESCALATE: 2,
  CONSULT: 1,
  MONITOR: 0,
};

function isCatchAll(rule: PolicyRule): boolean {
  const facts = rule.facts ?? {};
  return facts.minor === undefined && facts.locationOnly === undefined && (rule.counts ?? []).length === 0;
}

function clauseMatches(clause: CountClause, signal: Signal): boolean {
  return (
    (clause.dimension === undefined || clause.dimension.includes(signal.dimension)) &&
    (clause.strength === undefined || clause.strength.includes(signal.strength)) &&
    (clause.flag === undefined || signal[clause.flag]) &&
    (clause.ids === undefined || clause.ids.includes(signal.id))
  );
}

/** The signals each clause matched, or undefined when the rule does not hold. */
function matchRule(
  rule: PolicyRule,
  signals: readonly Signal[],
  facts: SituationFacts,
): Signal[][] | undefined {
  if (rule.facts?.minor !== undefined && rule.facts.minor !== facts.minor) return undefined;
  if (rule.facts?.locationOnly !== undefined && rule.facts.locationOnly !== facts.locationOnly)
    return undefined;
  const matched: Signal[][] = [];
  for (const clause of rule.counts ?? []) {
    const hits = signals.filter((s) => clauseMatches(clause, s));
    if (hits.length < clause.min || (clause.max !== undefined && hits.length > clause.max)) return undefined;
    matched.push(hits);
  }
  return matched;
}

function listLabels(signals: readonly Signal[], lang: Lang): string {
  const t = textsFor(lang).signals;
  if (signals.length === 0) return t.listNone;
  return signals
    .map((s) => {
      const label = s.label[lang];
      // Lower-case only a capitalised word ("Opgesloten"), never an acronym ("ID").
      return /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
    })
    .join(t.listSeparator);
}

function renderReason(
  rule: PolicyRule,
  matched: readonly Signal[][],
  all: readonly Signal[],
  lang: Lang,
): string {
  const clauses = rule.counts ?? [];
  const union = clauses.length === 0 ? all : all.filter((s) => matched.some((hits) => hits.includes(s)));
  return rule.reason[lang].replace(/\{([^}]*)\}/g, (_whole, key: string) => {
    if (key === "signals") return listLabels(union, lang);
    const index = clauses.findIndex((c) => c.name === key);
    return listLabels(matched[index] ?? [], lang);
  });
}

/**
 * Assesses the recorded signals under `policy`: the first matching rule decides outcome and `rule`; the reasons
 * list that rule first, then any later rule with the same outcome that also holds. Pure; throws a RangeError for
 * an id that is not in the catalogue (callers check input with `findUnknownSignals`).
 */
export function assess(
  catalogue: SignalCatalogue,
  policy: Policy,
  signalIds: readonly string[],
  facts: SituationFacts,
): Assessment {
  const byId = new Map(catalogue.signals.map((s) => [s.id, s]));
  const ids = [...new Set(signalIds)];
  const signals = ids.map((id) => {
    const signal = byId.get(id);
    if (!signal) throw new RangeError(`unknown signal id "${id}"`);
    return signal;
  });
  let decided: { rule: PolicyRule; outcome: Outcome } | undefined;
  const reasons: Assessment["reasons"] = { nl: [], en: [] };
  for (const rule of policy.rules) {
    if (decided && rule.outcome !== decided.outcome) continue;
    const matched = matchRule(rule, signals, facts);
    if (!matched) continue;
    decided ??= { rule, outcome: rule.outcome };
    reasons.nl.push(renderReason(rule, matched, signals, "nl"));
    reasons.en.push(renderReason(rule, matched, signals, "en"));
  }
  if (!decided) {
    // loadPolicy guarantees a catch-all; a hand-built policy without one is a programming error.
    throw new RangeError("policy has no rule that matches; the last rule must be a catch-all");
  }
  return { outcome: decided.outcome, rule: decided.rule.id, signals: ids, reasons };
}

/**
 * Assesses what a signal check collected. A known age is assessed as given. When the age is in doubt about a
 * person (not a location-only check, where no person is identified), both readings are assessed and the stronger
 * one is taken: POLICY counts someone who is *or seems* under 18 as a minor, and doubt must never weaken the advice.
 * When the minor reading wins, its reasons are preceded by a sentence that says why.
 */
export function assessSituation(
  catalogue: SignalCatalogue,
  policy: Policy,
  signalIds: readonly string[],
  facts: CheckFacts,
): Assessment {
  const { locationOnly } = facts;
  if (facts.minor !== undefined || locationOnly) {
    return assess(catalogue, policy, signalIds, { minor: facts.minor ?? false, locationOnly });
  }
  const adult = assess(catalogue, policy, signalIds, { minor: false, locationOnly });
  const minor = assess(catalogue, policy, signalIds, { minor: true, locationOnly });
  if (OUTCOME_RANK[minor.outcome] <= OUTCOME_RANK[adult.outcome]) return adult;
  const ageDoubt = inBothLangs((t) => t.signals.ageDoubtReason);
  return {
    ...minor,
    ageInDoubt: true,
    reasons: {
      nl: [ageDoubt.nl, ...minor.reasons.nl],
      en: [ageDoubt.en, ...minor.reasons.en],
    },
  };
}

function checkRules(file: string, policy: Policy, catalogue: SignalCatalogue): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const known = new Set(catalogue.signals.map((s) => s.id));
  const ruleIds = new Set<string>();
  policy.rules.forEach((rule, r) => {
    const at = `rules[${r}]`;
    if (ruleIds.has(rule.id))
      issues.push({ file, path: `${at}.id`, message: `duplicate rule id "${rule.id}"` });
    ruleIds.add(rule.id);
    const names = new Set<string>();
    (rule.counts ?? []).forEach((clause, c) => {
      if (clause.name !== undefined) {
        if (names.has(clause.name)) {
          issues.push({
            file,
            path: `${at}.counts[${c}].name`,
            message: `duplicate clause name "${clause.name}"`,
          });
        }
        names.add(clause.name);
      }
      (clause.ids ?? []).forEach((id, i) => {
        if (!known.has(id)) {
          issues.push({ file, path: `${at}.counts[${c}].ids[${i}]`, message: `unknown signal id "${id}"` });
        }
      });
    });
    for (const lang of ["nl", "en"] as const) {
      for (const [, key] of rule.reason[lang].matchAll(/\{([^}]*)\}/g)) {
        if (key !== "signals" && !names.has(key ?? "")) {
          issues.push({
            file,
            path: `${at}.reason.${lang}`,
            message: `placeholder {${key}} is neither {signals} nor the name of a clause of this rule`,
          });
        }
      }
    }
    if (isCatchAll(rule) && r < policy.rules.length - 1) {
      issues.push({
        file,
        path: at,
        message: `rule "${rule.id}" always matches, so the rules after it never fire`,
      });
    }
  });
  const last = policy.rules[policy.rules.length - 1];
  if (last && !isCatchAll(last)) {
    issues.push({
      file,
      path: `rules[${policy.rules.length - 1}]`,
      message: "the last rule must be a catch-all (no facts, no counts) so every assessment has an outcome",
    });
  }
  return issues;
}

/**
 * Probes the two safety guarantees a municipality may not loosen: every acute signal leads to ACUTE, and a minor
 * with one or two signals never gets less than CONSULT. Returns at most one issue per guarantee, with an example.
 */
function checkSafetyFloors(file: string, policy: Policy, catalogue: SignalCatalogue): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const ids = catalogue.signals.map((s) => s.id);
  const factsList: SituationFacts[] = [false, true].flatMap((minor) =>
    [false, true].map((locationOnly) => ({ minor, locationOnly })),
  );
  acute: for (const signal of catalogue.signals.filter((s) => s.acute)) {
    for (const facts of factsList) {
      const result = assess(catalogue, policy, [signal.id], facts);
      if (result.outcome !== "ACUTE") {
        issues.push({
          file,
          path: "rules",
          message: `acute signal "${signal.id}" gets ${result.outcome} (rule ${result.rule}); it must get ACUTE`,
        });
        break acute;
      }
    }
  }
  const sets = ids.flatMap((a, i) => [[a], ...ids.slice(i + 1).map((b) => [a, b])]);
  minor: for (const set of sets) {
    for (const locationOnly of [false, true]) {
      const result = assess(catalogue, policy, set, { minor: true, locationOnly });
      if (OUTCOME_RANK[result.outcome] < OUTCOME_RANK.CONSULT) {
        issues.push({
          file,
          path: "rules",
          message: `a minor with ${set.join(" + ")} gets ${result.outcome} (rule ${result.rule}); a minor with signals must get at least CONSULT`,
        });
        break minor;
      }
    }
  }
  return issues;
}

/**
 * Loads and validates the policy at `file` against the catalogue: known outcomes and dimensions, existing signal
 * ids, resolvable reason placeholders, a final catch-all, and the two safety guarantees. Throws a ContentError
 * naming the file and the path of every problem.
 */
export async function loadPolicy(file: string, catalogue: SignalCatalogue): Promise<Policy> {
  const policy = await readYamlContent(file, Policy);
  const issues = checkRules(file, policy, catalogue);
  if (issues.length > 0) throw new ContentError(issues);
  const unsafe = checkSafetyFloors(file, policy, catalogue);
  if (unsafe.length > 0) throw new ContentError(unsafe);
  return policy;
}

/**
 * The situation facts the rule `ruleId` required: whether the advice concerned a minor (or someone whose age was
 * in doubt, assessed as a minor) and whether only a place was known. False for a rule without the fact, an
 * unknown rule, and a report made without a check.
 */
export function factsOfRule(policy: Policy, ruleId: string): SituationFacts {
  const facts = policy.rules.find((r) => r.id === ruleId)?.facts;
  return { minor: facts?.minor === true, locationOnly: facts?.locationOnly === true };
}
