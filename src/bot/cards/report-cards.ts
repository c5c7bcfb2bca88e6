/**
 * @module bot/cards/report-cards
 * The reporter's side of escalation: the report form, the summary to confirm (Versturen / Aanpassen /
 * Annuleren), the receipt with the case number, and the card to answer a coordinator's question.
 */
import {
  Department,
  type CaseQuestion,
  type CaseRecord,
  type Outcome,
  type ReportDraft,
} from "../../cases/case-schema.js";
import { fill, textsFor, type Lang } from "../../i18n/index.js";
import { band, card, factSet, textBlock, type AdaptiveCard, type CardElement } from "./adaptive.js";
import { cardButton, INPUTS } from "../actions.js";
import { departmentLabel, formatTime } from "./case-cards.js";

/** What the form and summary show of a finished signal check (reasons in the card's language). */
export interface ReportAssessmentSummary {
  outcome: Outcome;
  reasons: readonly string[];
}

function assessmentBlock(summary: ReportAssessmentSummary | undefined, lang: Lang): CardElement[] {
  if (!summary) return [];
  const { reportCard: t, caseLabels: labels } = textsFor(lang);
  return [
    textBlock(`**${t.checkResult}:** ${labels.outcome[summary.outcome]}`),
    ...summary.reasons.map((reason) => textBlock(`- ${reason}`, "subtle")),
  ];
}

/** The report form, prefilled when the reporter edits; submitting goes to the summary ("report.review"). */
export function reportFormCard(
  prefill: Partial<ReportDraft>,
  assessmentSummary: ReportAssessmentSummary | undefined,
  lang: Lang,
): AdaptiveCard {
  const t = textsFor(lang).reportCard;
  const input = (
    name: "description" | "place" | "seenAt" | "contact",
    label: string,
    extra: CardElement = {},
  ): CardElement => ({
    type: "Input.Text",
    ...INPUTS[name],
    label,
    ...(prefill[name] ? { value: prefill[name] } : {}),
    ...extra,
  });
  return card(
    [
      textBlock(t.formTitle, "heading"),
      textBlock(t.formIntro),
      ...assessmentBlock(assessmentSummary, lang),
      input("description", t.description, {
        isMultiline: true,
        isRequired: true,
        errorMessage: t.descriptionRequired,
        placeholder: t.descriptionPlaceholder,
      }),
      input("place", t.place),
      input("seenAt", t.seenAt, { placeholder: t.seenAtPlaceholder }),
      {
        type: "Input.ChoiceSet",
        id: INPUTS.department.id,
        label: t.department,
        isRequired: true,
        errorMessage: t.departmentRequired,
        choices: Department.options.map((d) => ({ title: departmentLabel(d, lang), value: d })),
        ...(prefill.department ? { value: prefill.department } : {}),
      },
      input("contact", t.contact, { placeholder: t.contactPlaceholder }),
    ],
    [cardButton("report.review", t.review, {}, { validate: true })],
  );
}

/** The summary to confirm; `requestId` makes Versturen idempotent (a double click creates one case). */
export function reportSummaryCard(
  draft: ReportDraft,
  assessmentSummary: ReportAssessmentSummary | undefined,
  lang: Lang,
  requestId: string,
): AdaptiveCard {
  const t = textsFor(lang).reportCard;
  const notGiven = t.notGiven;
  return card(
    [
      textBlock(t.summaryTitle, "heading"),
      textBlock(t.summaryIntro),
      ...assessmentBlock(assessmentSummary, lang),
      textBlock(draft.description),
      factSet([
        [t.place, draft.place || notGiven],
        [t.seenAt, draft.seenAt || notGiven],
        [t.department, departmentLabel(draft.department, lang)],
        [t.contact, draft.contact || notGiven],
      ]),
    ],
    [
      cardButton("report.submit", t.send, { requestId }, { style: "positive" }),
      cardButton("report.edit", t.edit, { requestId }),
      cardButton("report.cancel", t.cancel, { requestId }),
    ],
  );
}

/** The receipt: the case number, what happens next, and the 112 reminder for urgent cases. */
export function reportReceivedCard(c: CaseRecord, lang: Lang): AdaptiveCard {
  const t = textsFor(lang).reportCard;
  return card([
    band("good", [textBlock(fill(t.receivedTitle, { number: c.number }), "heading")]),
    textBlock(t.receivedText),
    ...(c.urgent ? [band("attention", [{ ...textBlock(t.urgentNote), weight: "Bolder" }])] : []),
    textBlock(formatTime(c.createdAt, lang), "subtle"),
  ]);
}

/** A coordinator's question, relayed to the reporter, with a field to answer ("case.answer"). */
export function answerQuestionCard(c: CaseRecord, question: CaseQuestion, lang: Lang): AdaptiveCard {
  const t = textsFor(lang).reportCard;
  return card(
    [
      textBlock(fill(t.questionTitle, { number: c.number }), "heading"),
      textBlock(fill(t.questionFrom, { by: question.askedBy.name }), "subtle"),
      textBlock(question.text),
      {
        type: "Input.Text",
        ...INPUTS.caseAnswer,
        label: t.answer,
        isMultiline: true,
        isRequired: true,
        errorMessage: t.answerRequired,
        placeholder: t.answerPlaceholder,
      },
    ],
    [cardButton("case.answer", t.send, { caseId: c.id, questionId: question.id }, { validate: true })],
  );
}
