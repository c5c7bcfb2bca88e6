/**
 * @module bot/cards/case-cards
 * The case card in the coordinator channel (one card per case, updated in place after every action), the
 * reporter's status messages and the "mijn meldingen" overview. Pure builders: case in, card JSON out.
 */
import {
  effectiveOutcome,
  type CaseRecord,
  type Outcome,
  type ReferralTarget,
} from "../../cases/case-schema.js";
import { OUTCOME_NAMES } from "../../signals/texts.js";
import type { Lang } from "../texts.js";
import {
  band,
  card,
  factSet,
  textBlock,
  type AdaptiveCard,
  type BandStyle,
  type CardElement,
} from "./adaptive.js";
import { executeAction, INPUTS } from "../actions.js";

type Text = Readonly<Record<Lang, string>>;

/** Labels of outcomes, referral targets and departments, shared with the report cards. */
export const CASE_LABELS = {
  outcome: {
    ACUTE: { nl: `${OUTCOME_NAMES.ACUTE.nl} (112)`, en: `${OUTCOME_NAMES.ACUTE.en} (112)` },
    ESCALATE: { nl: `${OUTCOME_NAMES.ESCALATE.nl} (vandaag)`, en: `${OUTCOME_NAMES.ESCALATE.en} (today)` },
    CONSULT: {
      nl: `${OUTCOME_NAMES.CONSULT.nl} (binnen twee werkdagen)`,
      en: `${OUTCOME_NAMES.CONSULT.en} (within two working days)`,
    },
    MONITOR: OUTCOME_NAMES.MONITOR,
    NONE: { nl: "Geen signaalcheck gedaan", en: "No signal check done" },
  } satisfies Record<Outcome, Text>,
  referral: {
    politie: { nl: "Politie", en: "Police" },
    arbeidsinspectie: { nl: "Nederlandse Arbeidsinspectie", en: "Netherlands Labour Authority" },
    "veilig-thuis": { nl: "Veilig Thuis", en: "Veilig Thuis" },
    zorgcoordinator: { nl: "Zorgcoördinator mensenhandel", en: "Trafficking care coordinator" },
    comensha: { nl: "CoMensha", en: "CoMensha" },
    riec: { nl: "RIEC", en: "RIEC" },
  } satisfies Record<ReferralTarget, Text>,
  department: {
    wijkteam: { nl: "Wijkteam", en: "Neighbourhood team" },
    wmo: { nl: "Wmo", en: "Social support (Wmo)" },
    schuldhulp: { nl: "Schuldhulp", en: "Debt counselling" },
    handhaving: { nl: "Handhaving", en: "Enforcement" },
    leerplicht: { nl: "Leerplicht", en: "School attendance" },
    burgerzaken: { nl: "Burgerzaken", en: "Civil affairs" },
    kcc: { nl: "KCC", en: "Contact centre (KCC)" },
    anders: { nl: "Anders", en: "Other" },
  } as Record<string, Text>,
} as const;

const TEXTS = {
  urgent: { nl: "SPOED", en: "URGENT" },
  advice: { nl: "Advies", en: "Advice" },
  overridden: {
    nl: "Advies aangepast door {by}: {outcome}. Reden: {reason}",
    en: "Advice changed by {by}: {outcome}. Reason: {reason}",
  },
  description: { nl: "Wat is er gezien", en: "What was seen" },
  place: { nl: "Plaats", en: "Place" },
  seenAt: { nl: "Gezien op", en: "Seen at" },
  reportedAt: { nl: "Gemeld op", en: "Reported at" },
  reporter: { nl: "Melder", en: "Reporter" },
  department: { nl: "Afdeling", en: "Department" },
  contact: { nl: "Bereikbaar via", en: "Contact" },
  notGiven: { nl: "(niet opgegeven)", en: "(not given)" },
  statusNew: { nl: "Nog niet opgepakt.", en: "Not picked up yet." },
  statusClaimed: { nl: "Opgepakt door {by}.", en: "Picked up by {by}." },
  statusReferred: { nl: "Doorverwezen naar {to} door {by}.", en: "Referred to {to} by {by}." },
  statusClosed: { nl: "Afgesloten door {by}. Reden: {reason}", en: "Closed by {by}. Reason: {reason}" },
  referralNote: { nl: "Notitie: {note}", en: "Note: {note}" },
  questions: { nl: "Vragen aan de melder", en: "Questions to the reporter" },
  question: { nl: "Vraag van {by} ({at}): {text}", en: "Question from {by} ({at}): {text}" },
  answer: { nl: "Antwoord ({at}): {text}", en: "Answer ({at}): {text}" },
  noAnswer: { nl: "Nog geen antwoord.", en: "No answer yet." },
  claim: { nl: "Oppakken", en: "Pick up" },
  ask: { nl: "Vraag aanvulling", en: "Ask for more" },
  askLabel: { nl: "Wat wil je de melder vragen?", en: "What do you want to ask the reporter?" },
  send: { nl: "Versturen", en: "Send" },
  refer: { nl: "Doorverwijzen", en: "Refer" },
  referTo: { nl: "Naar wie?", en: "To whom?" },
  referNote: { nl: "Notitie (optioneel)", en: "Note (optional)" },
  close: { nl: "Afsluiten", en: "Close" },
  closeReason: { nl: "Reden van afsluiten", en: "Reason for closing" },
  override: { nl: "Advies aanpassen", en: "Change advice" },
  overrideTo: { nl: "Nieuw advies", en: "New advice" },
  overrideReason: { nl: "Waarom? (wordt bij de melding bewaard)", en: "Why? (kept with the report)" },
  // Shown by Teams under a required field left empty, when Versturen is pressed.
  askRequired: { nl: "Typ je vraag aan de melder.", en: "Type your question to the reporter." },
  referToRequired: { nl: "Kies naar wie je doorverwijst.", en: "Choose whom to refer to." },
  closeReasonRequired: { nl: "Geef een reden van afsluiten.", en: "Give a reason for closing." },
  overrideToRequired: { nl: "Kies het nieuwe advies.", en: "Choose the new advice." },
  overrideReasonRequired: {
    nl: "Geef aan waarom je het advies aanpast.",
    en: "Say why you change the advice.",
  },
  reporterReceived: {
    nl: "Je melding {number} is ontvangen door het aanspreekpunt mensenhandel. Je hoort hier wat ermee gebeurt.",
    en: "Your report {number} has been received by the trafficking contact point. You will hear here what happens next.",
  },
  reporterClaimed: {
    nl: "Je melding {number} is opgepakt door {by}.",
    en: "Your report {number} was picked up by {by}.",
  },
  reporterReferred: {
    nl: "Je melding {number} is doorverwezen naar {to}.",
    en: "Your report {number} was referred to {to}.",
  },
  reporterClosed: {
    nl: "Je melding {number} is afgesloten. Heb je nog vragen? Neem contact op met het aanspreekpunt.",
    en: "Your report {number} has been closed. Questions? Contact the contact point.",
  },
  myReports: { nl: "Mijn meldingen", en: "My reports" },
  noReports: { nl: "Je hebt nog geen meldingen gedaan.", en: "You have not made any reports yet." },
  status: {
    new: { nl: "ontvangen", en: "received" },
    claimed: { nl: "opgepakt", en: "picked up" },
    referred: { nl: "doorverwezen", en: "referred" },
    closed: { nl: "afgesloten", en: "closed" },
  },
} as const;

/** Fills `{name}` placeholders in a text template. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
}

/** A date-time in Dutch time, e.g. "2 mrt 2026, 10:00". */
export function formatTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", {
    timeZone: "Europe/Amsterdam",
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}

// The header's band, as on the advice card; the header text stays in the default colour (coloured text on a
// white or dark card fails contrast in some Teams themes) and the advice line names the outcome.
function headerStyle(c: CaseRecord): BandStyle {
  const outcome = effectiveOutcome(c);
  if (c.urgent || outcome === "ACUTE") return "attention";
  if (outcome === "ESCALATE") return "warning";
  if (outcome === "CONSULT") return "accent";
  return outcome === "MONITOR" ? "good" : "emphasis";
}

function statusLine(c: CaseRecord, lang: Lang): string {
  const by = c.claimedBy?.name ?? "";
  if (c.status === "closed" && c.closed) {
    return fill(TEXTS.statusClosed[lang], { by: c.closed.by.name, reason: c.closed.reason });
  }
  const last = c.referrals[c.referrals.length - 1];
  if (c.status === "referred" && last) {
    return fill(TEXTS.statusReferred[lang], { to: CASE_LABELS.referral[last.to][lang], by: last.by.name });
  }
  return c.claimedBy ? fill(TEXTS.statusClaimed[lang], { by }) : TEXTS.statusNew[lang];
}

function subForm(
  title: string,
  inputs: CardElement[],
  verb: "case.ask" | "case.refer" | "case.close" | "case.override",
  caseId: string,
  lang: Lang,
): CardElement {
  return {
    type: "Action.ShowCard",
    title,
    card: card(inputs, [executeAction(verb, TEXTS.send[lang], { caseId }, { validate: true })]),
  };
}

function caseActions(c: CaseRecord, lang: Lang): CardElement[] {
  if (c.status === "closed") return [];
  const targets = Object.entries(CASE_LABELS.referral).map(([value, label]) => ({
    title: label[lang],
    value,
  }));
  return [
    ...(c.claimedBy ? [] : [executeAction("case.claim", TEXTS.claim[lang], { caseId: c.id })]),
    subForm(
      TEXTS.ask[lang],
      [
        {
          type: "Input.Text",
          ...INPUTS.caseQuestion,
          label: TEXTS.askLabel[lang],
          isMultiline: true,
          isRequired: true,
          errorMessage: TEXTS.askRequired[lang],
        },
      ],
      "case.ask",
      c.id,
      lang,
    ),
    subForm(
      TEXTS.refer[lang],
      [
        {
          type: "Input.ChoiceSet",
          id: INPUTS.referTo.id,
          label: TEXTS.referTo[lang],
          choices: targets,
          isRequired: true,
          errorMessage: TEXTS.referToRequired[lang],
        },
        { type: "Input.Text", ...INPUTS.referNote, label: TEXTS.referNote[lang], isMultiline: true },
      ],
      "case.refer",
      c.id,
      lang,
    ),
    subForm(
      TEXTS.close[lang],
      [
        {
          type: "Input.Text",
          ...INPUTS.closeReason,
          label: TEXTS.closeReason[lang],
          isRequired: true,
          errorMessage: TEXTS.closeReasonRequired[lang],
        },
      ],
      "case.close",
      c.id,
      lang,
    ),
    subForm(
      TEXTS.override[lang],
      [
        {
          type: "Input.ChoiceSet",
          id: INPUTS.overrideOutcome.id,
          label: TEXTS.overrideTo[lang],
          choices: Object.entries(CASE_LABELS.outcome)
            .filter(([value]) => value !== "NONE")
            .map(([value, label]) => ({ title: label[lang], value })),
          isRequired: true,
          errorMessage: TEXTS.overrideToRequired[lang],
        },
        {
          type: "Input.Text",
          ...INPUTS.overrideReason,
          label: TEXTS.overrideReason[lang],
          isRequired: true,
          errorMessage: TEXTS.overrideReasonRequired[lang],
        },
      ],
      "case.override",
      c.id,
      lang,
    ),
  ];
}

/** The coordinator channel card: everything the contact point needs, the status, Q&A and the actions by status. */
export function caseCard(c: CaseRecord, lang: Lang): AdaptiveCard {
  const outcome = effectiveOutcome(c);
  const notGiven = TEXTS.notGiven[lang];
  const body: CardElement[] = [
    band(headerStyle(c), [textBlock(`${c.number}${c.urgent ? ` · ${TEXTS.urgent[lang]}` : ""}`, "heading")]),
    textBlock(`**${TEXTS.advice[lang]}:** ${CASE_LABELS.outcome[outcome][lang]}`),
    ...c.reasons.map((reason) => textBlock(`- ${reason}`)),
  ];
  if (c.outcomeOverride) {
    const o = c.outcomeOverride;
    body.push(
      textBlock(
        fill(TEXTS.overridden[lang], {
          by: o.by.name,
          outcome: CASE_LABELS.outcome[o.outcome][lang],
          reason: o.reason,
        }),
        "subtle",
      ),
    );
  }
  body.push(
    textBlock(TEXTS.description[lang], "heading"),
    textBlock(c.description),
    factSet([
      [TEXTS.place[lang], c.place || notGiven],
      [TEXTS.seenAt[lang], c.seenAt || notGiven],
      [TEXTS.reportedAt[lang], formatTime(c.createdAt, lang)],
      [TEXTS.reporter[lang], c.reporter.name],
      [
        TEXTS.department[lang],
        CASE_LABELS.department[c.reporter.department]?.[lang] ?? c.reporter.department,
      ],
      [TEXTS.contact[lang], c.reporter.contact || notGiven],
    ]),
    { ...textBlock(statusLine(c, lang)), weight: "Bolder" },
    ...c.referrals
      .filter((r) => r.note)
      .map((r) =>
        textBlock(
          `${CASE_LABELS.referral[r.to][lang]}: ${fill(TEXTS.referralNote[lang], { note: r.note })}`,
          "subtle",
        ),
      ),
  );
  if (c.questions.length > 0) {
    body.push(textBlock(TEXTS.questions[lang], "heading"));
    for (const q of c.questions) {
      body.push(
        textBlock(
          fill(TEXTS.question[lang], { by: q.askedBy.name, at: formatTime(q.askedAt, lang), text: q.text }),
        ),
      );
      body.push(
        q.answer !== undefined && q.answeredAt
          ? textBlock(fill(TEXTS.answer[lang], { at: formatTime(q.answeredAt, lang), text: q.answer }))
          : textBlock(TEXTS.noAnswer[lang], "subtle"),
      );
    }
  }
  return card(body, caseActions(c, lang));
}

/** A status change the reporter hears about (the `change` of a reporter.status outbox item, or "received"). */
export type ReporterChange = "received" | "claimed" | "referred" | "closed";

/** The message the reporter gets in their chat for a status change of their case. */
export function reporterStatusText(c: CaseRecord, change: ReporterChange, lang: Lang): string {
  const values = { number: c.number, by: c.claimedBy?.name ?? "", to: "" };
  switch (change) {
    case "received":
      return fill(TEXTS.reporterReceived[lang], values);
    case "claimed":
      return fill(TEXTS.reporterClaimed[lang], values);
    case "referred": {
      const last = c.referrals[c.referrals.length - 1];
      return fill(TEXTS.reporterReferred[lang], {
        ...values,
        to: last ? CASE_LABELS.referral[last.to][lang] : "",
      });
    }
    case "closed":
      return fill(TEXTS.reporterClosed[lang], values);
  }
}

/** "Mijn meldingen": the reporter's cases, newest first, with number, date and status. */
export function myReportsCard(cases: readonly CaseRecord[], lang: Lang): AdaptiveCard {
  if (cases.length === 0)
    return card([textBlock(TEXTS.myReports[lang], "heading"), textBlock(TEXTS.noReports[lang])]);
  return card([
    textBlock(TEXTS.myReports[lang], "heading"),
    factSet(
      cases.map(
        (c) => [c.number, `${formatTime(c.createdAt, lang)} · ${TEXTS.status[c.status][lang]}`] as const,
      ),
    ),
  ]);
}
