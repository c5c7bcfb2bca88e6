/**
 * @module cases/case-actions
 * The pure decisions of the case lifecycle: given the current record and validated input, each planner says
 * what the record becomes and who must hear about it, or why nothing changes. The case service runs them inside
 * its read, check, store and retry loop, so a re-plan after a concurrent change sees the latest record.
 */
import type { OutboxEvent, OutboxPayload, OutboxTarget } from "../notify/outbox-schema.js";
import {
  MAX_STEP_NOTES,
  type Actor,
  type AuditEntry,
  type CasePlaybook,
  type CaseRecord,
  type CaseStep,
  type Outcome,
  type ReferralTarget,
} from "./case-schema.js";
import type { Playbook } from "./playbook-schema.js";

/** The result of an action on an existing case. */
export type CaseActionResult =
  | { status: "ok"; case: CaseRecord }
  | { status: "forbidden" }
  | { status: "not_found" }
  | { status: "invalid"; issues: string[] }
  | { status: "already_claimed"; by: Actor; case: CaseRecord }
  | { status: "already_answered"; case: CaseRecord }
  | { status: "closed"; case: CaseRecord }
  /** Closing was refused: these playbook steps are neither ticked nor skipped with a reason. */
  | { status: "steps_open"; open: string[]; case: CaseRecord }
  /** The step or playbook named does not exist on this case; `case` so the card can be brought up to date. */
  | { status: "no_step"; case: CaseRecord }
  /** The step already has the most notes a step may have. */
  | { status: "step_full"; case: CaseRecord };

/** One notification an action causes: which event, to whom, with which ids. */
export interface Notice {
  event: OutboxEvent;
  target: OutboxTarget;
  payload?: OutboxPayload;
}

/** What an action decides for the current record: a change with its notices, or a refusal value. */
export type Plan =
  | { kind: "change"; record: CaseRecord; notices: Notice[]; detail: AuditEntry["detail"] }
  | { kind: "refuse"; result: CaseActionResult; detail: AuditEntry["detail"] };

const channel: OutboxTarget = { kind: "channel" };
const user = (userId: string): OutboxTarget => ({ kind: "user", userId });
const updated: Notice = { event: "case.updated", target: channel };
/** The reporter hears every status change in their chat with the bot. */
const toReporter = (c: CaseRecord, payload: OutboxPayload): Notice => ({
  event: "reporter.status",
  target: user(c.reporter.userId),
  payload,
});
const closedRefusal = (c: CaseRecord): Plan => ({
  kind: "refuse",
  result: { status: "closed", case: c },
  detail: {},
});

/** The case's steps of `playbook`, all open; a step `keep` already has (same id) keeps its state and notes. */
export function attachPlaybook(
  playbook: Playbook,
  actor: Actor,
  now: Date,
  keep: readonly CaseStep[] = [],
): CasePlaybook {
  const kept = new Map(keep.map((s) => [s.id, s]));
  return {
    id: playbook.id,
    attachedAt: now.toISOString(),
    attachedBy: actor,
    steps: playbook.steps.map(
      (step) =>
        kept.get(step.id) ?? {
          id: step.id,
          ...(step.partner ? { partner: step.partner } : {}),
          state: "open",
          notes: [],
        },
    ),
  };
}

/** The ids of the steps that are neither done nor skipped. */
export function openSteps(c: CaseRecord): string[] {
  return (c.playbook?.steps ?? []).filter((s) => s.state === "open").map((s) => s.id);
}

/**
 * Claim: refused on a closed or already claimed case (the loser learns who has it). `playbook` is attached unless
 * the case already has one.
 */
export function planClaim(c: CaseRecord, actor: Actor, now: Date, playbook?: Playbook): Plan {
  if (c.status === "closed") return closedRefusal(c);
  if (c.claimedBy) {
    return {
      kind: "refuse",
      result: { status: "already_claimed", by: c.claimedBy, case: c },
      detail: { claimedBy: c.claimedBy.id },
    };
  }
  return {
    kind: "change",
    record: {
      ...c,
      status: c.status === "new" ? "claimed" : c.status,
      claimedBy: actor,
      claimedAt: now.toISOString(),
      ...(playbook && !c.playbook ? { playbook: attachPlaybook(playbook, actor, now) } : {}),
    },
    notices: [updated, toReporter(c, { change: "claimed" })],
    detail: playbook && !c.playbook ? { playbook: playbook.id } : {},
  };
}

/** Switch to another playbook: steps it shares with the current one (same id) keep their state and notes. */
export function planSwitchPlaybook(c: CaseRecord, actor: Actor, playbook: Playbook, now: Date): Plan {
  if (c.status === "closed") return closedRefusal(c);
  const from = c.playbook?.id ?? "none";
  if (from === playbook.id)
    return { kind: "refuse", result: { status: "ok", case: c }, detail: { unchanged: true } };
  return {
    kind: "change",
    record: { ...c, playbook: attachPlaybook(playbook, actor, now, c.playbook?.steps) },
    notices: [updated],
    detail: { from, to: playbook.id },
  };
}

/** What a coordinator does with one step. */
export type StepChange =
  { kind: "done" } | { kind: "skip"; reason: string } | { kind: "reopen" } | { kind: "note"; text: string };

/** Tick, skip with a reason, reopen or annotate one step of the case's playbook. */
export function planStep(c: CaseRecord, actor: Actor, stepId: string, change: StepChange, now: Date): Plan {
  if (c.status === "closed") return closedRefusal(c);
  const step = c.playbook?.steps.find((s) => s.id === stepId);
  const detail = { step: stepId.slice(0, 100), change: change.kind };
  if (!c.playbook || !step) return { kind: "refuse", result: { status: "no_step", case: c }, detail };
  if (change.kind === "note" && step.notes.length >= MAX_STEP_NOTES)
    return { kind: "refuse", result: { status: "step_full", case: c }, detail };
  const at = now.toISOString();
  const next: CaseStep =
    change.kind === "note"
      ? { ...step, notes: [...step.notes, { text: change.text, by: actor, at }] }
      : change.kind === "reopen"
        ? {
            id: step.id,
            ...(step.partner ? { partner: step.partner } : {}),
            state: "open",
            by: actor,
            at,
            notes: step.notes,
          }
        : {
            ...step,
            state: change.kind === "done" ? "done" : "skipped",
            by: actor,
            at,
            ...(change.kind === "skip" ? { reason: change.reason } : { reason: undefined }),
            referral: undefined,
          };
  return {
    kind: "change",
    record: {
      ...c,
      playbook: {
        ...c.playbook,
        steps: c.playbook.steps.map((s) => (s.id === stepId ? dropUndefined(next) : s)),
      },
    },
    notices: [updated],
    detail,
  };
}

/** `step` without the keys whose value is undefined, so a stored step never carries `"reason": undefined`. */
function dropUndefined(step: CaseStep): CaseStep {
  return Object.fromEntries(Object.entries(step).filter(([, v]) => v !== undefined)) as CaseStep;
}

/** Ask the reporter a question (relayed through the bot); the question gets id `questionId`. */
export function planAsk(c: CaseRecord, actor: Actor, text: string, questionId: string, now: Date): Plan {
  if (c.status === "closed") return closedRefusal(c);
  return {
    kind: "change",
    record: {
      ...c,
      questions: [...c.questions, { id: questionId, text, askedBy: actor, askedAt: now.toISOString() }],
    },
    notices: [
      updated,
      { event: "reporter.question", target: user(c.reporter.userId), payload: { questionId } },
    ],
    detail: { questionId },
  };
}

/** The reporter's answer: once per question; the asker is told personally. */
export function planAnswer(c: CaseRecord, questionId: string, text: string, now: Date): Plan {
  const question = c.questions.find((q) => q.id === questionId);
  if (!question) return { kind: "refuse", result: { status: "not_found" }, detail: { questionId } };
  if (question.answer !== undefined) {
    return { kind: "refuse", result: { status: "already_answered", case: c }, detail: { questionId } };
  }
  if (c.status === "closed") return closedRefusal(c);
  return {
    kind: "change",
    record: {
      ...c,
      questions: c.questions.map((q) =>
        q.id === questionId ? { ...q, answer: text, answeredAt: now.toISOString() } : q,
      ),
    },
    notices: [
      updated,
      { event: "case.answered", target: user(question.askedBy.id), payload: { questionId } },
    ],
    detail: { questionId },
  };
}

/**
 * Refer to a partner organisation with a note; the case becomes "referred" and the first open playbook step with
 * that partner is ticked. `withReporter`: the referral summary may name the reporter.
 */
export function planRefer(
  c: CaseRecord,
  actor: Actor,
  to: ReferralTarget,
  note: string,
  now: Date,
  withReporter = false,
): Plan {
  if (c.status === "closed") return closedRefusal(c);
  const at = now.toISOString();
  const step = c.playbook?.steps.find((s) => s.partner === to && s.state === "open");
  const playbook =
    c.playbook && step
      ? {
          ...c.playbook,
          steps: c.playbook.steps.map((s) =>
            s === step ? { ...s, state: "done" as const, by: actor, at, referral: true } : s,
          ),
        }
      : c.playbook;
  return {
    kind: "change",
    record: {
      ...c,
      status: "referred",
      referrals: [...c.referrals, { to, note, by: actor, at, ...(withReporter ? { withReporter } : {}) }],
      ...(playbook ? { playbook } : {}),
    },
    notices: [updated, toReporter(c, { change: "referred", to })],
    detail: { to, ...(step ? { step: step.id } : {}), withReporter },
  };
}

/**
 * Close with a reason. With playbook steps still open, closing is refused with their ids, unless the coordinator
 * closes anyway (`override`): then the open steps are kept on the case and the audit entry says so.
 */
export function planClose(c: CaseRecord, actor: Actor, reason: string, now: Date, override = false): Plan {
  if (c.status === "closed") return closedRefusal(c);
  const open = openSteps(c);
  if (open.length > 0 && !override) {
    return { kind: "refuse", result: { status: "steps_open", open, case: c }, detail: { open: open.length } };
  }
  return {
    kind: "change",
    record: {
      ...c,
      status: "closed",
      closed: { reason, by: actor, at: now.toISOString(), ...(open.length > 0 ? { openSteps: open } : {}) },
    },
    notices: [updated, toReporter(c, { change: "closed" })],
    detail: open.length > 0 ? { override: true, open: open.length } : {},
  };
}

/** Replace the advice and record why (domain brief §6); the reporter is not told. */
export function planOverride(c: CaseRecord, actor: Actor, outcome: Outcome, reason: string, now: Date): Plan {
  if (c.status === "closed") return closedRefusal(c);
  return {
    kind: "change",
    record: { ...c, outcomeOverride: { outcome, reason, by: actor, at: now.toISOString() } },
    notices: [updated],
    detail: { from: c.outcomeOverride?.outcome ?? c.outcome, to: outcome },
  };
}

/** Re-announce an overdue case to the channel and the fallback, once; claimed or reminded meanwhile: nothing. */
export function planReminder(c: CaseRecord, now: Date): Plan {
  if (c.status !== "new" || c.remindedAt) {
    return { kind: "refuse", result: { status: "ok", case: c }, detail: { skipped: true } };
  }
  return {
    kind: "change",
    record: { ...c, remindedAt: now.toISOString() },
    notices: [
      { event: "case.reminder", target: channel },
      { event: "case.reminder", target: { kind: "fallback" } },
    ],
    detail: {},
  };
}
