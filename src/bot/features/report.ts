/**
 * @module bot/features/report
 * The reporter's side: the report form (from an advice card, the 112 card or `melden`), the summary to confirm,
 * submitting exactly once (a double click or a retry gives the same case), `mijn meldingen`, and answering a
 * coordinator's question. The draft lives in the conversation data until it is sent or cancelled.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ReportDraft, type CaseRecord } from "../../cases/case-schema.js";
import type { CaseService } from "../../cases/case-service.js";
import type { Logger } from "../../log.js";
import { fill, myReportsCard } from "../cards/case-cards.js";
import {
  reportFormCard,
  reportReceivedCard,
  reportSummaryCard,
  type ReportAssessmentSummary,
} from "../cards/report-cards.js";
import type { Feature } from "../feature.js";
import type { Turn } from "../turn.js";
import { LastResult } from "./check.js";

/** A report being written, kept in the conversation data. */
const PendingReport = z.object({
  requestId: z.string().min(1),
  urgent: z.boolean(),
  withCheck: z.boolean(),
  draft: z.record(z.string(), z.unknown()).optional(),
});
type PendingReport = z.infer<typeof PendingReport>;

const TEXTS = {
  invalid: {
    nl: "Er ontbreekt iets of iets is te lang: {fields}. Vul het formulier opnieuw in.",
    en: "Something is missing or too long: {fields}. Please fill in the form again.",
  },
  fields: {
    description: { nl: "wat je zag", en: "what you saw" },
    place: { nl: "plaats", en: "place" },
    seenAt: { nl: "wanneer", en: "when" },
    department: { nl: "afdeling", en: "department" },
    contact: { nl: "bereikbaarheid", en: "contact" },
  } as Record<string, { nl: string; en: string }>,
  cancelled: {
    nl: "De melding is geannuleerd. Er is niets verstuurd.",
    en: "The report has been cancelled. Nothing was sent.",
  },
  noDraft: {
    nl: "Er is geen melding meer om te versturen. Typ **melden** om opnieuw te beginnen.",
    en: "There is no report left to send. Type **melden** to start again.",
  },
  duplicate: {
    nl: "Deze melding was al verstuurd als {number}.",
    en: "This report was already sent as {number}.",
  },
  answerThanks: {
    nl: "Dank je. Je antwoord is doorgegeven aan het aanspreekpunt.",
    en: "Thank you. Your answer has been passed on to the contact point.",
  },
  answerAlready: { nl: "Deze vraag had je al beantwoord.", en: "You had already answered this question." },
  answerClosed: {
    nl: "Deze melding is al afgesloten; je antwoord is niet meer nodig.",
    en: "This report is already closed; your answer is no longer needed.",
  },
  answerEmpty: {
    nl: "Je antwoord is leeg of te lang (maximaal 2.000 tekens).",
    en: "Your answer is empty or too long (at most 2,000 characters).",
  },
  notYours: { nl: "Deze vraag is niet aan jou gesteld.", en: "This question was not asked to you." },
} as const;

const START = /^(melden|meld|melding|melding maken|nieuwe melding|ik wil (iets )?melden|report)[.!]?$/i;
const MINE = /^(mijn meldingen|mijn melding|my reports)[.!]?$/i;

/** What the report feature needs. */
export interface ReportDeps {
  cases: CaseService;
  /** Asks the dispatcher to deliver soon (after a case changed). */
  notify: () => void;
  logger: Logger;
}

/** The report feature. */
export function reportFeature(deps: ReportDeps): Feature {
  const log = deps.logger.child({ module: "report" });

  const lastResult = (turn: Turn): LastResult | undefined => LastResult.safeParse(turn.data.lastResult).data;
  const pending = (turn: Turn): PendingReport | undefined => PendingReport.safeParse(turn.data.report).data;
  const summary = (turn: Turn, report: PendingReport): ReportAssessmentSummary | undefined => {
    const last = report.withCheck ? lastResult(turn) : undefined;
    return last
      ? { outcome: last.assessment.outcome, reasons: last.assessment.reasons[turn.lang] }
      : undefined;
  };

  const openForm = async (turn: Turn, options: { urgent: boolean; fromCheck: boolean }) => {
    const previous = pending(turn);
    const report: PendingReport = {
      requestId: randomUUID(),
      urgent: options.urgent || previous?.urgent === true,
      withCheck: options.fromCheck || lastResult(turn) !== undefined,
      draft: previous?.draft,
    };
    turn.data.report = report;
    const prefill = ReportDraft.partial().safeParse(report.draft ?? {}).data ?? {};
    await turn.say(reportFormCard(prefill, summary(turn, report), turn.lang));
  };

  const received = async (turn: Turn, record: CaseRecord, requestId: string) => {
    turn.data.report = undefined;
    turn.data.sent = { requestId, number: record.number };
    turn.data.lastResult = undefined;
    await turn.say(reportReceivedCard(record, turn.lang));
  };

  return {
    name: "report",
    actions: {
      "report.start": async (turn, data) => {
        await openForm(turn, { urgent: data.urgent === true, fromCheck: data.fromCheck === true });
      },
      "report.review": async (turn, data) => {
        const report = pending(turn) ?? { requestId: randomUUID(), urgent: false, withCheck: false };
        const fields = Object.fromEntries(
          ["description", "place", "seenAt", "department", "contact"].map((k) => [k, data[k] ?? ""]),
        );
        const parsed = ReportDraft.safeParse(fields);
        turn.data.report = { ...report, draft: fields };
        if (!parsed.success) {
          const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
          const list = names.map((n) => TEXTS.fields[n]?.[turn.lang] ?? n).join(", ");
          await turn.say(fill(TEXTS.invalid[turn.lang], { fields: list }));
          const prefill = ReportDraft.partial().safeParse(fields).data ?? {};
          await turn.say(reportFormCard(prefill, summary(turn, report), turn.lang));
          return;
        }
        const next: PendingReport = { ...report, requestId: randomUUID(), draft: parsed.data };
        turn.data.report = next;
        await turn.say(reportSummaryCard(parsed.data, summary(turn, next), turn.lang, next.requestId));
      },
      "report.edit": async (turn) => {
        await openForm(turn, { urgent: false, fromCheck: false });
      },
      "report.cancel": async (turn) => {
        turn.data.report = undefined;
        await turn.say(TEXTS.cancelled[turn.lang]);
      },
      "report.submit": async (turn, data) => {
        const report = pending(turn);
        const requestId = typeof data.requestId === "string" ? data.requestId : "";
        if (!report || report.requestId !== requestId || !report.draft) {
          // A second click after sending (turns of a conversation run one at a time, so the first is done).
          const sent = turn.data.sent;
          if (sent && sent.requestId === requestId) {
            await turn.say(fill(TEXTS.duplicate[turn.lang], { number: sent.number }));
          } else await turn.say(TEXTS.noDraft[turn.lang]);
          return;
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
          await openForm(turn, { urgent: report.urgent, fromCheck: report.withCheck });
          return;
        }
        deps.notify();
        if (result.status === "duplicate") {
          await turn.say(fill(TEXTS.duplicate[turn.lang], { number: result.case.number }));
          turn.data.report = undefined;
          return;
        }
        await received(turn, result.case, requestId);
      },
      "case.answer": async (turn, data) => {
        const answer = typeof data.answer === "string" ? data.answer : "";
        const result = await deps.cases.answerQuestion(
          String(data.caseId ?? ""),
          { id: turn.user.id, name: turn.user.name ?? "" },
          String(data.questionId ?? ""),
          answer,
        );
        const text =
          result.status === "ok"
            ? TEXTS.answerThanks[turn.lang]
            : result.status === "already_answered"
              ? TEXTS.answerAlready[turn.lang]
              : result.status === "closed"
                ? TEXTS.answerClosed[turn.lang]
                : result.status === "invalid"
                  ? TEXTS.answerEmpty[turn.lang]
                  : TEXTS.notYours[turn.lang];
        if (result.status === "ok") deps.notify();
        turn.invokeAnswer = { kind: "message", text };
        await turn.say(text);
      },
    },
    onText: async (turn, text) => {
      if (START.test(text)) {
        await openForm(turn, { urgent: false, fromCheck: false });
        return true;
      }
      if (MINE.test(text)) {
        await turn.say(myReportsCard(await deps.cases.listForReporter(turn.user.id), turn.lang));
        return true;
      }
      return false;
    },
  };
}
