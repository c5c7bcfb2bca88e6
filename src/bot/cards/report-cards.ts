/**
 * @module bot/cards/report-cards
 * The reporter's side of escalation: the report form, the summary to confirm (Versturen / Aanpassen /
 * Annuleren), the receipt with the case number, and the card to answer a coordinator's question.
 */
import type { CaseQuestion, CaseRecord, Department, Outcome, ReportDraft } from "../../cases/case-schema.js";
import type { Lang } from "../texts.js";
import { band, card, factSet, textBlock, type AdaptiveCard, type CardElement } from "./adaptive.js";
import { executeAction, INPUTS } from "../actions.js";
import { CASE_LABELS, fill, formatTime } from "./case-cards.js";

/** What the form and summary show of a finished signal check (reasons in the card's language). */
export interface ReportAssessmentSummary {
  outcome: Outcome;
  reasons: readonly string[];
}

const TEXTS = {
  formTitle: {
    nl: "Melden bij het aanspreekpunt mensenhandel",
    en: "Report to the trafficking contact point",
  },
  formIntro: {
    nl: "Geef alleen door wat het aanspreekpunt nodig heeft. Het aanspreekpunt neemt contact met je op.",
    en: "Only pass on what the contact point needs. The contact point will get in touch with you.",
  },
  checkResult: { nl: "Uitkomst van je signaalcheck", en: "Result of your signal check" },
  description: { nl: "Wat heb je gezien of gehoord?", en: "What did you see or hear?" },
  descriptionPlaceholder: {
    nl: "Alleen feiten: wat, wie (rol, geen namen tenzij nodig), hoe vaak. Geen meningen of diagnoses.",
    en: "Facts only: what, who (role, no names unless needed), how often. No opinions or diagnoses.",
  },
  place: { nl: "Waar? (wijk of adres, wat jij kiest)", en: "Where? (neighbourhood or address, your choice)" },
  seenAt: { nl: "Wanneer gezien?", en: "When seen?" },
  seenAtPlaceholder: {
    nl: "bijvoorbeeld: maandag 2 maart, ochtend",
    en: "for example: Monday 2 March, morning",
  },
  department: { nl: "Jouw afdeling", en: "Your department" },
  contact: { nl: "Hoe ben je bereikbaar?", en: "How can you be reached?" },
  contactPlaceholder: {
    nl: "bijvoorbeeld: via Teams, of je werktelefoon",
    en: "for example: via Teams, or your work phone",
  },
  review: { nl: "Controleren", en: "Review" },
  summaryTitle: { nl: "Klopt dit?", en: "Is this correct?" },
  summaryIntro: {
    nl: "Dit gaat naar het aanspreekpunt mensenhandel. Controleer het en kies Versturen.",
    en: "This goes to the trafficking contact point. Check it and choose Send.",
  },
  notGiven: { nl: "(niet opgegeven)", en: "(not given)" },
  send: { nl: "Versturen", en: "Send" },
  edit: { nl: "Aanpassen", en: "Edit" },
  cancel: { nl: "Annuleren", en: "Cancel" },
  receivedTitle: { nl: "Melding ontvangen: {number}", en: "Report received: {number}" },
  receivedText: {
    nl: "Je melding is opgeslagen en gaat naar het aanspreekpunt mensenhandel. Je hoort in deze chat wat ermee gebeurt. Typ **mijn meldingen** voor een overzicht.",
    en: "Your report is saved and goes to the trafficking contact point. You will hear in this chat what happens next. Type **mijn meldingen** for an overview.",
  },
  urgentNote: {
    nl: "Je melding is als spoed gemarkeerd. Is er nu gevaar? Bel 112.",
    en: "Your report is marked urgent. Is someone in danger right now? Call 112.",
  },
  questionTitle: { nl: "Vraag over je melding {number}", en: "Question about your report {number}" },
  questionFrom: { nl: "{by} vraagt:", en: "{by} asks:" },
  answer: { nl: "Jouw antwoord", en: "Your answer" },
  answerPlaceholder: {
    nl: "Alleen feiten; geen namen tenzij nodig.",
    en: "Facts only; no names unless needed.",
  },
  // Shown by Teams under a required field left empty, when the button is pressed.
  descriptionRequired: {
    nl: "Beschrijf kort wat je hebt gezien of gehoord.",
    en: "Briefly describe what you saw or heard.",
  },
  departmentRequired: { nl: "Kies je afdeling.", en: "Choose your department." },
  answerRequired: { nl: "Typ je antwoord.", en: "Type your answer." },
} as const;

const DEPARTMENTS: readonly Department[] = [
  "wijkteam",
  "wmo",
  "schuldhulp",
  "handhaving",
  "leerplicht",
  "burgerzaken",
  "kcc",
  "anders",
];

function assessmentBlock(summary: ReportAssessmentSummary | undefined, lang: Lang): CardElement[] {
  if (!summary) return [];
  return [
    textBlock(`**${TEXTS.checkResult[lang]}:** ${CASE_LABELS.outcome[summary.outcome][lang]}`),
    ...summary.reasons.map((reason) => textBlock(`- ${reason}`, "subtle")),
  ];
}

/** The report form, prefilled when the reporter edits; submitting goes to the summary ("report.review"). */
export function reportFormCard(
  prefill: Partial<ReportDraft>,
  assessmentSummary: ReportAssessmentSummary | undefined,
  lang: Lang,
): AdaptiveCard {
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
      textBlock(TEXTS.formTitle[lang], "heading"),
      textBlock(TEXTS.formIntro[lang]),
      ...assessmentBlock(assessmentSummary, lang),
      input("description", TEXTS.description[lang], {
        isMultiline: true,
        isRequired: true,
        errorMessage: TEXTS.descriptionRequired[lang],
        placeholder: TEXTS.descriptionPlaceholder[lang],
      }),
      input("place", TEXTS.place[lang]),
      input("seenAt", TEXTS.seenAt[lang], { placeholder: TEXTS.seenAtPlaceholder[lang] }),
      {
        type: "Input.ChoiceSet",
        id: INPUTS.department.id,
        label: TEXTS.department[lang],
        isRequired: true,
        errorMessage: TEXTS.departmentRequired[lang],
        choices: DEPARTMENTS.map((d) => ({ title: CASE_LABELS.department[d]?.[lang] ?? d, value: d })),
        ...(prefill.department ? { value: prefill.department } : {}),
      },
      input("contact", TEXTS.contact[lang], { placeholder: TEXTS.contactPlaceholder[lang] }),
    ],
    [executeAction("report.review", TEXTS.review[lang], {}, { validate: true })],
  );
}

/** The summary to confirm; `requestId` makes Versturen idempotent (a double click creates one case). */
export function reportSummaryCard(
  draft: ReportDraft,
  assessmentSummary: ReportAssessmentSummary | undefined,
  lang: Lang,
  requestId: string,
): AdaptiveCard {
  const notGiven = TEXTS.notGiven[lang];
  return card(
    [
      textBlock(TEXTS.summaryTitle[lang], "heading"),
      textBlock(TEXTS.summaryIntro[lang]),
      ...assessmentBlock(assessmentSummary, lang),
      textBlock(draft.description),
      factSet([
        [TEXTS.place[lang], draft.place || notGiven],
        [TEXTS.seenAt[lang], draft.seenAt || notGiven],
        [TEXTS.department[lang], CASE_LABELS.department[draft.department]?.[lang] ?? draft.department],
        [TEXTS.contact[lang], draft.contact || notGiven],
      ]),
    ],
    [
      executeAction("report.submit", TEXTS.send[lang], { requestId }, { style: "positive" }),
      executeAction("report.edit", TEXTS.edit[lang], { requestId }),
      executeAction("report.cancel", TEXTS.cancel[lang], { requestId }),
    ],
  );
}

/** The receipt: the case number, what happens next, and the 112 reminder for urgent cases. */
export function reportReceivedCard(c: CaseRecord, lang: Lang): AdaptiveCard {
  return card([
    band("good", [textBlock(fill(TEXTS.receivedTitle[lang], { number: c.number }), "heading")]),
    textBlock(TEXTS.receivedText[lang]),
    ...(c.urgent ? [band("attention", [{ ...textBlock(TEXTS.urgentNote[lang]), weight: "Bolder" }])] : []),
    textBlock(formatTime(c.createdAt, lang), "subtle"),
  ]);
}

/** A coordinator's question, relayed to the reporter, with a field to answer ("case.answer"). */
export function answerQuestionCard(c: CaseRecord, question: CaseQuestion, lang: Lang): AdaptiveCard {
  return card(
    [
      textBlock(fill(TEXTS.questionTitle[lang], { number: c.number }), "heading"),
      textBlock(fill(TEXTS.questionFrom[lang], { by: question.askedBy.name }), "subtle"),
      textBlock(question.text),
      {
        type: "Input.Text",
        ...INPUTS.caseAnswer,
        label: TEXTS.answer[lang],
        isMultiline: true,
        isRequired: true,
        errorMessage: TEXTS.answerRequired[lang],
        placeholder: TEXTS.answerPlaceholder[lang],
      },
    ],
    [
      executeAction(
        "case.answer",
        TEXTS.send[lang],
        { caseId: c.id, questionId: question.id },
        { validate: true },
      ),
    ],
  );
}
