/**
 * @module cases/case-actions
 * The pure decisions of the case lifecycle: given the current record and validated input, each planner says
 * what the record becomes and who must hear about it, or why nothing changes. The case service runs them inside
 * its read, check, store and retry loop, so a re-plan after a concurrent change sees the latest record.
 */
import type { OutboxEvent, OutboxPayload, OutboxTarget } from "../notify/outbox-schema.js";
import type { Actor, AuditEntry, CaseRecord, Outcome, ReferralTarget } from "./case-schema.js";

/** The result of an action on an existing case. */
export type CaseActionResult =
  | { status: "ok"; case: CaseRecord }
  | { status: "forbidden" }
  | { status: "not_found" }
  | { status: "invalid"; issues: string[] }
  | { status: "already_claimed"; by: Actor; case: CaseRecord }
  | { status: "already_answered"; case: CaseRecord }
  | { status: "closed"; case: CaseRecord };

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

/** Claim: refused on a closed or already claimed case (the loser learns who has it). */
export function planClaim(c: CaseRecord, actor: Actor, now: Date): Plan {
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
    },
    notices: [updated, toReporter(c, { change: "claimed" })],
    detail: {},
  };
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

/** Refer to a partner organisation with a note; the case becomes "referred". */
export function planRefer(c: CaseRecord, actor: Actor, to: ReferralTarget, note: string, now: Date): Plan {
  if (c.status === "closed") return closedRefusal(c);
  return {
    kind: "change",
    record: {
      ...c,
      status: "referred",
      referrals: [...c.referrals, { to, note, by: actor, at: now.toISOString() }],
    },
    notices: [updated, toReporter(c, { change: "referred", to })],
    detail: { to },
  };
}

/** Close with a reason. */
export function planClose(c: CaseRecord, actor: Actor, reason: string, now: Date): Plan {
  if (c.status === "closed") return closedRefusal(c);
  return {
    kind: "change",
    record: { ...c, status: "closed", closed: { reason, by: actor, at: now.toISOString() } },
    notices: [updated, toReporter(c, { change: "closed" })],
    detail: {},
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
