/**
 * @module bot/features/report
 * The reporter's side: the report form (from an advice card, the 112 card or `melden`), the summary to confirm,
 * submitting exactly once (a double click or a retry gives the same case), `mijn meldingen`, and answering a
 * coordinator's question. The draft lives in the conversation data until it is sent or cancelled.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { Department, ReportDraft, type CaseRecord } from "../../cases/case-schema.js";
import type { CaseService } from "../../cases/case-service.js";
import { fill, textsFor } from "../../i18n/index.js";
import type { Logger } from "../../log.js";
import { INPUTS, type ActionData } from "../actions.js";
import { band, card, textBlock } from "../cards/adaptive.js";
import { myReportsCard } from "../cards/case-cards.js";
import {
  reportFormCard,
  reportReceivedCard,
  reportSummaryCard,
  type ReportAssessmentSummary,
} from "../cards/report-cards.js";
import type { Feature } from "../feature.js";
import { handled, type Handled } from "../reply.js";
import type { TurnView } from "../turn.js";
import { LastResult } from "./check.js";

/** A report being written, kept in the conversation data. */
const PendingReport = z.object({
  requestId: z.string().min(1),
  urgent: z.boolean(),
  withCheck: z.boolean(),
  draft: z.record(z.string(), z.unknown()).optional(),
});
type PendingReport = z.infer<typeof PendingReport>;

/** What the report feature needs. */
export interface ReportDeps {
  cases: CaseService;
  logger: Logger;
}

const FIELDS = ["description", "place", "seenAt", "department", "contact"] as const;

/** The report feature. */
export function reportFeature(deps: ReportDeps): Feature {
  const log = deps.logger.child({ module: "report" });

  const lastResult = (turn: TurnView): LastResult | undefined =>
    LastResult.safeParse(turn.data.lastResult).data;
  const pending = (turn: TurnView): PendingReport | undefined =>
    PendingReport.safeParse(turn.data.report).data;
  const summary = (turn: TurnView, report: PendingReport): ReportAssessmentSummary | undefined => {
    const last = report.withCheck ? lastResult(turn) : undefined;
    return last
      ? { outcome: last.assessment.outcome, reasons: last.assessment.reasons[turn.lang] }
      : undefined;
  };

  /**
   * The form's values to show again: every field that is text, each cut to its limit, so a rejected form comes
   * back with what was typed (too long text is kept up to the limit and the message says so).
   */
  const prefillOf = (draft: Record<string, unknown> | undefined) => {
    const limits: Record<string, number> = Object.fromEntries(FIELDS.map((k) => [k, INPUTS[k].maxLength]));
    const values = Object.entries(draft ?? {}).filter(([k, v]) => k in limits && typeof v === "string" && v);
    return Object.fromEntries(values.map(([k, v]) => [k, (v as string).slice(0, limits[k])]));
  };

  const openForm = (turn: TurnView, options: { urgent: boolean; fromCheck: boolean }): Handled => {
    const previous = pending(turn);
    const report: PendingReport = {
      requestId: randomUUID(),
      urgent: options.urgent || previous?.urgent === true,
      withCheck: options.fromCheck || lastResult(turn) !== undefined,
      draft: previous?.draft,
    };
    // A new form starts with the department the user chose before (their last report or `afdeling`).
    const prefill = report.draft ?? (turn.user.department ? { department: turn.user.department } : undefined);
    return handled([reportFormCard(prefillOf(prefill), summary(turn, report), turn.lang)], {
      patch: { report },
    });
  };

  const review = async (turn: TurnView, data: ActionData<"report.review">): Promise<Handled> => {
    const report = pending(turn) ?? { requestId: randomUUID(), urgent: false, withCheck: false };
    const fields = Object.fromEntries(FIELDS.map((k) => [k, data[k]]));
    const parsed = ReportDraft.safeParse(fields);
    if (!parsed.success) {
      const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
      const t = textsFor(turn.lang).report;
      const labels: Readonly<Record<string, string>> = t.fields;
      const list = names.map((n) => labels[n] ?? n).join(", ");
      const message = fill(t.invalid, { fields: list });
      const form = reportFormCard(prefillOf(fields), summary(turn, report), turn.lang);
      // Default-colour text on an attention band: readable in every Teams theme (see the contrast test).
      const withError = { ...form, body: [band("attention", [textBlock(message)]), ...form.body] };
      // The form comes back in place with what was typed and what is wrong; nothing else is said.
      return handled([], { update: withError, patch: { report: { ...report, draft: fields } } });
    }
    const next: PendingReport = { ...report, requestId: randomUUID(), draft: parsed.data };
    // The summary takes the form's place: one card walks from form to summary to receipt.
    return handled([], {
      update: reportSummaryCard(parsed.data, summary(turn, next), turn.lang, next.requestId),
      patch: { report: next },
    });
  };

  const submit = async (turn: TurnView, requestId: string): Promise<Handled> => {
    const t = textsFor(turn.lang).report;
    const report = pending(turn);
    if (!report || report.requestId !== requestId || !report.draft) {
      // A second click after sending (turns of a conversation run one at a time, so the first is done).
      const sent = turn.data.sent;
      return sent && sent.requestId === requestId
        ? handled([fill(t.duplicate, { number: sent.number })])
        : handled([t.noDraft]);
    }
    const last = report.withCheck ? lastResult(turn) : undefined;
    const result = await deps.cases.submitReport(
      report.draft,
      last?.assessment,
      { userId: turn.user.id, name: turn.user.name ?? "", conversationId: turn.conversationId },
      requestId,
      { urgent: report.urgent },
    );
    if (result.status === "invalid") {
      log.warn({ issues: result.issues.length }, "report rejected");
      return inPlace(openForm(turn, { urgent: report.urgent, fromCheck: report.withCheck }));
    }
    if (result.status === "duplicate") {
      return handled([fill(t.duplicate, { number: result.case.number })], {
        patch: { report: undefined },
      });
    }
    return received(turn, result.case, requestId);
  };

  // The receipt replaces the summary, so its Versturen button is gone once the report is in.
  const received = (turn: TurnView, record: CaseRecord, requestId: string): Handled =>
    handled([], {
      update: reportReceivedCard(record, turn.lang),
      patch: { report: undefined, sent: { requestId, number: record.number }, lastResult: undefined },
      // Remembered for the next form and to label the user's checks in the anonymous statistics.
      prefs: { department: Department.safeParse(record.reporter.department).data },
    });

  /** A result whose one card replaces the clicked card instead of following it. */
  const inPlace = (result: Handled): Handled => {
    const [first, ...rest] = result.replies;
    return first?.kind === "card" && rest.length === 0
      ? { ...result, replies: [], update: first.card }
      : result;
  };

  const answer = async (turn: TurnView, data: ActionData<"case.answer">): Promise<Handled> => {
    const result = await deps.cases.answerQuestion(
      data.caseId,
      { id: turn.user.id, name: turn.user.name ?? "" },
      data.questionId,
      data.caseAnswer,
    );
    const t = textsFor(turn.lang).report;
    const text =
      result.status === "ok"
        ? t.answerThanks
        : result.status === "already_answered"
          ? t.answerAlready
          : result.status === "closed"
            ? t.answerClosed
            : result.status === "invalid"
              ? t.answerEmpty
              : t.notYours;
    // Said at the question card itself, where the reporter typed the answer.
    return handled([], { notice: text });
  };

  return {
    name: "report",
    commands: {
      report: async (turn) => openForm(turn, { urgent: false, fromCheck: false }),
      myReports: async (turn) =>
        handled([myReportsCard(await deps.cases.listForReporter(turn.user.id), turn.lang)]),
    },
    actions: {
      "report.start": async (turn, data) =>
        openForm(turn, { urgent: data.urgent === true, fromCheck: data.fromCheck === true }),
      "report.review": review,
      "report.edit": async (turn) => inPlace(openForm(turn, { urgent: false, fromCheck: false })),
      "report.cancel": async (turn) =>
        handled([], {
          update: card([textBlock(textsFor(turn.lang).report.cancelled)]),
          patch: { report: undefined },
        }),
      "report.submit": (turn, data) => submit(turn, data.requestId),
      "case.answer": answer,
    },
  };
}
