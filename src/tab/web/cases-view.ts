/**
 * @module tab/web/cases-view
 * The case list: open cases by default, filters (open / closed / all from the server, advice and status in the
 * browser) and a table sortable by every column through buttons in the column headers (`aria-sort` on the sorted
 * one). Each case number is a link to its detail view.
 */
import {
  COLUMNS,
  OUTCOMES,
  STATUSES,
  visibleCases,
  type Column,
  type Filters,
  type Sort,
} from "./case-list.js";
import type { TabContext, ViewOptions } from "./context.js";
import type { CaseStatus, CaseSummary, Outcome } from "./contract.js";
import { focusHeading, h, replace, uid } from "./dom.js";
import { waitingText } from "./format.js";
import { readError } from "./notice.js";
import { fill } from "./texts.js";

/** Which cases the server sends. */
export type CaseView = "open" | "closed" | "all";

/** The list's settings; kept while the user looks at a case, so "back" returns to the same list. */
export interface CasesState {
  view: CaseView;
  filters: Filters;
  sort: Sort;
}

/** The list as it opens first: open cases, longest waiting first. */
export function initialCasesState(): CasesState {
  return { view: "open", filters: {}, sort: { column: "waiting", direction: "descending" } };
}

/** A labelled native select (Fluent v3 has no select; this one is styled with the same tokens). */
function select<V extends string>(
  label: string,
  options: ReadonlyArray<readonly [V | "", string]>,
  value: V | "",
  onChange: (value: V | "") => void,
): HTMLElement {
  const id = uid("filter");
  const el = h(
    "select",
    { id, class: "select", onchange: () => onChange(el.value as V | "") },
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
  );
  return h("div", { class: "field" }, h("label", { for: id }, label), el);
}

/** Renders the case list into `root` (focus to its heading when asked, e.g. after "back" from a case). */
export async function renderCases(
  root: HTMLElement,
  ctx: TabContext,
  state: CasesState,
  options: ViewOptions = {},
): Promise<void> {
  const { t } = ctx;
  const heading = h("h2", { id: "cases-heading" }, t.cases.heading);
  const body = h("div", { class: "cases-body", "aria-busy": "true" }, h("p", { class: "muted" }, t.loading));
  const reload = () => void renderCases(root, ctx, state, { signal: options.signal });
  const filters = h(
    "form",
    { class: "filters", "aria-label": t.cases.filters, onsubmit: (e) => e.preventDefault() },
    select<CaseView>(
      t.cases.view,
      (["open", "closed", "all"] as const).map((v) => [v, t.cases.views[v]] as const),
      state.view,
      (v) => {
        state.view = (v || "open") as CaseView;
        reload();
      },
    ),
    select<Outcome>(
      t.cases.advice,
      [["", t.cases.any], ...OUTCOMES.map((o) => [o, t.outcome[o]] as const)],
      state.filters.outcome ?? "",
      (v) => {
        state.filters.outcome = v || undefined;
        drawTable();
      },
    ),
    select<CaseStatus>(
      t.cases.status,
      [["", t.cases.any], ...STATUSES.map((s) => [s, t.status[s]] as const)],
      state.filters.status ?? "",
      (v) => {
        state.filters.status = v || undefined;
        drawTable();
      },
    ),
    h(
      "fluent-button",
      { type: "button", appearance: "secondary", class: "refresh", onclick: reload },
      t.cases.refresh,
    ),
  );
  replace(root, h("div", { class: "view-head" }, heading), filters, body);
  if (options.focus) focusHeading(heading);

  let cases: CaseSummary[] = [];
  function drawTable(): void {
    const label = (column: "claimedBy" | "department", c: CaseSummary) =>
      column === "claimedBy" ? (c.claimedBy ?? "") : (t.department[c.department] ?? c.department);
    const rows = visibleCases(cases, state.filters, state.sort, label);
    const count = h(
      "p",
      { class: "count", role: "status" },
      fill(t.cases.count, { shown: String(rows.length), total: String(cases.length) }),
    );
    if (rows.length === 0) {
      replace(body, count, h("p", { class: "empty" }, t.cases.none));
      return;
    }
    const now = ctx.now();
    const header = (column: Column) => {
      const sorted = state.sort.column === column;
      const name = t.cases.columns[column];
      return h(
        "th",
        { scope: "col", "aria-sort": sorted ? state.sort.direction : undefined },
        h(
          "button",
          {
            type: "button",
            class: "sort",
            "data-column": column,
            onclick: () => {
              state.sort = {
                column,
                direction: sorted && state.sort.direction === "ascending" ? "descending" : "ascending",
              };
              drawTable();
              body.querySelector<HTMLButtonElement>(`button[data-column="${column}"]`)?.focus();
            },
          },
          name,
          h(
            "span",
            { class: "sort-mark", "aria-hidden": "true" },
            sorted ? (state.sort.direction === "ascending" ? "▲" : "▼") : "↕",
          ),
        ),
      );
    };
    const cell = (c: CaseSummary, column: Column): HTMLElement => {
      switch (column) {
        case "number":
          return h(
            "th",
            { scope: "row" },
            h("a", { href: `#/melding/${encodeURIComponent(c.id)}` }, c.number),
          );
        case "outcome":
          return h(
            "td",
            {},
            h("span", { class: `badge outcome outcome-${c.outcome}` }, t.outcome[c.outcome]),
          );
        case "urgent":
          return h(
            "td",
            {},
            c.urgent
              ? h("span", { class: "badge urgent" }, t.cases.urgentYes)
              : h("span", { class: "muted" }, t.cases.urgentNo),
          );
        case "waiting":
          return h("td", { class: c.overdue ? "overdue" : undefined }, waitingText(c, now, t));
        case "claimedBy":
          return h("td", {}, c.claimedBy ?? h("span", { class: "muted" }, t.cases.nobody));
        case "status":
          return h("td", {}, t.status[c.status]);
        case "department":
          return h("td", {}, t.department[c.department] ?? c.department);
      }
    };
    const table = h(
      "table",
      { class: "data cases-table" },
      h("caption", { class: "visually-hidden" }, t.cases.caption),
      h("thead", {}, h("tr", {}, COLUMNS.map(header))),
      h(
        "tbody",
        {},
        rows.map((c) =>
          h(
            "tr",
            { "data-case": c.number },
            COLUMNS.map((column) => cell(c, column)),
          ),
        ),
      ),
    );
    replace(body, count, h("div", { class: "table-scroll" }, table));
  }

  const answer = await ctx.api.cases(state.view);
  if (options.signal?.aborted) return;
  body.removeAttribute("aria-busy");
  if (!answer.ok) {
    replace(body, readError(answer.status, t, reload));
    return;
  }
  cases = answer.value.cases;
  drawTable();
}
