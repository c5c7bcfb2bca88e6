/**
 * @module tab/web/contract
 * The JSON the tab's API answers (`/api/tab/*`), as the browser reads it. The server builds exactly these shapes;
 * names are display names, never ids, and times are ISO strings.
 */
import type { CaseStatus, Outcome, ReferralTarget, StepState } from "../../cases/case-schema.js";
import type { InsightTable } from "../../insight/report.js";
import type { ClusterHint, LinkedCase, TimelineEvent } from "../../cases/place-link-types.js";

export type { CaseStatus, Outcome, ReferralTarget, StepState } from "../../cases/case-schema.js";
export type { Cell, InsightTable, TableId } from "../../insight/report.js";
export type { ReferralSummary, SummaryLine } from "../../cases/referral-summary.js";
export type { ClusterHint } from "../../cases/place-link-types.js";

/** One step in a case's life on the side-by-side timeline; `to` is the partner of a referral. */
export type PlaceEvent = TimelineEvent;
/** Another report about the same place: no description, no reporter, only what the coordinator compares. */
export type LinkedCaseView = LinkedCase;

/** A text in both languages of the tab (content is bilingual; the tab picks one). */
export interface Bilingual {
  nl: string;
  en: string;
}

/** The advice a coordinator may set (NONE only comes from a report without a check). */
export type OverrideOutcome = Exclude<Outcome, "NONE">;

/** `GET /api/tab/me`: who is signed in, whether they may see cases, and whether sign-in is the local stand-in. */
export interface Me {
  user: { id: string; name: string };
  coordinator: boolean;
  development: boolean;
}

/** One row of the case list. `waitingMinutes` runs from creation until claimed (or now). */
export interface CaseSummary {
  id: string;
  number: string;
  createdAt: string;
  outcome: Outcome;
  urgent: boolean;
  status: CaseStatus;
  claimedBy?: string;
  department: string;
  forms: string[];
  waitingMinutes: number;
  reminderAt?: string;
  overdue: boolean;
}

/** One signal of a case, strongest first; `deciding` marks the ones the advice rests on. */
export interface CaseSignal {
  id: string;
  label: { nl: string; en: string };
  strength: "strong" | "medium" | "weak";
  deciding: boolean;
}

/** Everything the detail view shows of a case. */
export interface CaseDetail extends CaseSummary {
  rule: string;
  reasons: string[];
  signals: CaseSignal[];
  description: string;
  place: string;
  seenAt: string;
  reporter: { name: string; department: string; contact: string };
  questions: Array<{
    id: string;
    text: string;
    askedBy: string;
    askedAt: string;
    answer?: string;
    answeredAt?: string;
  }>;
  /** `index`: the referral's position, for its summary; `withReporter`: the summary may name the reporter. */
  referrals: Array<{
    index: number;
    to: ReferralTarget;
    note: string;
    by: string;
    at: string;
    withReporter: boolean;
  }>;
  /** `openSteps`: the steps still open when the case was closed anyway (ids). */
  closed?: { reason: string; by: string; at: string; openSteps?: string[] };
  outcomeOverride?: { outcome: Outcome; reason: string; by: string; at: string };
  /** The follow-up playbook; absent until the case is claimed (and on older cases). */
  playbook?: PlaybookView;
  /** The playbooks the coordinator can choose instead (every loaded one but the case's own). */
  playbookChoices: Array<{ id: string; title: Bilingual }>;
}

/**
 * How the contact point reaches a step's partner, from the municipality settings (Dutch, as written there):
 * `route` is one sentence, the contact details are those that are known.
 */
export interface PartnerView {
  id: ReferralTarget;
  name: string;
  route: string;
  telefoon?: string;
  email?: string;
  website?: string;
}

/**
 * One step of a case's playbook: its texts from the content (absent when the content no longer has the step),
 * its partner and topic, and where it stands: who set the state and when, why it was skipped, whether a referral
 * ticked it, and its notes (oldest first).
 */
export interface StepView {
  id: string;
  title?: Bilingual;
  why?: Bilingual;
  partner?: PartnerView;
  /** The knowledge topic that explains the step; the tab names it (the bot shows it when asked). */
  topic?: { id: string; title?: Bilingual };
  state: StepState;
  by?: string;
  at?: string;
  reason?: string;
  referral: boolean;
  notes: Array<{ text: string; by: string; at: string }>;
}

/** A case's playbook; `title` and `summary` are absent when the content no longer has it. */
export interface PlaybookView {
  id: string;
  title?: Bilingual;
  summary?: Bilingual;
  attachedBy: string;
  attachedAt: string;
  steps: StepView[];
}

/** One line of a case's audit trail. */
export interface AuditLine {
  at: string;
  actor: string;
  action: string;
  allowed: boolean;
  result?: string;
}

/**
 * The reports about the case's place (`usable: false` when its place named no usable address): earlier and later
 * ones (oldest first), the cluster hint, and the timelines shown side by side (this case first).
 */
export type PlaceLinksView =
  | { usable: false }
  | {
      usable: true;
      earlier: LinkedCaseView[];
      later: LinkedCaseView[];
      cluster?: ClusterHint;
      timeline: Array<{ number: string; current: boolean; events: PlaceEvent[] }>;
    };

/** `GET /api/tab/cases/:id`. */
export interface CaseWithAudit {
  case: CaseDetail;
  audit: AuditLine[];
  /** Absent from servers that do not bring reports about one place together. */
  places?: PlaceLinksView;
}

/** The answer to a case action (`POST /api/tab/cases/:id/<action>`), by `status`. */
export type ActionAnswer =
  | { status: "ok"; case: CaseDetail }
  | { status: "already_claimed"; by: string }
  | { status: "closed" }
  | { status: "invalid"; issues: string[] }
  | { status: "forbidden" }
  | { status: "not_found" }
  /** Closing was refused: these steps are still open (close again with `override` to close anyway). */
  | { status: "steps_open"; open: Array<{ id: string; title?: Bilingual }> }
  /** The step or playbook is not (or no longer) on the case. */
  | { status: "no_step" }
  /** The step has the most notes a step may have. */
  | { status: "step_full" };

/** What a coordinator does with one step: tick it, skip it (`text` is the reason), reopen it, or add a note. */
export type StepChange = "done" | "skip" | "reopen" | "note";

/** The bodies of the case actions, by action. */
export interface ActionBodies {
  claim: Record<string, never>;
  ask: { question: string };
  refer: { to: ReferralTarget; note: string; withReporter?: boolean };
  close: { reason: string; override?: boolean };
  override: { outcome: OverrideOutcome; reason: string };
  step: { stepId: string; change: StepChange; text?: string };
  playbook: { playbookId: string };
}

/** `GET /api/tab/insight`: the suppressed tables of a period and the median buckets. */
export interface Insight {
  minCell: number;
  months: string[];
  tables: InsightTable[];
  medians: { claimHours?: string; closeDays?: string };
  /** Names of the signal and check ids used as row keys, from the content (optional: ids are shown as words). */
  labels?: {
    signals?: Record<string, { nl: string; en: string }>;
    trees?: Record<string, { nl: string; en: string }>;
    /** Step titles by `playbook|step`, for the skipped-steps table. */
    steps?: Record<string, { nl: string; en: string }>;
  };
}
