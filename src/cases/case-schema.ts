/**
 * @module cases/case-schema
 * The stored shapes of the escalation flow: a case (one reported signal and everything that happened to it), the
 * report draft the reporter submits, and the audit entry written for every attempted action. Records carry a
 * `schemaVersion` so a later format change is detected instead of misread.
 */
import { z } from "zod";

/** The advice levels of the assessment policy; NONE when a report was made without a signal check. */
export const Outcome = z.enum(["ACUTE", "ESCALATE", "CONSULT", "MONITOR", "NONE"]);
export type Outcome = z.infer<typeof Outcome>;

/** Where a coordinator can refer a case (domain brief §3). */
export const ReferralTarget = z.enum([
  "politie",
  "arbeidsinspectie",
  "veilig-thuis",
  "zorgcoordinator",
  "comensha",
  "riec",
  "zorg-en-veiligheidshuis",
]);
export type ReferralTarget = z.infer<typeof ReferralTarget>;

/** The forms of exploitation a case's signals point to (the signal catalogue's forms, without "any"). */
export const ExploitationForm = z.enum(["sexual", "labour", "criminal", "organ"]);
export type ExploitationForm = z.infer<typeof ExploitationForm>;

/** The lifecycle of a case. */
export const CaseStatus = z.enum(["new", "claimed", "referred", "closed"]);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** A person acting on a case: a Teams user id (AAD object id) and display name. */
export const Actor = z.object({ id: z.string().min(1), name: z.string() });
export type Actor = z.infer<typeof Actor>;

const isoTime = z.iso.datetime({ offset: true });
// Tabs and newlines are fine in free text; other control characters are not (they break cards and logs).
const hasControlChars = (s: string) =>
  [...s].some((ch) => {
    const code = ch.charCodeAt(0);
    return (code < 0x20 && ch !== "\t" && ch !== "\n" && ch !== "\r") || (code >= 0x7f && code <= 0x9f);
  });

/** Trimmed free text of at most `max` characters without control characters (tab and newline allowed). */
export function freeText(max: number, min = 0) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !hasControlChars(s), { message: "contains control characters" });
}

/** The longest texts a coordinator or reporter may write into a case; card inputs use the same numbers. */
export const CASE_TEXT_LIMITS = { question: 1000, answer: 2000, note: 1000, reason: 1000 } as const;

/** The longest texts of the report form (see ReportDraft); the form's inputs use the same numbers. */
export const REPORT_TEXT_LIMITS = { description: 2000, place: 200, seenAt: 100, contact: 200 } as const;

/** The reporter as the case stores them; `conversationId` is their personal chat with the bot. */
export const Reporter = z.object({
  userId: z.string().min(1),
  name: z.string(),
  department: z.string(),
  contact: z.string(),
  conversationId: z.string().optional(),
});
export type Reporter = z.infer<typeof Reporter>;

/**
 * The part of a signal-check assessment a case keeps: outcome, the rule that fired, signal ids and the Dutch
 * reasons. Accepts the signals module's bilingual `reasons: { nl, en }` as well and keeps the Dutch ones.
 */
export const CaseAssessment = z.object({
  outcome: Outcome,
  rule: z.string(),
  signals: z.array(z.string()),
  reasons: z.union([z.array(z.string()), z.object({ nl: z.array(z.string()) }).transform((r) => r.nl)]),
});
export type CaseAssessment = z.input<typeof CaseAssessment>;

/** The departments a reporter can choose on the report form. */
export const Department = z.enum([
  "wijkteam",
  "wmo",
  "schuldhulp",
  "handhaving",
  "leerplicht",
  "burgerzaken",
  "kcc",
  "anders",
]);
export type Department = z.infer<typeof Department>;

/** What the report form submits, validated and trimmed: facts only, description at most 2,000 characters. */
export const ReportDraft = z.object({
  description: freeText(REPORT_TEXT_LIMITS.description, 1),
  place: freeText(REPORT_TEXT_LIMITS.place),
  seenAt: freeText(REPORT_TEXT_LIMITS.seenAt),
  department: Department,
  contact: freeText(REPORT_TEXT_LIMITS.contact),
});
export type ReportDraft = z.infer<typeof ReportDraft>;

/**
 * How a case stood to earlier reports about its place when it came in (cases/place-links), for the anonymous
 * statistics: no usable place, the first report about it, linked to earlier ones, or raising the cluster hint.
 */
export const PlaceMatch = z.enum(["no_place", "single", "linked", "cluster"]);
export type PlaceMatch = z.infer<typeof PlaceMatch>;

/** A question a coordinator asked the reporter, with the answer once it came. */
export const CaseQuestion = z.object({
  id: z.uuid(),
  text: z.string(),
  askedBy: Actor,
  askedAt: isoTime,
  answer: z.string().optional(),
  answeredAt: isoTime.optional(),
});
export type CaseQuestion = z.infer<typeof CaseQuestion>;

/**
 * One referral to a partner organisation. `withReporter`: the coordinator chose to pass the reporter's name,
 * department and contact on in the referral summary (left out otherwise: the partner rarely needs them).
 */
export const Referral = z.object({
  to: ReferralTarget,
  note: z.string(),
  by: Actor,
  at: isoTime,
  withReporter: z.boolean().optional(),
});
export type Referral = z.infer<typeof Referral>;

/** The bounds of a case's playbook: notes per step. */
export const MAX_STEP_NOTES = 20;

/** Where a follow-up step of a case stands. */
export const StepState = z.enum(["open", "done", "skipped"]);
export type StepState = z.infer<typeof StepState>;

/** A note a coordinator wrote on a step. */
export const StepNote = z.object({ text: z.string(), by: Actor, at: isoTime });
export type StepNote = z.infer<typeof StepNote>;

/**
 * One follow-up step of a case, copied from its playbook when attached (`id`, `partner`); titles and texts stay in
 * the playbook content. `by`/`at` say who last set the state; `reason` is why it was skipped; `referral` is set
 * when a referral to the step's partner ticked it.
 */
export const CaseStep = z.object({
  id: z.string().min(1).max(100),
  partner: ReferralTarget.optional(),
  state: StepState,
  by: Actor.optional(),
  at: isoTime.optional(),
  reason: z.string().optional(),
  referral: z.boolean().optional(),
  notes: z.array(StepNote).max(MAX_STEP_NOTES),
});
export type CaseStep = z.infer<typeof CaseStep>;

/** The follow-up playbook attached to a case (cases/playbook-schema), with where each of its steps stands. */
export const CasePlaybook = z.object({
  id: z.string().min(1).max(100),
  attachedAt: isoTime,
  attachedBy: Actor,
  steps: z.array(CaseStep).max(30),
});
export type CasePlaybook = z.infer<typeof CasePlaybook>;

/** The posted channel card, so every later action updates it in place. */
export const CaseCardRef = z.object({ activityId: z.string().min(1), conversationId: z.string().min(1) });
export type CaseCardRef = z.infer<typeof CaseCardRef>;

/**
 * One reported signal. `version` is the optimistic-concurrency counter (every stored change raises it); `seq`
 * counts events that produced notifications and makes outbox idempotency keys unique per event.
 */
export const CaseRecord = z.object({
  schemaVersion: z.literal(1),
  id: z.uuid(),
  number: z.string().regex(/^MH-\d{4}-\d{4,}$/),
  requestId: z.string().min(1),
  createdAt: isoTime,
  outcome: Outcome,
  rule: z.string(),
  signals: z.array(z.string()),
  reasons: z.array(z.string()),
  urgent: z.boolean(),
  description: z.string(),
  place: z.string(),
  seenAt: z.string(),
  reporter: Reporter,
  status: CaseStatus,
  /** The forms of exploitation its signals point to, for the anonymous statistics (absent on older cases). */
  forms: z.array(ExploitationForm).optional(),
  /**
   * The keyed hash of the place's normalised key (cases/place-key), never the key itself; absent when the place
   * named no usable address and on cases reported before places were matched.
   */
  placeKey: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** See PlaceMatch (absent on cases reported before places were matched). */
  placeMatch: PlaceMatch.optional(),
  claimedBy: Actor.optional(),
  /** When it was claimed (absent on cases claimed before this was kept). */
  claimedAt: isoTime.optional(),
  referrals: z.array(Referral),
  questions: z.array(CaseQuestion),
  /** The follow-up playbook, attached when the case was claimed (absent before, and on older cases). */
  playbook: CasePlaybook.optional(),
  /** `openSteps`: the playbook steps still open when a coordinator closed the case anyway (an audited override). */
  closed: z
    .object({ reason: z.string(), by: Actor, at: isoTime, openSteps: z.array(z.string()).optional() })
    .optional(),
  outcomeOverride: z.object({ outcome: Outcome, reason: z.string(), by: Actor, at: isoTime }).optional(),
  remindedAt: isoTime.optional(),
  card: CaseCardRef.optional(),
  seq: z.number().int().min(0),
  version: z.number().int().min(1),
});
export type CaseRecord = z.infer<typeof CaseRecord>;

/** A case before the store gave it a number (the number sequence is the store's, assigned atomically). */
export type NewCase = Omit<CaseRecord, "number">;

/** What an audited action was. */
export const AuditAction = z.enum([
  "case.create",
  "case.claim",
  "case.ask",
  "case.answer",
  "case.refer",
  "case.close",
  "case.override",
  "case.remind",
  "case.list",
  "case.view",
  "case.playbook",
  "case.step",
  "case.summary",
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** "Who, what, when" of one attempted action, allowed or refused; `detail` holds ids and codes, never free text. */
export const AuditEntry = z.object({
  id: z.uuid(),
  caseId: z.string(),
  at: isoTime,
  actor: Actor,
  action: AuditAction,
  allowed: z.boolean(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The calendar year of `iso` in the Netherlands, so a case reported on New Year's night gets the right year. */
export function caseYear(iso: string): number {
  const year = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", year: "numeric" }).format(
    new Date(iso),
  );
  return Number(year);
}

/** Formats the readable case number, e.g. `formatCaseNumber(2026, 42)` is "MH-2026-0042". */
export function formatCaseNumber(year: number, sequence: number): string {
  return `MH-${year}-${String(sequence).padStart(4, "0")}`;
}

/** The outcome that counts for a case: the coordinator's override when there is one. */
export function effectiveOutcome(record: CaseRecord): Outcome {
  return record.outcomeOverride?.outcome ?? record.outcome;
}
