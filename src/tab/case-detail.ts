/**
 * @module tab/case-detail
 * The tab's views of a case as the API answers them (tab/web/contract): a row of the case list, the full detail
 * with its follow-up playbook (step texts from the content, each partner's route from the municipality settings,
 * the topic that explains a step), and a line of the audit trail. Names are display names, never ids. Pure.
 */
import {
  effectiveOutcome,
  type AuditEntry,
  type CaseRecord,
  type CaseStep,
  type ReferralTarget,
} from "../cases/case-schema.js";
import type { Playbook } from "../cases/playbook-schema.js";
import type { PartnerSettings } from "../knowledge/topic-schema.js";
import { reminderDeadline, type ReminderSettings } from "../notify/reminders.js";
import { rankSignals, type SignalCatalogue } from "../signals/catalogue.js";
import type {
  AuditLine,
  Bilingual,
  CaseDetail,
  CaseSummary,
  PartnerView,
  PlaybookView,
  StepView,
} from "./web/contract.js";

/** What the views read besides the case: the content, the settings and the clock. */
export interface CaseViewDeps {
  catalogue: SignalCatalogue;
  reminders: ReminderSettings;
  /** The loaded playbooks (the case service's `playbooks()`). */
  playbooks: () => readonly Playbook[];
  partners: PartnerSettings;
  topicTitles: ReadonlyMap<string, Bilingual>;
  now: () => number;
}

/** The partner of a step or referral as the tab shows it: name, route and the contact details given. */
export function partnerView(partners: PartnerSettings, id: ReferralTarget): PartnerView {
  const p = partners[id];
  return {
    id,
    name: p.naam,
    route: p.route,
    ...(p.telefoon ? { telefoon: p.telefoon } : {}),
    ...(p.email ? { email: p.email } : {}),
    ...(p.website ? { website: p.website } : {}),
  };
}

/** A row of the case list. `waitingMinutes` runs from creation until claimed (or now). */
export function caseSummaryView(c: CaseRecord, deps: Pick<CaseViewDeps, "reminders" | "now">): CaseSummary {
  const now = deps.now();
  const claimedAt = c.claimedAt ? Date.parse(c.claimedAt) : undefined;
  const reminder = c.claimedBy || c.status === "closed" ? undefined : reminderDeadline(c, deps.reminders);
  return {
    id: c.id,
    number: c.number,
    createdAt: c.createdAt,
    outcome: effectiveOutcome(c),
    urgent: c.urgent,
    status: c.status,
    claimedBy: c.claimedBy?.name,
    department: c.reporter.department,
    forms: c.forms ?? [],
    waitingMinutes: Math.max(0, Math.round(((claimedAt ?? now) - Date.parse(c.createdAt)) / 60_000)),
    reminderAt: reminder?.toISOString(),
    overdue: reminder !== undefined && reminder.getTime() <= now,
  };
}

function stepView(step: CaseStep, playbook: Playbook | undefined, deps: CaseViewDeps): StepView {
  const content = playbook?.steps.find((s) => s.id === step.id);
  return {
    id: step.id,
    ...(content ? { title: content.title, why: content.why } : {}),
    ...(step.partner ? { partner: partnerView(deps.partners, step.partner) } : {}),
    ...(content?.topic
      ? {
          topic: {
            id: content.topic,
            ...(deps.topicTitles.has(content.topic) ? { title: deps.topicTitles.get(content.topic) } : {}),
          },
        }
      : {}),
    state: step.state,
    by: step.by?.name,
    at: step.at,
    reason: step.reason,
    referral: step.referral === true,
    notes: step.notes.map((n) => ({ text: n.text, by: n.by.name, at: n.at })),
  };
}

/** The case's playbook with the content's texts; undefined before one is attached. */
export function playbookView(c: CaseRecord, deps: CaseViewDeps): PlaybookView | undefined {
  if (!c.playbook) return undefined;
  const playbook = deps.playbooks().find((p) => p.id === c.playbook?.id);
  return {
    id: c.playbook.id,
    ...(playbook ? { title: playbook.title, summary: playbook.summary } : {}),
    attachedBy: c.playbook.attachedBy.name,
    attachedAt: c.playbook.attachedAt,
    steps: c.playbook.steps.map((s) => stepView(s, playbook, deps)),
  };
}

/** The titles of the steps `ids` of the case's playbook, for the refusal to close while they are open. */
export function openStepsView(c: CaseRecord, ids: readonly string[], deps: CaseViewDeps) {
  const playbook = deps.playbooks().find((p) => p.id === c.playbook?.id);
  return ids.map((id) => {
    const title = playbook?.steps.find((s) => s.id === id)?.title;
    return { id, ...(title ? { title } : {}) };
  });
}

/** Everything the detail view shows of a case. */
export function caseDetailView(c: CaseRecord, deps: CaseViewDeps): CaseDetail {
  const playbook = playbookView(c, deps);
  return {
    ...caseSummaryView(c, deps),
    rule: c.rule,
    reasons: c.reasons,
    signals: rankSignals(deps.catalogue, c.signals).map(({ acute: _acute, ...s }) => s),
    description: c.description,
    place: c.place,
    seenAt: c.seenAt,
    reporter: { name: c.reporter.name, department: c.reporter.department, contact: c.reporter.contact },
    questions: c.questions.map((q) => ({
      id: q.id,
      text: q.text,
      askedBy: q.askedBy.name,
      askedAt: q.askedAt,
      answer: q.answer,
      answeredAt: q.answeredAt,
    })),
    referrals: c.referrals.map((r, index) => ({
      index,
      to: r.to,
      note: r.note,
      by: r.by.name,
      at: r.at,
      withReporter: r.withReporter === true,
    })),
    closed: c.closed && {
      reason: c.closed.reason,
      by: c.closed.by.name,
      at: c.closed.at,
      ...(c.closed.openSteps?.length ? { openSteps: c.closed.openSteps } : {}),
    },
    outcomeOverride: c.outcomeOverride && {
      outcome: c.outcomeOverride.outcome,
      reason: c.outcomeOverride.reason,
      by: c.outcomeOverride.by.name,
      at: c.outcomeOverride.at,
    },
    ...(playbook ? { playbook } : {}),
    playbookChoices: deps
      .playbooks()
      .filter((p) => p.id !== c.playbook?.id)
      .map((p) => ({ id: p.id, title: p.title })),
  };
}

/** A line of the audit trail: who did what when, allowed or not, and the result code. */
export function auditLineView(e: AuditEntry): AuditLine {
  return {
    at: e.at,
    actor: e.actor.name,
    action: e.action,
    allowed: e.allowed,
    result: typeof e.detail.result === "string" ? e.detail.result : undefined,
  };
}
