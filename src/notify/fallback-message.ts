/**
 * @module notify/fallback-message
 * The minimal, redacted message the fallback channels (e-mail, webhook) send: case number, urgency, outcome,
 * place (redacted) and "bekijk de melding in Teams". Never the description, names or contact details, because
 * e-mail and webhooks leave the protected case environment.
 */
import { effectiveOutcome, type CaseRecord } from "../cases/case-schema.js";
import { textsFor, type Lang } from "../i18n/index.js";
import { redact } from "../privacy/redact.js";
import type { OutboxEvent, OutboxItem } from "./outbox-schema.js";

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
  const outcome = effectiveOutcome(record);
  const teamsFailed = item.payload.failedTarget !== undefined;
  // The case card's words where the message says the same (urgent, advice, place, not given).
  const block = (lang: Lang) => {
    const { fallback: t, caseCard: labels } = textsFor(lang);
    return [
      t.events[item.event],
      ...(teamsFailed ? [t.teamsFailed] : []),
      `${t.number}: ${record.number}`,
      `${t.urgency}: ${record.urgent ? labels.urgent : t.normal}`,
      `${labels.advice}: ${outcome}`,
      `${labels.place}: ${redact(record.place) || labels.notGiven}`,
      t.seeTeams,
    ].join("\n");
  };
  const nl = textsFor("nl");
  const subject = redact(
    `Signaalwijzer ${record.number}: ${record.urgent ? `${nl.caseCard.urgent} ` : ""}${outcome} (${nl.fallback.events[item.event]})`,
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
