/**
 * @module practice/practice-schema
 * A practice case (`dialogs/practice/<id>.yaml`): a fictional but realistic situation a member of staff reads, then
 * runs the normal signal check against. It holds what the check should find (the signals present and the facts
 * the policy uses), the advice the policy gives for them, follow-up facts revealed only when asked, and a debrief
 * per signal with a knowledge topic to read. Fictional names only; the facts come from `domain/BRIEF.md` patterns.
 */
import { z } from "zod";
import { Department } from "../cases/case-schema.js";
import { Slug, Text } from "../dialogs/tree-schema.js";
import { Outcome } from "../signals/policy.js";

/** A signal id of the catalogue (snake_case). */
const SignalId = z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, "must be a signal id such as wages_withheld");

/** Words or short phrases per language that ask for a fact; matched on normalised words, typos allowed. */
const AskWords = z.strictObject({
  nl: z.array(z.string().trim().min(2).max(60)).min(1).max(20),
  en: z.array(z.string().trim().min(2).max(60)).min(1).max(20),
});

/** A fact the narrative does not tell: the user learns it by asking ("heeft ze haar eigen paspoort?"). */
export const PracticeFact = z.strictObject({
  id: Slug,
  ask: AskWords,
  answer: Text,
});
export type PracticeFact = z.infer<typeof PracticeFact>;

/** Why a signal present in the case matters, with the knowledge topic that explains it. */
export const SignalExplanation = z.strictObject({
  signal: SignalId,
  why: Text,
  topic: Slug,
});

/** One practice case. */
export const PracticeCase = z.strictObject({
  id: Slug,
  title: Text,
  /** The departments whose staff meet this situation; `oefenen` prefers a case of the user's department. */
  departments: z.array(Department).min(1),
  /** The signal-check tree the user runs against the narrative. */
  tree: Slug,
  /** What the user sees and hears, in plain words (B1). */
  narrative: Text,
  facts: z.array(PracticeFact).max(10).default([]),
  /** The signals present (empty when nothing points to trafficking). */
  signals: z.array(SignalId).max(20),
  /** The facts the policy uses: `minor` null when the age is in doubt; `locationOnly` when no person is known. */
  situation: z.strictObject({ minor: z.boolean().nullable(), locationOnly: z.boolean() }),
  /** The advice the policy gives for these signals and facts (the content check recomputes it). */
  expected: Outcome,
  /** One explanation per signal present. */
  explain: z.array(SignalExplanation).max(20),
  /** The lesson of the case in a few sentences. */
  debrief: Text,
  /** Where the pattern comes from (BRIEF.md section or a source it names). */
  source: z.string().trim().min(3).max(300),
});
export type PracticeCase = z.infer<typeof PracticeCase>;
