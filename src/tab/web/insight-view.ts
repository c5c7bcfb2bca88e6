/**
 * @module tab/web/insight-view
 * The anonymous statistics: a period (from / to month, the last 12 months by default), the median times, and per
 * table a bar chart with the table beside it. Suppressed counts show as "< 5" (the API's `minCell`) with a note
 * saying why. The CSV download is fetched with the token and handed to the browser as a Blob.
 */
import type { Chart } from "chart.js";
import type { TabContext, ViewOptions } from "./context.js";
import type { Insight, InsightTable } from "./contract.js";
import { focusHeading, h, replace, uid } from "./dom.js";
import { addMonths, bucketLabel, cellText, currentMonth, formatMonth, rowLabel } from "./format.js";
import { tableChart } from "./insight-chart.js";
import { notice, readError } from "./notice.js";
import { chartColours } from "./theme.js";
import { fill } from "./texts.js";

/** The period shown, and the last answer (so a theme change redraws without asking again). */
export interface InsightState {
  from: string;
  to: string;
  cached?: { from: string; to: string; insight: Insight };
}

/** The last 12 months up to and including the current one. */
export function initialInsightState(now: number): InsightState {
  const to = currentMonth(now);
  return { from: addMonths(to, -11), to };
}

let charts: Chart[] = [];

/** Destroys the charts of the previous render (Chart.js keeps listeners on each canvas). */
function dropCharts(): void {
  for (const chart of charts) chart.destroy();
  charts = [];
}

function monthInput(label: string, value: string): { wrap: HTMLElement; input: HTMLInputElement } {
  const id = uid("month");
  const input = h("input", {
    id,
    type: "month",
    class: "input",
    value,
    required: true,
    pattern: "\\d{4}-\\d{2}",
  });
  return { wrap: h("div", { class: "field" }, h("label", { for: id }, label), input), input };
}

function dataTable(table: InsightTable, title: string, insight: Insight, ctx: TabContext): HTMLElement {
  const { t, lang } = ctx;
  const cell = (c: InsightTable["rows"][number]["total"]) =>
    h("td", { class: c === "suppressed" ? "num suppressed" : "num" }, cellText(c, insight.minCell, t));
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": title },
    h(
      "table",
      { class: "data insight-table", "data-table": table.id },
      h("caption", { class: "visually-hidden" }, title),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, t.insight.rowHeads[table.id]),
          table.months.map((m) => {
            // Month over year on two lines keeps twelve months in view.
            const [name, year] = formatMonth(m, lang).split(" ");
            return h(
              "th",
              { scope: "col", class: "num month" },
              name,
              " ",
              h("span", { class: "year" }, year),
            );
          }),
          h("th", { scope: "col", class: "num" }, t.insight.total),
        ),
      ),
      h(
        "tbody",
        {},
        table.rows.map((row) =>
          h(
            "tr",
            { "data-key": row.key },
            h("th", { scope: "row" }, rowLabel(table.id, row.key, t, insight.labels)),
            row.cells.map(cell),
            cell(row.total),
          ),
        ),
      ),
      table.totals
        ? h(
            "tfoot",
            {},
            h(
              "tr",
              { "data-key": "total" },
              h("th", { scope: "row" }, t.insight.total),
              table.totals.cells.map(cell),
              cell(table.totals.total),
            ),
          )
        : undefined,
    ),
  );
}

/** Whether a chart of `table` would draw any bar (a chart of only hidden or zero counts says nothing). */
function hasBars(table: InsightTable): boolean {
  const values =
    table.id === "casesByOutcome" ? table.rows.flatMap((r) => r.cells) : table.rows.map((r) => r.total);
  return values.some((v) => typeof v === "number" && v > 0);
}

function report(insight: Insight, ctx: TabContext): HTMLElement[] {
  const { t, lang } = ctx;
  const min = String(insight.minCell);
  const median = (table: "claimHours" | "closeDays", bucket: string | undefined) => {
    const [known, unknown] =
      table === "claimHours"
        ? [t.insight.medianClaim, t.insight.medianClaimUnknown]
        : [t.insight.medianClose, t.insight.medianCloseUnknown];
    return h(
      "li",
      { "data-median": table },
      bucket ? fill(known, { bucket: bucketLabel(table, bucket, t) }) : unknown,
    );
  };
  const colours = chartColours(ctx.theme());
  return [
    h(
      "section",
      { class: "card medians" },
      h("h3", {}, t.insight.medians),
      h(
        "ul",
        { class: "plain" },
        median("claimHours", insight.medians.claimHours),
        median("closeDays", insight.medians.closeDays),
      ),
      h("p", { class: "hint suppression-note" }, fill(t.insight.suppressedNote, { min })),
    ),
    ...insight.tables.map((table) => {
      const title = t.insight.tables[table.id] ?? table.id;
      const content =
        table.rows.length === 0
          ? [h("p", { class: "muted" }, t.insight.empty)]
          : [
              hasBars(table)
                ? tableChart(table, title, insight, colours, lang, t, charts)
                : h("p", { class: "muted chart-hidden" }, fill(t.insight.chartHidden, { min })),
              dataTable(table, title, insight, ctx),
            ];
      return h(
        "section",
        { class: "card insight-card", "data-section": table.id },
        h("h3", {}, title),
        h("div", { class: "insight-grid" }, content),
      );
    }),
  ];
}

async function download(ctx: TabContext, from: string, to: string, status: HTMLElement): Promise<void> {
  const answer = await ctx.api.insightCsv(from, to);
  if (!answer.ok) {
    replace(status, notice("error", fill(ctx.t.insight.downloadFailed, { status: String(answer.status) })));
    return;
  }
  replace(status);
  const url = URL.createObjectURL(answer.value);
  const link = h("a", { href: url, download: `signaalwijzer-inzicht-${from}-${to}.csv`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Renders the insight view into `root` (focus to its heading when asked). */
export async function renderInsight(
  root: HTMLElement,
  ctx: TabContext,
  state: InsightState,
  options: ViewOptions = {},
): Promise<void> {
  const { t } = ctx;
  dropCharts();
  const heading = h("h2", { id: "insight-heading" }, t.insight.heading);
  const from = monthInput(t.insight.from, state.from);
  const to = monthInput(t.insight.to, state.to);
  const formStatus = h("div", { class: "form-status" });
  const body = h(
    "div",
    { class: "insight-body", "aria-busy": "true" },
    h("p", { class: "muted" }, t.loading),
  );
  const period = h(
    "form",
    { class: "filters period", "aria-label": t.insight.period, novalidate: true },
    from.wrap,
    to.wrap,
    h("fluent-button", { type: "submit", appearance: "primary" }, t.insight.show),
    h(
      "fluent-button",
      {
        type: "button",
        appearance: "secondary",
        class: "download",
        onclick: () => void download(ctx, state.from, state.to, formStatus),
      },
      t.insight.download,
    ),
  );
  period.addEventListener("submit", (event) => {
    event.preventDefault();
    const valid = /^\d{4}-\d{2}$/;
    if (!valid.test(from.input.value) || !valid.test(to.input.value) || from.input.value > to.input.value) {
      replace(formStatus, notice("error", t.insight.periodInvalid));
      from.input.focus();
      return;
    }
    state.from = from.input.value;
    state.to = to.input.value;
    void renderInsight(root, ctx, state, { signal: options.signal });
  });
  replace(
    root,
    h("div", { class: "view-head" }, heading),
    h("p", { class: "intro" }, fill(t.insight.intro, { min: String(state.cached?.insight.minCell ?? 5) })),
    period,
    formStatus,
    body,
  );
  if (options.focus) focusHeading(heading);
  const cached = state.cached;
  let insight: Insight;
  if (cached && cached.from === state.from && cached.to === state.to) insight = cached.insight;
  else {
    const answer = await ctx.api.insight(state.from, state.to);
    if (options.signal?.aborted) return;
    if (!answer.ok) {
      body.removeAttribute("aria-busy");
      replace(
        body,
        readError(answer.status, t, () => void renderInsight(root, ctx, state, options)),
      );
      return;
    }
    insight = answer.value;
    state.cached = { from: state.from, to: state.to, insight };
  }
  root.querySelector(".intro")!.textContent = fill(t.insight.intro, { min: String(insight.minCell) });
  body.removeAttribute("aria-busy");
  replace(body, ...report(insight, ctx));
}
