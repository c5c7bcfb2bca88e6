/**
 * @module bot/cards/case-cards
 * The case card in the coordinator channel (one card per case, updated in place after every action), the
 * reporter's status messages and the "mijn meldingen" overview. Pure builders: case in, card JSON out.
 */
import { rankSignals, type RankedSignal, type SignalCatalogue } from "../../signals/catalogue.js";
import { effectiveOutcome, type CaseRecord } from "../../cases/case-schema.js";
import { fill, textsFor, type Lang } from "../../i18n/index.js";
import {
  band,
  card,
  factSet,
  textBlock,
  type AdaptiveCard,
  type BandStyle,
  type CardElement,
} from "./adaptive.js";
import { cardButton, INPUTS } from "../actions.js";
import type { PlaceLinks } from "../../cases/place-links.js";
import { placeLinkElements } from "./place-cards.js";
import type { Playbook } from "../../cases/playbook-schema.js";
import { playbookActions, playbookElements } from "./playbook-cards.js";

/** How a department is named in `lang`; a department the labels do not know (older data) keeps its id. */
export function departmentLabel(department: string, lang: Lang): string {
  const labels: Readonly<Record<string, string>> = textsFor(lang).caseLabels.department;
  return labels[department] ?? department;
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
  const { caseCard: t, caseLabels: labels } = textsFor(lang);
  const by = c.claimedBy?.name ?? "";
  if (c.status === "closed" && c.closed) {
    return fill(t.statusClosed, { by: c.closed.by.name, reason: c.closed.reason });
  }
  const last = c.referrals[c.referrals.length - 1];
  if (c.status === "referred" && last) {
    return fill(t.statusReferred, { to: labels.referral[last.to], by: last.by.name });
  }
  return c.claimedBy ? fill(t.statusClaimed, { by }) : t.statusNew;
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
    card: card(inputs, [cardButton(verb, textsFor(lang).caseCard.send, { caseId }, { validate: true })]),
  };
}

/** An on/off switch whose value arrives as "true" or "false". */
const toggle = (id: string, title: string): CardElement => ({
  type: "Input.Toggle",
  id,
  title,
  value: "false",
  valueOn: "true",
  valueOff: "false",
});

function caseActions(c: CaseRecord, lang: Lang, playbooks: readonly Playbook[]): CardElement[] {
  if (c.status === "closed") return [];
  const { caseCard: t, caseLabels: labels, playbook: p } = textsFor(lang);
  const targets = Object.entries(labels.referral).map(([value, title]) => ({ title, value }));
  return [
    ...(c.claimedBy ? [] : [cardButton("case.claim", t.claim, { caseId: c.id })]),
    subForm(
      t.ask,
      [
        {
          type: "Input.Text",
          ...INPUTS.caseQuestion,
          label: t.askLabel,
          isMultiline: true,
          isRequired: true,
          errorMessage: t.askRequired,
        },
      ],
      "case.ask",
      c.id,
      lang,
    ),
    subForm(
      t.refer,
      [
        {
          type: "Input.ChoiceSet",
          id: INPUTS.referTo.id,
          label: t.referTo,
          choices: targets,
          isRequired: true,
          errorMessage: t.referToRequired,
        },
        { type: "Input.Text", ...INPUTS.referNote, label: t.referNote, isMultiline: true },
        toggle(INPUTS.referWithReporter.id, p.withReporterLabel),
      ],
      "case.refer",
      c.id,
      lang,
    ),
    subForm(
      t.close,
      [
        {
          type: "Input.Text",
          ...INPUTS.closeReason,
          label: t.closeReason,
          isRequired: true,
          errorMessage: t.closeReasonRequired,
        },
        ...(c.playbook?.steps.some((step) => step.state === "open")
          ? [toggle(INPUTS.closeOverride.id, p.overrideLabel)]
          : []),
      ],
      "case.close",
      c.id,
      lang,
    ),
    subForm(
      t.override,
      [
        {
          type: "Input.ChoiceSet",
          id: INPUTS.overrideOutcome.id,
          label: t.overrideTo,
          choices: Object.entries(labels.outcome)
            .filter(([value]) => value !== "NONE")
            .map(([value, title]) => ({ title, value })),
          isRequired: true,
          errorMessage: t.overrideToRequired,
        },
        {
          type: "Input.Text",
          ...INPUTS.overrideReason,
          label: t.overrideReason,
          isRequired: true,
          errorMessage: t.overrideReasonRequired,
        },
      ],
      "case.override",
      c.id,
      lang,
    ),
    ...playbookActions(c, playbooks, lang),
  ];
}

/** Every ticked signal, strongest first, the ones that weigh most marked (nothing when there are none). */
export function signalLines(signals: readonly RankedSignal[], lang: Lang): CardElement[] {
  if (signals.length === 0) return [];
  const t = textsFor(lang).caseCard;
  const lines = signals.map((s) => `- ${s.label[lang]}${s.deciding ? ` (**${t.deciding}**)` : ""}`);
  return [{ ...textBlock(t.signalsTitle), weight: "Bolder" }, textBlock(lines.join("\n"))];
}

/** What the case card shows besides the case itself. */
export interface CaseCardContext {
  /** Labels and weights of the signals the card lists. */
  catalogue?: SignalCatalogue;
  /** The other reports about the case's place (case service `placeLinks`), for coordinators only. */
  links?: PlaceLinks;
  /** The follow-up playbooks, for the titles of the case's steps and the switch. */
  playbooks?: readonly Playbook[];
}

/** The coordinator channel card: everything the contact point needs, the status, Q&A and the actions by status. */
export function caseCard(c: CaseRecord, lang: Lang, context: CaseCardContext = {}): AdaptiveCard {
  const { catalogue, links } = context;
  const playbooks = context.playbooks ?? [];
  const { caseCard: t, caseLabels: labels } = textsFor(lang);
  const outcome = effectiveOutcome(c);
  const notGiven = t.notGiven;
  const body: CardElement[] = [
    band(headerStyle(c), [textBlock(`${c.number}${c.urgent ? ` · ${t.urgent}` : ""}`, "heading")]),
    textBlock(`**${t.advice}:** ${labels.outcome[outcome]}`),
    ...c.reasons.map((reason) => textBlock(`- ${reason}`)),
    ...signalLines(catalogue ? rankSignals(catalogue, c.signals) : [], lang),
  ];
  if (c.outcomeOverride) {
    const o = c.outcomeOverride;
    body.push(
      textBlock(
        fill(t.overridden, {
          by: o.by.name,
          outcome: labels.outcome[o.outcome],
          reason: o.reason,
        }),
        "subtle",
      ),
    );
  }
  body.push(
    textBlock(t.description, "heading"),
    textBlock(c.description),
    factSet([
      [t.place, c.place || notGiven],
      [t.seenAt, c.seenAt || notGiven],
      [t.reportedAt, formatTime(c.createdAt, lang)],
      [t.reporter, c.reporter.name],
      [t.department, departmentLabel(c.reporter.department, lang)],
      [t.contact, c.reporter.contact || notGiven],
    ]),
    ...placeLinkElements(links, lang),
    { ...textBlock(statusLine(c, lang)), weight: "Bolder" },
    ...playbookElements(c, playbooks, lang),
    ...c.referrals
      .filter((r) => r.note)
      .map((r) => textBlock(`${labels.referral[r.to]}: ${fill(t.referralNote, { note: r.note })}`, "subtle")),
  );
  if (c.questions.length > 0) {
    body.push(textBlock(t.questions, "heading"));
    for (const q of c.questions) {
      body.push(
        textBlock(fill(t.question, { by: q.askedBy.name, at: formatTime(q.askedAt, lang), text: q.text })),
      );
      body.push(
        q.answer !== undefined && q.answeredAt
          ? textBlock(fill(t.answer, { at: formatTime(q.answeredAt, lang), text: q.answer }))
          : textBlock(t.noAnswer, "subtle"),
      );
    }
  }
  return card(body, caseActions(c, lang, playbooks));
}

/** A status change the reporter hears about (the `change` of a reporter.status outbox item, or "received"). */
export type ReporterChange = "received" | "claimed" | "referred" | "closed";

/** The message the reporter gets in their chat for a status change of their case. */
export function reporterStatusText(c: CaseRecord, change: ReporterChange, lang: Lang): string {
  const { caseCard: t, caseLabels: labels } = textsFor(lang);
  const values = { number: c.number, by: c.claimedBy?.name ?? "", to: "" };
  switch (change) {
    case "received":
      return fill(t.reporterReceived, values);
    case "claimed":
      return fill(t.reporterClaimed, values);
    case "referred": {
      const last = c.referrals[c.referrals.length - 1];
      return fill(t.reporterReferred, {
        ...values,
        to: last ? labels.referral[last.to] : "",
      });
    }
    case "closed":
      return fill(t.reporterClosed, values);
  }
}

/** "Mijn meldingen": the reporter's cases, newest first, with number, date and status. */
export function myReportsCard(cases: readonly CaseRecord[], lang: Lang): AdaptiveCard {
  const t = textsFor(lang).caseCard;
  if (cases.length === 0) return card([textBlock(t.myReports, "heading"), textBlock(t.noReports)]);
  return card([
    textBlock(t.myReports, "heading"),
    factSet(
      cases.map((c) => [c.number, `${formatTime(c.createdAt, lang)} · ${t.status[c.status]}`] as const),
    ),
  ]);
}
