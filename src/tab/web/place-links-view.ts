/**
 * @module tab/web/place-links-view
 * The case detail's section on other reports about the same address: the cluster hint (said to be only a hint),
 * the earlier and later reports with number, date, advice, department and status (each a link to that case),
 * and the timelines of this case and the most recent linked ones side by side, one column per case, one row
 * per step in time order.
 */
import type { TabContext } from "./context.js";
import type { LinkedCaseView, PlaceEvent, PlaceLinksView } from "./contract.js";
import { h } from "./dom.js";
import { formatTime } from "./format.js";
import { notice } from "./notice.js";
import { fill } from "./texts.js";

function eventText(e: PlaceEvent, ctx: TabContext): string {
  const t = ctx.t.places.events;
  return e.kind === "referred"
    ? fill(t.referred, { to: e.to ? (ctx.t.referral[e.to] ?? e.to) : "" })
    : t[e.kind];
}

function caseList(title: string, cases: readonly LinkedCaseView[], ctx: TabContext): HTMLElement[] {
  if (cases.length === 0) return [];
  const { t, lang } = ctx;
  return [
    h("h4", {}, title),
    h(
      "ul",
      { class: "plain place-links" },
      // Newest first: the latest report is what a coordinator looks for first.
      [...cases].reverse().map((c) =>
        h(
          "li",
          { "data-linked": c.number },
          h("a", { href: `#/melding/${encodeURIComponent(c.id)}` }, c.number),
          ` · ${fill(t.places.item, {
            date: formatTime(c.createdAt, lang),
            outcome: t.outcome[c.outcome],
            department: t.department[c.department] ?? c.department,
            status: t.status[c.status],
          })}`,
        ),
      ),
    ),
  ];
}

function timeline(places: Extract<PlaceLinksView, { usable: true }>, ctx: TabContext): HTMLElement {
  const { t, lang } = ctx;
  const columns = places.timeline;
  const rows = columns
    .flatMap((col, i) => col.events.map((e) => ({ e, i })))
    .sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.i - b.i);
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t.places.timeline },
    h(
      "table",
      { class: "data place-timeline" },
      h("caption", { class: "visually-hidden" }, t.places.timelineCaption),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, t.places.timelineWhen),
          columns.map((c) =>
            h("th", { scope: "col" }, c.current ? fill(t.places.thisCase, { number: c.number }) : c.number),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map(({ e, i }) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, formatTime(e.at, lang)),
            columns.map((_, j) => h("td", {}, j === i ? eventText(e, ctx) : "")),
          ),
        ),
      ),
    ),
  );
}

/** The section, or nothing when the server sent no place links (an older server). */
export function placeLinksSection(
  places: PlaceLinksView | undefined,
  ctx: TabContext,
): HTMLElement | undefined {
  if (!places) return undefined;
  const { t } = ctx;
  const body: Array<HTMLElement | undefined> = [];
  if (!places.usable) {
    body.push(h("p", { class: "muted" }, t.places.noPlace));
  } else if (places.earlier.length + places.later.length === 0) {
    body.push(h("p", { class: "muted" }, t.places.none));
  } else {
    body.push(
      places.cluster
        ? notice(
            "info",
            h(
              "span",
              { "data-cluster": "true" },
              h(
                "strong",
                {},
                fill(t.places.cluster, {
                  reports: String(places.cluster.reports),
                  departments: String(places.cluster.departments),
                  months: String(places.cluster.months),
                }),
              ),
              ` ${t.places.clusterNote}`,
            ),
          )
        : undefined,
      ...caseList(t.places.heading, places.earlier, ctx),
      ...caseList(t.places.later, places.later, ctx),
      h("h4", {}, t.places.timeline),
      timeline(places, ctx),
    );
  }
  return h("section", { class: "card", "data-section": "places" }, h("h3", {}, t.places.heading), ...body);
}
