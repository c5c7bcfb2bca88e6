/**
 * @module bot/cards/place-cards
 * The part of the coordinators' case card that brings reports about one place together: the cluster hint in a
 * band ("3 meldingen uit 2 afdelingen in 6 maanden", always said to be only a hint), then the earlier and the
 * later reports about the same address with number, date, advice, department and status. Only the case card
 * uses it: a reporter's receipt and "mijn meldingen" never show other cases. Pure: links in, card elements out.
 */
import type { LinkedCase, PlaceLinks } from "../../cases/place-links.js";
import { fill, textsFor, type Lang } from "../../i18n/index.js";
import { band, textBlock, type CardElement } from "./adaptive.js";

/** At most this many cases are listed on each side; the tab shows them all. */
const MAX_LISTED = 8;

function dateOf(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", {
    timeZone: "Europe/Amsterdam",
    dateStyle: "medium",
  }).format(new Date(iso));
}

function listed(title: string, cases: readonly LinkedCase[], lang: Lang): CardElement[] {
  if (cases.length === 0) return [];
  const all = textsFor(lang);
  const t = all.placeLinks;
  const departments: Readonly<Record<string, string>> = all.caseLabels.department;
  // Newest first, as the reader looks for the latest report first.
  const shown = [...cases].reverse().slice(0, MAX_LISTED);
  const lines = shown.map(
    (c) =>
      `- ${fill(t.item, {
        number: c.number,
        date: dateOf(c.createdAt, lang),
        outcome: all.caseLabels.outcome[c.outcome],
        department: departments[c.department] ?? c.department,
        status: all.caseCard.status[c.status],
      })}`,
  );
  if (cases.length > shown.length) lines.push(fill(t.more, { count: String(cases.length - shown.length) }));
  return [{ ...textBlock(title), weight: "Bolder" }, textBlock(lines.join("\n"))];
}

/** The card elements for `links`; nothing when the case has no other reports about its place. */
export function placeLinkElements(links: PlaceLinks | undefined, lang: Lang): CardElement[] {
  if (!links) return [];
  const t = textsFor(lang).placeLinks;
  const hint = links.cluster
    ? [
        band("warning", [
          {
            ...textBlock(
              fill(t.cluster, {
                reports: String(links.cluster.reports),
                departments: String(links.cluster.departments),
                months: String(links.cluster.months),
              }),
            ),
            weight: "Bolder",
          },
          textBlock(t.clusterNote, "subtle"),
        ]),
      ]
    : [];
  return [...hint, ...listed(t.earlier, links.earlier, lang), ...listed(t.later, links.later, lang)];
}
