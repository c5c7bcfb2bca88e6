/**
 * @module cases/referral-summary
 * The summary a coordinator passes to a partner with a referral: only what that partner needs to act (the case
 * number, when it was reported, the advice and its signals, the place, what was seen, the coordinator's note).
 * The reporter's name, department and contact are left out unless the coordinator chose to include them when
 * referring. Pure: case in, lines and a copyable plain text out; the tab shows it for copying or printing.
 */
import { fill, textsFor, type Lang } from "../i18n/index.js";
import { effectiveOutcome, type CaseRecord, type Referral } from "./case-schema.js";

/** How to reach a partner, from the municipality settings. */
export interface PartnerRoute {
  naam: string;
  route: string;
}

/** One line of the summary: a label and its value. */
export interface SummaryLine {
  label: string;
  value: string;
}

/** A referral summary: its title, an introduction, its lines, and all of it as plain text. */
export interface ReferralSummary {
  title: string;
  intro: string;
  lines: SummaryLine[];
  sender: string;
  text: string;
}

const dateTime = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", {
    timeZone: "Europe/Amsterdam",
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));

/**
 * The summary of `referral` of `record`. `signalLabel` names a signal id (the catalogue's label); `partner` is the
 * partner's route from the settings (absent: only the partner's name is shown); `contactPoint` names the
 * municipality's contact point as the sender.
 */
export function referralSummary(
  record: CaseRecord,
  referral: Referral,
  options: {
    lang: Lang;
    signalLabel: (id: string) => string;
    partner?: PartnerRoute;
    contactPoint: string;
  },
): ReferralSummary {
  const { lang } = options;
  const all = textsFor(lang);
  const t = all.playbook;
  const departments: Readonly<Record<string, string>> = all.caseLabels.department;
  const departmentName = (d: string) => departments[d] ?? d;
  const partnerName = options.partner?.naam ?? all.caseLabels.referral[referral.to];
  const notGiven = all.caseCard.notGiven;
  const lines: SummaryLine[] = [
    ...(options.partner ? [{ label: t.route, value: options.partner.route }] : []),
    { label: t.reportedAt, value: dateTime(record.createdAt, lang) },
    { label: t.advice, value: all.caseLabels.outcome[effectiveOutcome(record)] },
    ...((record.forms ?? []).length > 0
      ? [{ label: t.forms, value: (record.forms ?? []).map((f) => t.formNames[f]).join(", ") }]
      : []),
    ...(record.signals.length > 0
      ? [{ label: t.signals, value: record.signals.map(options.signalLabel).join("; ") }]
      : []),
    { label: t.place, value: record.place || notGiven },
    { label: t.seenAt, value: record.seenAt || notGiven },
    { label: t.description, value: record.description },
    ...(referral.note ? [{ label: t.note, value: referral.note }] : []),
    {
      label: t.reporter,
      value: referral.withReporter
        ? [record.reporter.name, departmentName(record.reporter.department), record.reporter.contact]
            .filter((v) => v)
            .join(", ")
        : t.noReporter,
    },
  ];
  const title = fill(t.summaryTitle, { number: record.number, partner: partnerName });
  const intro = fill(t.summaryIntro, { partner: partnerName });
  const sender = fill(t.sender, {
    name: referral.by.name,
    contactPoint: options.contactPoint,
    at: dateTime(referral.at, lang),
  });
  const text = [title, "", intro, "", ...lines.map((l) => `${l.label}: ${l.value}`), "", sender].join("\n");
  return { title, intro, lines, sender, text };
}
