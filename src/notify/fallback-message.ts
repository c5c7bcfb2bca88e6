/**
 * @module notify/fallback-message
 * The minimal, redacted message the fallback channels (e-mail, webhook) send: case number, urgency, outcome,
 * place (redacted) and "bekijk de melding in Teams". Never the description, names or contact details, because
 * e-mail and webhooks leave the protected case environment.
 */
import { effectiveOutcome, type CaseRecord } from "../cases/case-schema.js";
import { redact } from "../privacy/redact.js";
import type { OutboxEvent, OutboxItem } from "./outbox-schema.js";

/** Fallback texts, Dutch first, English second. */
export const FALLBACK_TEXTS = {
  events: {
    "case.created": { nl: "Nieuwe melding mensenhandel", en: "New human trafficking report" },
    "case.updated": { nl: "Melding gewijzigd", en: "Report updated" },
    "case.reminder": {
      nl: "Herinnering: deze melding is nog niet opgepakt",
      en: "Reminder: this report has not been picked up yet",
    },
    "case.answered": { nl: "De melder heeft een vraag beantwoord", en: "The reporter answered a question" },
    "reporter.status": {
      nl: "Een statusbericht aan de melder kon niet worden bezorgd",
      en: "A status message to the reporter could not be delivered",
    },
    "reporter.question": {
      nl: "Een vraag aan de melder kon niet worden bezorgd",
      en: "A question to the reporter could not be delivered",
    },
  } satisfies Record<OutboxEvent, { nl: string; en: string }>,
  teamsFailed: {
    nl: "Dit bericht kon niet in Teams worden bezorgd.",
    en: "This message could not be delivered in Teams.",
  },
  urgent: { nl: "SPOED", en: "URGENT" },
  normal: { nl: "normaal", en: "normal" },
  labels: {
    number: { nl: "Melding", en: "Report" },
    urgency: { nl: "Urgentie", en: "Urgency" },
    outcome: { nl: "Advies", en: "Advice" },
    place: { nl: "Plaats", en: "Place" },
  },
  seeTeams: { nl: "Bekijk de melding in Teams.", en: "View the report in Teams." },
  noPlace: { nl: "(niet opgegeven)", en: "(not given)" },
} as const;

/** The fields a fallback channel sends; every free-text field is redacted. */
export interface FallbackMessage {
  caseNumber: string;
  event: OutboxEvent;
  urgent: boolean;
  outcome: string;
  place: string;
  teamsFailed: boolean;
  subject: string;
  text: string;
}

/** Builds the fallback message for `item` about `record`. */
export function fallbackMessage(item: OutboxItem, record: CaseRecord): FallbackMessage {
  const t = FALLBACK_TEXTS;
  const outcome = effectiveOutcome(record);
  const place = redact(record.place) || t.noPlace.nl;
  const teamsFailed = item.payload.failedTarget !== undefined;
  const urgency = (lang: "nl" | "en") => (record.urgent ? t.urgent[lang] : t.normal[lang]);
  const block = (lang: "nl" | "en") =>
    [
      t.events[item.event][lang],
      ...(teamsFailed ? [t.teamsFailed[lang]] : []),
      `${t.labels.number[lang]}: ${record.number}`,
      `${t.labels.urgency[lang]}: ${urgency(lang)}`,
      `${t.labels.outcome[lang]}: ${outcome}`,
      `${t.labels.place[lang]}: ${lang === "nl" ? place : redact(record.place) || t.noPlace.en}`,
      t.seeTeams[lang],
    ].join("\n");
  const subject = redact(
    `Signaalwijzer ${record.number}: ${record.urgent ? `${t.urgent.nl} ` : ""}${outcome} (${t.events[item.event].nl})`,
  );
  return {
    caseNumber: record.number,
    event: item.event,
    urgent: record.urgent,
    outcome,
    place: redact(record.place),
    teamsFailed,
    subject,
    text: `${block("nl")}\n\n${block("en")}\n`,
  };
}
