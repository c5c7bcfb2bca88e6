/**
 * @module tab/web/case-view
 * One case in full: advice and status, the follow-up playbook (playbook-view), every signal strongest first with
 * the deciding ones marked, the reasons, what was seen, the reporter, questions and answers, referrals with their
 * summaries (summary-view) and the audit trail, beside the action forms. Focus moves to the case number heading
 * when it opens; after an action it reloads and shows the outcome where the action was, and focus goes there.
 */
import { renderActions } from "./case-forms.js";
import type { Flash, TabContext, ViewOptions } from "./context.js";
import type { AuditLine, CaseDetail } from "./contract.js";
import { focusHeading, h, replace, type Child } from "./dom.js";
import { formatTime, waitingText } from "./format.js";
import { notice, readError } from "./notice.js";
import { placeLinksSection } from "./place-links-view.js";
import { playbookSection } from "./playbook-view.js";
import { summaryControl } from "./summary-view.js";
import { fill } from "./texts.js";

function section(title: string, ...children: Child[]): HTMLElement {
  return h("section", { class: "card" }, h("h3", {}, title), ...children);
}

function facts(rows: ReadonlyArray<readonly [string, Child]>): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    rows.map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value))),
  );
}

function given(text: string, notGiven: string): Child {
  return text.trim() ? text : h("span", { class: "muted" }, notGiven);
}

function signalsSection(c: CaseDetail, ctx: TabContext): HTMLElement {
  const { t, lang } = ctx;
  if (c.signals.length === 0)
    return section(t.detail.signals, h("p", { class: "muted" }, t.detail.noSignals));
  return section(
    t.detail.signals,
    h("p", { class: "muted" }, t.detail.signalsIntro),
    h(
      "ol",
      { class: "signals" },
      c.signals.map((s) =>
        h(
          "li",
          { class: s.deciding ? "signal deciding" : "signal", "data-signal": s.id },
          h("span", { class: "signal-label" }, s.label[lang]),
          h("span", { class: `chip strength-${s.strength}` }, t.detail.strength[s.strength]),
          s.deciding ? h("span", { class: "chip deciding-mark" }, t.detail.deciding) : undefined,
        ),
      ),
    ),
  );
}

function questionsSection(c: CaseDetail, ctx: TabContext): HTMLElement {
  const { t, lang } = ctx;
  if (c.questions.length === 0)
    return section(t.detail.questions, h("p", { class: "muted" }, t.detail.noQuestions));
  return section(
    t.detail.questions,
    h(
      "ol",
      { class: "qa" },
      c.questions.map((q) =>
        h(
          "li",
          {},
          h(
            "p",
            { class: "qa-meta" },
            fill(t.detail.asked, { by: q.askedBy, at: formatTime(q.askedAt, lang) }),
          ),
          h("blockquote", {}, q.text),
          q.answer !== undefined && q.answeredAt
            ? [
                h("p", { class: "qa-meta" }, fill(t.detail.answered, { at: formatTime(q.answeredAt, lang) })),
                h("blockquote", { class: "answer" }, q.answer),
              ]
            : h("p", { class: "muted" }, t.detail.noAnswer),
        ),
      ),
    ),
  );
}

function referralsSection(c: CaseDetail, ctx: TabContext): HTMLElement {
  const { t, lang } = ctx;
  if (c.referrals.length === 0)
    return section(t.detail.referrals, h("p", { class: "muted" }, t.detail.noReferrals));
  return section(
    t.detail.referrals,
    h(
      "ul",
      { class: "plain" },
      c.referrals.map((r) =>
        h(
          "li",
          {},
          h(
            "p",
            { class: "referral-line" },
            fill(t.detail.referral, { to: t.referral[r.to] ?? r.to, by: r.by, at: formatTime(r.at, lang) }),
            r.withReporter ? h("span", { class: "chip" }, t.detail.withReporter) : undefined,
          ),
          r.note ? h("blockquote", {}, r.note) : undefined,
          summaryControl(c, r.index, ctx),
        ),
      ),
    ),
  );
}

function auditSection(audit: readonly AuditLine[], ctx: TabContext): HTMLElement {
  const { t, lang } = ctx;
  const cols = t.detail.auditColumns;
  return section(
    t.detail.audit,
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "data audit" },
        h("caption", { class: "visually-hidden" }, t.detail.auditCaption),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            [cols.at, cols.actor, cols.action, cols.result].map((c) => h("th", { scope: "col" }, c)),
          ),
        ),
        h(
          "tbody",
          {},
          audit.map((a) =>
            h(
              "tr",
              {},
              h("td", {}, formatTime(a.at, lang)),
              h("td", {}, a.actor),
              h("td", {}, t.detail.actions[a.action] ?? a.action),
              h(
                "td",
                { class: a.allowed ? undefined : "refused" },
                a.allowed ? t.detail.allowed : t.detail.refused,
                // "ok" says nothing beyond "allowed"; other results say why nothing changed.
                a.result && a.result !== "ok" ? ` (${t.detail.results[a.result] ?? a.result})` : "",
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function header(c: CaseDetail, ctx: TabContext): HTMLElement[] {
  const { t, lang } = ctx;
  const heading = h("h2", { id: "case-heading" }, c.number);
  const lines: HTMLElement[] = [
    h(
      "div",
      { class: "case-title" },
      heading,
      h(
        "span",
        { class: `badge outcome outcome-${c.outcome}` },
        `${t.detail.advice}: ${t.outcome[c.outcome]}`,
      ),
      c.urgent ? h("span", { class: "badge urgent" }, t.detail.urgent) : undefined,
      h("span", { class: "badge status" }, `${t.detail.status}: ${t.status[c.status]}`),
    ),
    h(
      "p",
      { class: "case-meta" },
      fill(t.detail.reportedAt, { at: formatTime(c.createdAt, lang) }),
      " · ",
      c.claimedBy ? fill(t.detail.claimedBy, { name: c.claimedBy }) : t.detail.notClaimed,
      " · ",
      waitingText(c, ctx.now(), t),
    ),
  ];
  if (c.outcomeOverride) {
    const o = c.outcomeOverride;
    lines.push(
      h(
        "p",
        { class: "case-meta" },
        fill(t.detail.overridden, {
          by: o.by,
          at: formatTime(o.at, lang),
          outcome: t.outcome[o.outcome],
          reason: o.reason,
        }),
      ),
    );
  }
  if (c.closed) {
    lines.push(
      h(
        "p",
        { class: "case-meta" },
        fill(t.detail.closedBy, {
          by: c.closed.by,
          at: formatTime(c.closed.at, lang),
          reason: c.closed.reason,
        }),
      ),
    );
  }
  return lines;
}

/**
 * Renders case `id` into `root`. `flash` is the outcome of the action that caused this reload; focus goes to it,
 * otherwise (`focus`) to the heading.
 */
export async function renderCase(
  root: HTMLElement,
  ctx: TabContext,
  id: string,
  options: ViewOptions & { flash?: Flash } = {},
): Promise<void> {
  const { t } = ctx;
  const back = h(
    "fluent-button",
    { type: "button", appearance: "subtle", class: "back", onclick: () => (location.hash = "#/meldingen") },
    h("span", { "aria-hidden": "true", class: "back-arrow" }, "←"),
    t.detail.back,
  );
  if (!root.querySelector("#case-heading")) {
    replace(root, back, h("p", { class: "muted", "aria-busy": "true" }, t.loading));
  }
  const answer = await ctx.api.case(id);
  if (options.signal?.aborted) return;
  if (!answer.ok) {
    const text = answer.status === 404 ? notice("error", t.detail.notFound) : undefined;
    replace(root, back, text ?? readError(answer.status, t, () => void renderCase(root, ctx, id, options)));
    focusHeading(back);
    return;
  }
  const { case: c, audit, places } = answer.value;
  const reload = (flash: Flash) => renderCase(root, ctx, id, { flash, signal: options.signal });
  const playbook = playbookSection(c, ctx, reload, options.flash);
  // A message about a step is shown at the step; any other beside the action forms.
  const flash =
    playbook.flash ??
    (options.flash
      ? h("div", { class: "flash", tabindex: "-1" }, notice(options.flash.intent, options.flash.text))
      : undefined);
  const head = header(c, ctx);
  replace(
    root,
    back,
    h("div", { class: "view-head case-head" }, head),
    h(
      "div",
      { class: "case-grid" },
      h(
        "div",
        { class: "case-main" },
        playbook.section,
        signalsSection(c, ctx),
        section(
          t.detail.reasons,
          c.reasons.length
            ? h(
                "ul",
                { class: "reasons" },
                c.reasons.map((r) => h("li", {}, r)),
              )
            : h("p", { class: "muted" }, t.detail.noReasons),
        ),
        section(
          t.detail.facts,
          h("p", { class: "description" }, c.description),
          facts([
            [t.detail.place, given(c.place, t.detail.notGiven)],
            [t.detail.seenAt, given(c.seenAt, t.detail.notGiven)],
            [
              t.detail.forms,
              c.forms.length
                ? c.forms.map((f) => t.insight.forms[f] ?? f).join(", ")
                : t.insight.forms.unknown!,
            ],
          ]),
        ),
        section(
          t.detail.reporter,
          facts([
            [t.detail.reporterName, c.reporter.name],
            [t.detail.department, t.department[c.reporter.department] ?? c.reporter.department],
            [t.detail.contact, given(c.reporter.contact, t.detail.notGiven)],
          ]),
        ),
        placeLinksSection(places, ctx),
        questionsSection(c, ctx),
        referralsSection(c, ctx),
        auditSection(audit, ctx),
      ),
      h(
        "aside",
        { class: "case-side", "aria-labelledby": "actions-heading" },
        playbook.flash ? undefined : flash,
        renderActions(c, ctx, reload),
      ),
    ),
  );
  if (flash) flash.focus();
  else if (options.focus) focusHeading(head[0]!.querySelector("h2")!);
}
