/**
 * @module cases/playbook-schema
 * A follow-up playbook (`dialogs/playbooks/<id>.yaml`): for one kind of case (form of exploitation, adult or minor,
 * location only, acute), the ordered steps a coordinator takes after claiming it, each naming the partner, why the
 * step matters and the knowledge topic that explains it. Content, like the check trees: written from
 * `domain/BRIEF.md`, cited, and checked by `content:check` (partners exist in the municipality settings, topics
 * exist, exactly one fallback playbook).
 */
import { z } from "zod";
import { Slug, textOfAtMost } from "../dialogs/tree-schema.js";
import { ExploitationForm, ReferralTarget } from "./case-schema.js";

/** The most steps one playbook may have, so the case card and a case file stay bounded. */
export const MAX_PLAYBOOK_STEPS = 15;
/** The longest title (of a playbook or a step) and the longest summary or why, per language, in characters. */
export const MAX_PLAYBOOK_TITLE = 120;
export const MAX_PLAYBOOK_TEXT = 400;
const Title = textOfAtMost(MAX_PLAYBOOK_TITLE);
const Explanation = textOfAtMost(MAX_PLAYBOOK_TEXT);

/** One follow-up step. A referral to `partner` ticks the first open step with that partner. */
export const PlaybookStep = z.strictObject({
  id: Slug,
  title: Title,
  /** Why this step, in one or two sentences (B1). */
  why: Explanation,
  /** The partner this step involves; absent for the contact point's own steps (e.g. record the decision). */
  partner: ReferralTarget.optional(),
  /** The knowledge topic that explains the step (an id of `knowledge/topics/<id>.md`). */
  topic: Slug.optional(),
});
export type PlaybookStep = z.infer<typeof PlaybookStep>;

/**
 * When a playbook fits a case. Every condition given must hold; a condition left out holds always. `fallback: true`
 * marks the one playbook used when no other fits (it has no other conditions).
 */
export const PlaybookWhen = z.strictObject({
  /** The person is or seems under 18 (the rule that gave the advice was a minor's rule, or age was in doubt). */
  minor: z.boolean().optional(),
  /** Only a place is known, no person. */
  locationOnly: z.boolean().optional(),
  /** The advice was ACUTE. */
  acute: z.boolean().optional(),
  /** At least one of these forms of exploitation is among the case's forms. */
  forms: z.array(ExploitationForm).min(1).optional(),
  fallback: z.literal(true).optional(),
});
export type PlaybookWhen = z.infer<typeof PlaybookWhen>;

/** One playbook. */
export const Playbook = z.strictObject({
  id: Slug,
  title: Title,
  /** What kind of case this is for, in one sentence. */
  summary: Explanation,
  when: PlaybookWhen,
  steps: z.array(PlaybookStep).min(1).max(MAX_PLAYBOOK_STEPS),
  /** Where the steps come from (BRIEF.md sections or sources it names). */
  sources: z.array(z.string().trim().min(3).max(300)).min(1).max(10),
  /** The date a person last checked this playbook against its sources (YYYY-MM-DD). */
  reviewed: z.iso.date(),
});
export type Playbook = z.infer<typeof Playbook>;

/** What a case tells about its situation, for choosing a playbook. */
export interface PlaybookFacts {
  minor: boolean;
  locationOnly: boolean;
  acute: boolean;
  forms: readonly ExploitationForm[];
}

/** How many conditions of `when` a case must meet; the playbook meeting the most wins. */
function conditionCount(when: PlaybookWhen): number {
  return (
    Number(when.minor !== undefined) +
    Number(when.locationOnly !== undefined) +
    Number(when.acute !== undefined) +
    Number(when.forms !== undefined)
  );
}

/** True when every condition of `when` holds for `facts` (a fallback holds for nothing but is chosen last). */
export function playbookFits(when: PlaybookWhen, facts: PlaybookFacts): boolean {
  if (when.fallback) return false;
  return (
    (when.minor === undefined || when.minor === facts.minor) &&
    (when.locationOnly === undefined || when.locationOnly === facts.locationOnly) &&
    (when.acute === undefined || when.acute === facts.acute) &&
    (when.forms === undefined || when.forms.some((f) => facts.forms.includes(f)))
  );
}

/**
 * The playbook for a case: of those that fit, the one with the most conditions (ties: the first in `playbooks`,
 * which the loader sorts by id); the fallback when none fits; undefined only when there is no fallback either.
 */
export function choosePlaybook(playbooks: readonly Playbook[], facts: PlaybookFacts): Playbook | undefined {
  let best: Playbook | undefined;
  for (const p of playbooks) {
    if (playbookFits(p.when, facts) && (!best || conditionCount(p.when) > conditionCount(best.when)))
      best = p;
  }
  return best ?? playbooks.find((p) => p.when.fallback);
}
