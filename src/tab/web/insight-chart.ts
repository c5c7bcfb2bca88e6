/**
 * @module tab/web/insight-chart
 * The bar chart beside each statistics table (Chart.js, only the parts a bar chart needs): the row totals, or for
 * cases by advice one stacked bar per month. A suppressed number draws no bar and its label says "< 5", so the
 * chart never shows more than the table. The canvas is an image with a name; the table is its text alternative.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import type { Cell, Insight, InsightTable } from "./contract.js";
import { h } from "./dom.js";
import { cellText, formatMonth, rowLabel } from "./format.js";
import type { ChartColours } from "./theme.js";
import { fill, type Lang, type TabTexts } from "./texts.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const MAX_LABEL = 24;
const value = (cell: Cell): number | null => (cell === "suppressed" ? null : cell);

/** Draws the chart of `table` into a new figure; `charts` collects the instance so it can be destroyed. */
export function tableChart(
  table: InsightTable,
  title: string,
  insight: Pick<Insight, "minCell" | "labels">,
  colours: ChartColours,
  lang: Lang,
  t: TabTexts,
  charts: Chart[],
): HTMLElement {
  const canvas = h("canvas", { role: "img", "aria-label": fill(t.insight.chartLabel, { title }) });
  const box = h("div", { class: "chart-box" }, canvas);
  const perMonth = table.id === "casesByOutcome";
  // The chart's axis has little room: long names are shortened there (the table beside it has them in full).
  const short = (text: string) =>
    text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1).trimEnd()}…` : text;
  const label = (key: string, total: Cell) =>
    total === "suppressed"
      ? `${short(rowLabel(table.id, key, t, insight.labels))} (${cellText(total, insight.minCell, t)})`
      : short(rowLabel(table.id, key, t, insight.labels));
  const data = perMonth
    ? {
        labels: table.months.map((m) => formatMonth(m, lang)),
        datasets: table.rows.map((row, i) => ({
          label: label(row.key, row.total),
          data: row.cells.map(value),
          backgroundColor: colours.bars[i % colours.bars.length],
          stack: "outcome",
        })),
      }
    : {
        labels: table.rows.map((row) => label(row.key, row.total)),
        datasets: [
          {
            label: t.insight.total,
            data: table.rows.map((row) => value(row.total)),
            backgroundColor: colours.bars[0],
          },
        ],
      };
  // Horizontal bars for the totals, so long labels (signals, departments) stay readable; one row is ~2rem.
  if (!perMonth) box.style.height = `${Math.max(8, table.rows.length * 2 + 3)}rem`;
  const axis = { ticks: { color: colours.text, precision: 0 }, grid: { color: colours.grid } };
  charts.push(
    new Chart(canvas, {
      type: "bar",
      data,
      options: {
        indexAxis: perMonth ? "x" : "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: perMonth, labels: { color: colours.text } },
          tooltip: { enabled: true },
        },
        scales: {
          x: { ...axis, stacked: perMonth, beginAtZero: true },
          y: { ...axis, stacked: perMonth, beginAtZero: true },
        },
      },
    }),
  );
  return h(
    "figure",
    { class: "chart" },
    box,
    h("figcaption", { class: "hint" }, perMonth ? t.insight.chartPerMonth : t.insight.chartTotals),
  );
}
