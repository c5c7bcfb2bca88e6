/**
 * @module tab/web/summary-view
 * The summary of one referral for the partner: a "Samenvatting" button that fetches it (the server audits every
 * fetch) and shows its text in a read-only box, with "Kopiëren" and "Afdrukken". Printing prints the summary
 * alone: a printable copy under `body` that the print stylesheet shows instead of the page.
 */
import type { TabContext } from "./context.js";
import type { CaseDetail, ReferralSummary } from "./contract.js";
import { h, replace, uid } from "./dom.js";
import { notice, readError } from "./notice.js";

/** The longest the read-only box grows (in lines) before it scrolls. */
const MAX_ROWS = 20;

/** Copies `text`: the Clipboard API, or the selected box where that is refused (an iframe without permission). */
async function copyText(text: string, box: HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    box.focus();
    box.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
}

/**
 * Prints `summary` alone: a printable copy goes directly under `body`, which the print stylesheet then shows
 * instead of the page; it is removed once the print dialog is done (or at the next print).
 */
function printOnly(summary: ReferralSummary): void {
  document.querySelector(".print-root")?.remove();
  const copy = printable(summary);
  document.body.append(copy);
  document.body.classList.add("printing-summary");
  window.addEventListener(
    "afterprint",
    () => {
      copy.remove();
      document.body.classList.remove("printing-summary");
    },
    { once: true },
  );
  window.print();
}

/** The summary as it is printed: title, introduction, the lines as a list of terms, and the sender. */
function printable(summary: ReferralSummary): HTMLElement {
  return h(
    "div",
    { class: "print-root" },
    h("h2", {}, summary.title),
    h("p", {}, summary.intro),
    h(
      "dl",
      { class: "facts" },
      summary.lines.map((l) => h("div", {}, h("dt", {}, l.label), h("dd", {}, l.value))),
    ),
    h("p", {}, summary.sender),
  );
}

function summaryPanel(summary: ReferralSummary, ctx: TabContext): HTMLElement {
  const { t } = ctx;
  const boxId = uid("summary");
  const box = h("textarea", {
    id: boxId,
    class: "summary-text",
    readonly: true,
    rows: Math.min(MAX_ROWS, summary.text.split("\n").length + 1),
  });
  box.value = summary.text;
  const status = h("div", { class: "form-status", role: "status" });
  const panel: HTMLElement = h(
    "div",
    { class: "summary-panel" },
    h("label", { for: boxId, class: "summary-label" }, t.summary.label),
    box,
    h("p", { class: "hint" }, t.summary.audited),
    h(
      "div",
      { class: "form-buttons" },
      h(
        "fluent-button",
        {
          type: "button",
          appearance: "primary",
          "data-summary": "copy",
          onclick: () =>
            void copyText(summary.text, box).then((ok) =>
              replace(status, notice(ok ? "success" : "error", ok ? t.summary.copied : t.summary.copyFailed)),
            ),
        },
        t.summary.copy,
      ),
      h(
        "fluent-button",
        {
          type: "button",
          appearance: "secondary",
          "data-summary": "print",
          onclick: () => printOnly(summary),
        },
        t.summary.print,
      ),
    ),
    status,
  );
  return panel;
}

/**
 * The "Samenvatting" control of referral `index` of case `c`: a toggle button and the panel it opens. The
 * summary is fetched each time it opens, so the audit trail shows each look at it.
 */
export function summaryControl(c: CaseDetail, index: number, ctx: TabContext): HTMLElement {
  const { t } = ctx;
  const slotId = uid("summary-slot");
  const slot = h("div", { id: slotId, class: "summary-slot" });
  let loading = false;
  const toggle: HTMLElement = h(
    "fluent-button",
    {
      type: "button",
      appearance: "secondary",
      "data-summary": "toggle",
      // The explicit role lets checkers that do not read ElementInternals accept aria-expanded on it.
      role: "button",
      "aria-expanded": "false",
      "aria-controls": slotId,
      onclick: () => void show(),
    },
    t.summary.show,
  );
  const show = async () => {
    if (loading) return;
    if (toggle.getAttribute("aria-expanded") === "true") {
      replace(slot);
      toggle.setAttribute("aria-expanded", "false");
      toggle.textContent = t.summary.show;
      return;
    }
    loading = true;
    replace(slot, h("p", { class: "muted", "aria-busy": "true" }, t.loading));
    const answer = await ctx.api.referralSummary(c.id, index, ctx.lang);
    loading = false;
    if (!answer.ok) {
      replace(
        slot,
        readError(answer.status, t, () => void show()),
      );
      return;
    }
    const panel = summaryPanel(answer.value, ctx);
    replace(slot, panel);
    toggle.setAttribute("aria-expanded", "true");
    toggle.textContent = t.summary.hide;
    panel.querySelector("textarea")?.focus();
  };
  return h("div", { class: "summary-control", "data-referral": String(index) }, toggle, slot);
}
