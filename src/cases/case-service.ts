/**
 * @module cases/case-service
 * The case lifecycle: submit a report, claim, ask the reporter for more, relay their answer, refer, close,
 * override the outcome, and re-announce overdue cases. Every action checks who acts, audits the attempt (allowed
 * or refused), and stores the change together with its outbox items in one store operation under optimistic
 * concurrency. Expected outcomes are values (a union on `status`); exceptions mean broken infrastructure.
 */
import { ConcurrencyError } from "../errors.js";
import type { Logger } from "../log.js";
import { newOutboxItem, type OutboxTarget } from "../notify/outbox-schema.js";
import { findOverdue, type ReminderSettings } from "../notify/reminders.js";
import type { CaseStore } from "../storage/case-store.js";
import {
  planAnswer,
  planAsk,
  planClaim,
  planClose,
  planOverride,
  planRefer,
  planReminder,
  planStep,
  planSwitchPlaybook,
  type CaseActionResult,
  type Plan,
  type StepChange,
} from "./case-actions.js";
import { choosePlaybook, type Playbook, type PlaybookFacts } from "./playbook-schema.js";
import {
  CASE_TEXT_LIMITS,
  CaseAssessment,
  freeText,
  Outcome,
  ReferralTarget,
  ReportDraft,
  type Actor,
  type AuditAction,
  type AuditEntry,
  type ExploitationForm,
  type CaseRecord,
  type NewCase,
  type Referral,
  type Reporter,
} from "./case-schema.js";
import { isCoordinator, onDutyCoordinators, type Coordinators } from "./coordinators.js";
import {
  linkPlace,
  linkWindowStart,
  PLACE_LINK_LIMIT,
  placeMatchOf,
  type PlaceLinks,
  type PlaceLinkSettings,
} from "./place-links.js";

/** The time source; tests pass a fake. */
export interface Clock {
  now(): Date;
}

/** The id source; tests pass a predictable one. */
export interface IdSource {
  uuid(): string;
}

/** Who reports, as the bot edge knows them; department and contact come from the report form. */
export type ReporterIdentity = Omit<Reporter, "department" | "contact">;

/** The result of `submitReport`; `invalid` lists paths and reasons, never the text itself. */
export type SubmitResult =
  | { status: "created"; case: CaseRecord }
  | { status: "duplicate"; case: CaseRecord }
  | { status: "invalid"; issues: string[] };

/** The case service the bot edge and the tab call. */
export interface CaseService {
  /** Turns a confirmed report into a case; a repeated `requestId` from the same reporter returns the first case. */
  submitReport(
    draft: unknown,
    assessment: CaseAssessment | undefined,
    reporter: ReporterIdentity,
    requestId: string,
    options?: { urgent?: boolean },
  ): Promise<SubmitResult>;
  /** A coordinator takes the case; a second claimer gets `already_claimed` with who has it. */
  claim(caseId: string, actor: Actor): Promise<CaseActionResult>;
  /** A coordinator asks the reporter a question, relayed through the bot. */
  askMore(caseId: string, actor: Actor, question: string): Promise<CaseActionResult>;
  /** The reporter answers a question; only the case's reporter may. */
  answerQuestion(caseId: string, actor: Actor, questionId: string, answer: string): Promise<CaseActionResult>;
  /** `withReporter`: the referral summary may name the reporter (otherwise it leaves them out). */
  refer(
    caseId: string,
    actor: Actor,
    to: string,
    note: string,
    options?: { withReporter?: boolean },
  ): Promise<CaseActionResult>;
  /** Refused with the open steps while playbook steps are open, unless `override` (audited as such). */
  close(
    caseId: string,
    actor: Actor,
    reason: string,
    options?: { override?: boolean },
  ): Promise<CaseActionResult>;
  /** Replace the case's playbook by another (steps with the same id keep their state). */
  switchPlaybook(caseId: string, actor: Actor, playbookId: string): Promise<CaseActionResult>;
  /** Tick, skip (a reason is required), reopen or annotate one playbook step. */
  updateStep(
    caseId: string,
    actor: Actor,
    stepId: string,
    change: { kind: string; text?: string },
  ): Promise<CaseActionResult>;
  /**
   * The case and one of its referrals (by position), for the referral summary a coordinator copies or prints; the
   * request is audited, since the summary carries case data out of the bot.
   */
  referralFor(
    caseId: string,
    actor: Actor,
    index: number,
  ): Promise<
    { status: "ok"; case: CaseRecord; referral: Referral } | { status: "forbidden" } | { status: "not_found" }
  >;
  /** The playbooks a coordinator can choose from (empty when none are loaded). */
  playbooks(): readonly Playbook[];
  /** A coordinator replaces the advice and records why (domain brief §6). */
  overrideOutcome(caseId: string, actor: Actor, outcome: string, reason: string): Promise<CaseActionResult>;
  listForReporter(userId: string): Promise<CaseRecord[]>;
  /** Open cases, for coordinators only. */
  listOpen(actor: Actor): Promise<{ status: "ok"; cases: CaseRecord[] } | { status: "forbidden" }>;
  /** One case with its audit trail, for coordinators only; the viewing itself is audited. */
  viewCase(
    caseId: string,
    actor: Actor,
  ): Promise<
    | { status: "ok"; case: CaseRecord; audit: AuditEntry[] }
    | { status: "forbidden" }
    | { status: "not_found" }
  >;
  /** Re-announces every overdue unclaimed case to the channel and the fallback, once per case. */
  remindOverdue(settings: ReminderSettings): Promise<{ reminded: string[] }>;
  /**
   * The other cases about `record`'s place within the retention window, and the cluster hint (cases/place-links);
   * undefined when the case has no place key. For what coordinators see only (the case card, the tab's detail):
   * never show it to a reporter. A hint only: nothing about the case changes.
   */
  placeLinks(record: CaseRecord): Promise<PlaceLinks | undefined>;
}

type Detail = AuditEntry["detail"];
type Permission = "coordinator" | "reporter" | "system";

const SYSTEM: Actor = { id: "system", name: "Signaalwijzer" };
const MAX_RETRIES = 5;
const Question = freeText(CASE_TEXT_LIMITS.question, 1);
const Answer = freeText(CASE_TEXT_LIMITS.answer, 1);
const Note = freeText(CASE_TEXT_LIMITS.note);
const Reason = freeText(CASE_TEXT_LIMITS.reason, 1);
const StepNoteText = freeText(CASE_TEXT_LIMITS.note, 1);
/** The longest referral list position accepted from a request. */
const MAX_REFERRAL_INDEX = 1000;

/** "path: message" per issue; a single value's issues are named after its `field`. */
const issuesOf = (
  error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> },
  field = "(value)",
) => error.issues.map((i) => `${i.path.map(String).join(".") || field}: ${i.message}`);

/** The advice a coordinator can set: every level, but not "no check done" (NONE), which only a report has. */
const OverrideOutcome = Outcome.exclude(["NONE"]);

const channel: OutboxTarget = { kind: "channel" };
const user = (userId: string): OutboxTarget => ({ kind: "user", userId });

/** Case ids are UUIDs (see IdSource); anything else is audited under this placeholder, never stored as given. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INVALID_CASE_ID = "(invalid)";
/** Longest actor id (an Entra object id is 36) and display name kept in cases and audit entries. */
export const MAX_ACTOR_ID = 200;
export const MAX_ACTOR_NAME = 100;

/** The actor with id and name cut to their bounds. */
function boundedActor(actor: Actor): Actor {
  return { id: actor.id.slice(0, MAX_ACTOR_ID), name: actor.name.slice(0, MAX_ACTOR_NAME) };
}

/** Creates the case service over a store; `coordinators` comes from settings. */
export function createCaseService(deps: {
  store: CaseStore;
  coordinators: Coordinators;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  /** The forms of exploitation a report's signals point to (the signal catalogue); none when absent. */
  formsOf?: (signalIds: readonly string[]) => ExploitationForm[];
  /**
   * Called after every committed change that queued notifications (the notifier then delivers soon). The
   * service calls it, not its callers, so no write can forget to.
   */
  onCommit?: () => void;
  /**
   * Bringing reports about one place together: `key` is cases/place-key `placeKeyer` (the keyed hash of a
   * free-text place, or undefined). Without it no case gets a place key and none is linked.
   */
  places?: PlaceLinkSettings & { key: (place: string) => string | undefined };
  /**
   * Follow-up playbooks (content's `playbooks`) and how a case's situation is read for choosing one (the policy
   * rule that gave the advice tells whether it concerned a minor or only a place). Without them no case gets one.
   */
  playbooks?: { list: readonly Playbook[]; factsOf: (record: CaseRecord) => PlaybookFacts };
}): CaseService {
  const { store, coordinators, clock, ids } = deps;
  const log = deps.logger.child({ module: "cases" });
  const committed = () => deps.onCommit?.();

  function audit(
    caseId: string,
    actor: Actor,
    action: AuditAction,
    allowed: boolean,
    detail: Detail,
  ): AuditEntry {
    return { id: ids.uuid(), caseId, at: clock.now().toISOString(), actor, action, allowed, detail };
  }

  /**
   * Loads the case, checks the actor, plans the change on the current record and stores it with its outbox and
   * audit entry; a concurrent change makes it re-read and re-plan (a second claim then sees the first).
   */
  async function act(
    rawCaseId: string,
    rawActor: Actor,
    action: AuditAction,
    permission: Permission,
    plan: (current: CaseRecord, now: Date) => Plan,
  ): Promise<CaseActionResult> {
    // Ids and names come from clicks and activities: bound them before anything is stored, so no caller can
    // grow the audit trail or a case file with a huge value.
    const actor = boundedActor(rawActor);
    const caseId = CASE_ID.test(rawCaseId) ? rawCaseId : INVALID_CASE_ID;
    if (caseId === INVALID_CASE_ID) {
      await store.appendAudit(audit(caseId, actor, action, false, { result: "not_found" }));
      return { status: "not_found" };
    }
    if (permission === "coordinator" && !isCoordinator(coordinators, actor.id)) {
      return refuse(caseId, actor, action);
    }
    for (let attempt = 1; ; attempt++) {
      const current = await store.getCase(caseId);
      if (!current) {
        await store.appendAudit(audit(caseId, actor, action, false, { result: "not_found" }));
        return { status: "not_found" };
      }
      if (permission === "reporter" && current.reporter.userId !== actor.id)
        return refuse(caseId, actor, action);
      const now = clock.now();
      const decided = plan(current, now);
      if (decided.kind === "refuse") {
        await store.appendAudit(
          audit(caseId, actor, action, true, { result: decided.result.status, ...decided.detail }),
        );
        return decided.result;
      }
      const seq = decided.notices.length > 0 ? current.seq + 1 : current.seq;
      const next: CaseRecord = { ...decided.record, seq };
      const outbox = decided.notices.map((n) =>
        newOutboxItem({
          id: ids.uuid(),
          caseId,
          seq,
          event: n.event,
          target: n.target,
          payload: n.payload,
          now,
        }),
      );
      const entry = audit(caseId, actor, action, true, { result: "ok", ...decided.detail });
      try {
        const stored = await store.updateCase(caseId, current.version, next, outbox, [entry]);
        log.info({ caseId, action, seq, notices: outbox.length }, "case updated");
        if (outbox.length > 0) committed();
        return { status: "ok", case: stored };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_RETRIES) throw error;
        log.debug({ caseId, action, attempt }, "case changed meanwhile, re-planning");
      }
    }
  }

  async function refuse(caseId: string, actor: Actor, action: AuditAction): Promise<CaseActionResult> {
    await store.appendAudit(audit(caseId, actor, action, false, { result: "forbidden" }));
    log.warn({ caseId, action, actorId: actor.id }, "case action refused");
    return { status: "forbidden" };
  }

  const invalid = (issues: string[]): CaseActionResult => ({ status: "invalid", issues });

  /** The playbook a case gets when claimed (content playbooks/), or none when playbooks are not loaded. */
  const playbookFor = (c: CaseRecord): Playbook | undefined =>
    deps.playbooks ? choosePlaybook(deps.playbooks.list, deps.playbooks.factsOf(c)) : undefined;

  /** The cases with `placeKey` that may still take part at `now` (see PlaceLinkSettings.retentionDays). */
  async function casesAbout(placeKey: string, now: Date): Promise<CaseRecord[]> {
    if (!deps.places) return [];
    return store.findByPlaceKey(placeKey, linkWindowStart(now, deps.places.retentionDays), PLACE_LINK_LIMIT);
  }

  return {
    async submitReport(draft, assessment, reporter, requestId, options = {}) {
      const parsedDraft = ReportDraft.safeParse(draft);
      if (!parsedDraft.success) return { status: "invalid", issues: issuesOf(parsedDraft.error) };
      const parsedAssessment = CaseAssessment.optional().safeParse(assessment);
      if (!parsedAssessment.success) return { status: "invalid", issues: issuesOf(parsedAssessment.error) };
      const d = parsedDraft.data;
      const a = parsedAssessment.data;
      const now = clock.now();
      const outcome = a?.outcome ?? "NONE";
      const record: NewCase = {
        schemaVersion: 1,
        id: ids.uuid(),
        // Scoped per reporter so nobody can fetch another person's case by replaying its request id.
        requestId: `${reporter.userId}:${requestId}`,
        createdAt: now.toISOString(),
        outcome,
        rule: a?.rule ?? "none",
        signals: a?.signals ?? [],
        forms: deps.formsOf?.(a?.signals ?? []) ?? [],
        reasons: a?.reasons ?? [],
        urgent: options.urgent === true || outcome === "ACUTE",
        description: d.description,
        place: d.place,
        seenAt: d.seenAt,
        reporter: { ...reporter, department: d.department, contact: d.contact },
        status: "new",
        referrals: [],
        questions: [],
        seq: 1,
        version: 1,
      };
      if (deps.places) {
        // Only the keyed hash is kept; how the case stands to earlier reports is kept for the statistics.
        const placeKey = deps.places.key(d.place);
        const links = placeKey
          ? linkPlace({ ...record, placeKey }, await casesAbout(placeKey, now), deps.places, now)
          : { earlier: [], later: [] };
        if (placeKey) record.placeKey = placeKey;
        record.placeMatch = placeMatchOf(placeKey, links);
      }
      const targets: OutboxTarget[] = [channel, ...onDutyCoordinators(coordinators).map(user)];
      const outbox = targets.map((target) =>
        newOutboxItem({ id: ids.uuid(), caseId: record.id, seq: 1, event: "case.created", target, now }),
      );
      const actor = { id: reporter.userId, name: reporter.name };
      const entry = audit(record.id, actor, "case.create", true, {
        outcome,
        urgent: record.urgent,
        signals: record.signals.length,
        ...(record.placeMatch ? { placeMatch: record.placeMatch } : {}),
      });
      const result = await store.createCase(record, outbox, [entry]);
      // A duplicate may find its notices still queued (a crash after the write): deliver soon either way.
      committed();
      log.info(
        {
          caseId: result.case.id,
          number: result.case.number,
          outcome,
          urgent: record.urgent,
          status: result.status,
          placeMatch: record.placeMatch,
        },
        "report submitted",
      );
      return result;
    },

    claim(caseId, actor) {
      return act(caseId, actor, "case.claim", "coordinator", (c, now) =>
        planClaim(c, actor, now, playbookFor(c)),
      );
    },

    async switchPlaybook(caseId, actor, playbookId) {
      const playbook = deps.playbooks?.list.find((p) => p.id === playbookId);
      if (!playbook) return invalid([`playbook: unknown playbook`]);
      return act(caseId, actor, "case.playbook", "coordinator", (c, now) =>
        planSwitchPlaybook(c, actor, playbook, now),
      );
    },

    async updateStep(caseId, actor, stepId, change) {
      let parsed: StepChange;
      if (change.kind === "done" || change.kind === "reopen") parsed = { kind: change.kind };
      else if (change.kind === "skip" || change.kind === "note") {
        const text = (change.kind === "skip" ? Reason : StepNoteText).safeParse(change.text ?? "");
        if (!text.success)
          return invalid(issuesOf(text.error, change.kind === "skip" ? "skipReason" : "stepNote"));
        parsed =
          change.kind === "skip" ? { kind: "skip", reason: text.data } : { kind: "note", text: text.data };
      } else return invalid(["stepChange: unknown change"]);
      return act(caseId, actor, "case.step", "coordinator", (c, now) =>
        planStep(c, actor, stepId, parsed, now),
      );
    },

    async referralFor(rawCaseId, rawActor, index) {
      const actor = boundedActor(rawActor);
      const caseId = CASE_ID.test(rawCaseId) ? rawCaseId : INVALID_CASE_ID;
      if (!isCoordinator(coordinators, actor.id)) {
        await store.appendAudit(audit(caseId, actor, "case.summary", false, { result: "forbidden" }));
        return { status: "forbidden" };
      }
      const record = caseId === INVALID_CASE_ID ? undefined : await store.getCase(caseId);
      const at = Number.isInteger(index) && index >= 0 && index < MAX_REFERRAL_INDEX ? index : -1;
      const referral = at >= 0 ? record?.referrals[at] : undefined;
      if (!record || !referral) {
        await store.appendAudit(audit(caseId, actor, "case.summary", false, { result: "not_found" }));
        return { status: "not_found" };
      }
      await store.appendAudit(
        audit(caseId, actor, "case.summary", true, { result: "ok", to: referral.to, index: at }),
      );
      return { status: "ok", case: record, referral };
    },

    playbooks() {
      return deps.playbooks?.list ?? [];
    },

    async askMore(caseId, actor, question) {
      const text = Question.safeParse(question);
      if (!text.success) return invalid(issuesOf(text.error, "question"));
      return act(caseId, actor, "case.ask", "coordinator", (c, now) =>
        planAsk(c, actor, text.data, ids.uuid(), now),
      );
    },

    async answerQuestion(caseId, actor, questionId, answer) {
      const text = Answer.safeParse(answer);
      if (!text.success) return invalid(issuesOf(text.error, "answer"));
      return act(caseId, actor, "case.answer", "reporter", (c, now) =>
        planAnswer(c, questionId, text.data, now),
      );
    },

    async refer(caseId, actor, to, note, options = {}) {
      const target = ReferralTarget.safeParse(to);
      const text = Note.safeParse(note);
      if (!target.success) return invalid(issuesOf(target.error, "to"));
      if (!text.success) return invalid(issuesOf(text.error, "note"));
      return act(caseId, actor, "case.refer", "coordinator", (c, now) =>
        planRefer(c, actor, target.data, text.data, now, options.withReporter === true),
      );
    },

    async close(caseId, actor, reason, options = {}) {
      const text = Reason.safeParse(reason);
      if (!text.success) return invalid(issuesOf(text.error, "closeReason"));
      return act(caseId, actor, "case.close", "coordinator", (c, now) =>
        planClose(c, actor, text.data, now, options.override === true),
      );
    },

    async overrideOutcome(caseId, actor, outcome, reason) {
      const next = OverrideOutcome.safeParse(outcome);
      const text = Reason.safeParse(reason);
      if (!next.success) return invalid(issuesOf(next.error, "outcome"));
      if (!text.success) return invalid(issuesOf(text.error, "overrideReason"));
      return act(caseId, actor, "case.override", "coordinator", (c, now) =>
        planOverride(c, actor, next.data, text.data, now),
      );
    },

    listForReporter(userId) {
      return store.listByReporter(userId);
    },

    async listOpen(actor) {
      if (!isCoordinator(coordinators, actor.id)) {
        await store.appendAudit(audit("*", actor, "case.list", false, { result: "forbidden" }));
        return { status: "forbidden" };
      }
      return { status: "ok", cases: await store.listOpen() };
    },

    async viewCase(rawCaseId, rawActor) {
      const actor = boundedActor(rawActor);
      const caseId = CASE_ID.test(rawCaseId) ? rawCaseId : INVALID_CASE_ID;
      if (!isCoordinator(coordinators, actor.id)) {
        await store.appendAudit(audit(caseId, actor, "case.view", false, { result: "forbidden" }));
        return { status: "forbidden" };
      }
      const record = caseId === INVALID_CASE_ID ? undefined : await store.getCase(caseId);
      if (!record) {
        await store.appendAudit(audit(caseId, actor, "case.view", false, { result: "not_found" }));
        return { status: "not_found" };
      }
      await store.appendAudit(audit(caseId, actor, "case.view", true, { result: "ok" }));
      return { status: "ok", case: record, audit: await store.listAudit(caseId) };
    },

    async placeLinks(record) {
      if (!deps.places || !record.placeKey) return undefined;
      const now = clock.now();
      return linkPlace(record, await casesAbout(record.placeKey, now), deps.places, now);
    },

    async remindOverdue(settings) {
      const overdue = findOverdue(await store.listOpen(), clock.now(), settings);
      const reminded: string[] = [];
      for (const c of overdue) {
        let changed = false;
        await act(c.id, SYSTEM, "case.remind", "system", (current, now) => {
          const plan = planReminder(current, now);
          changed = plan.kind === "change";
          return plan;
        });
        if (changed) reminded.push(c.id);
      }
      if (reminded.length > 0) log.info({ count: reminded.length }, "overdue cases re-announced");
      return { reminded };
    },
  };
}
