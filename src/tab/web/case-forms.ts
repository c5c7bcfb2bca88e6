/**
 * @module tab/web/case-forms
 * The actions on a case as forms: claim, ask the reporter, refer (optionally passing the reporter's details on
 * in the referral summary), close (while playbook steps are open: listing them, with an explicit "close anyway")
 * and change the advice. Each field has a label and its own error message; the form checks required fields and
 * lengths before sending and shows every answer of the API: success, and "taken by someone else" or "closed",
 * after reloading the case as it is now; invalid, steps still open, forbidden, not found or no connection in the
 * form itself. What the user typed is kept per case and field until its action succeeds (form-fields).
 */
import type { ActionResult } from "./api.js";
import type { Flash, TabContext } from "./context.js";
import type { ActionBodies, CaseDetail, OverrideOutcome, ReferralTarget } from "./contract.js";
import { h, replace, uid } from "./dom.js";
import {
  check,
  checkbox,
  choice,
  failureText,
  forgetDrafts,
  lengthError,
  requiredText,
  stepTitle,
  textArea,
  type Field,
} from "./form-fields.js";
import { TEXT_LIMITS } from "./format.js";
import { notice } from "./notice.js";
import { fill } from "./texts.js";

const REFERRAL_TARGETS: readonly ReferralTarget[] = [
  "politie",
  "arbeidsinspectie",
  "veilig-thuis",
  "zorgcoordinator",
  "comensha",
  "riec",
  "zorg-en-veiligheidshuis",
];
const OVERRIDE_OUTCOMES: readonly OverrideOutcome[] = ["ACUTE", "ESCALATE", "CONSULT", "MONITOR"];

/** The answers after which the case is shown again as it is now: it changed under the user's hands. */
const RELOADING = new Set(["already_claimed", "closed", "no_step"]);

/** One action form: its fields, how its body is built, and what it says when done. */
export interface FormSpec<A extends keyof ActionBodies> {
  action: A;
  title: string;
  /** Shown under the title: a sentence, or elements (a list of open steps). */
  intro?: string | HTMLElement;
  fields: Field[];
  /** Further controls after the fields (a checkbox). */
  extra?: HTMLElement[];
  /** Checks the fields (showing each error) and builds the body, or undefined when something is wrong. */
  body: () => ActionBodies[A] | undefined;
  done: string;
  /** The submit button's text (default "Versturen"). */
  submit?: string;
  /** After a refusal shown in the form: where focus goes next (nothing: it stays). */
  afterRefusal?: (result: Exclude<ActionResult, { status: "ok" }>) => HTMLElement | undefined;
}

/**
 * A form for `spec.action` of case `c`. Success reloads the case with a message; an answer saying the case
 * changed reloads it as it is now; any other refusal is shown in the form, which keeps what was typed.
 */
export function actionForm<A extends keyof ActionBodies>(
  c: CaseDetail,
  ctx: TabContext,
  spec: FormSpec<A>,
  reload: (flash: Flash) => Promise<void>,
): HTMLElement {
  const { t, lang } = ctx;
  const titleId = uid("form-title");
  const status = h("div", { class: "form-status" });
  const label = spec.submit ?? (spec.action === "claim" ? t.act.claim : t.act.send);
  const submit = h(
    "fluent-button",
    { type: "submit", appearance: "primary", "data-action": spec.action },
    label,
  );
  const form = h(
    "form",
    { class: `action-form form-${spec.action}`, novalidate: true, "aria-labelledby": titleId },
    h("h4", { id: titleId }, spec.title),
    typeof spec.intro === "string" ? h("p", { class: "hint" }, spec.intro) : spec.intro,
    spec.fields.map((f) => f.wrap),
    spec.extra,
    status,
    h("div", { class: "form-buttons" }, submit),
  );
  let busy = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return;
    replace(status);
    const body = spec.body();
    if (!body) {
      spec.fields.find((f) => !f.error.hidden)?.control.focus();
      return;
    }
    busy = true;
    submit.setAttribute("disabled", "");
    submit.textContent = t.act.busy;
    void ctx.api.act(c.id, spec.action, body).then(async (result) => {
      busy = false;
      submit.removeAttribute("disabled");
      submit.textContent = label;
      if (result.status === "ok") {
        forgetDrafts(c.id, spec.action);
        await reload({ intent: "success", text: spec.done });
        return;
      }
      // The case changed under the user's hands: show it as it is now (what they typed is kept as a draft).
      if (RELOADING.has(result.status)) {
        await reload({ intent: "error", text: failureText(result, t, lang).textContent ?? "" });
        return;
      }
      replace(status, notice("error", failureText(result, t, lang)));
      spec.afterRefusal?.(result)?.focus();
    });
  });
  return form;
}

/** The close form: a reason, and while playbook steps are open, those steps and "close anyway". */
function closeForm(c: CaseDetail, ctx: TabContext, reload: (flash: Flash) => Promise<void>): HTMLElement {
  const { t, lang } = ctx;
  const reason = textArea(t.act.closeReason, `${c.id}:close.reason`);
  const open = c.playbook?.steps.filter((s) => s.state === "open") ?? [];
  const override =
    open.length > 0 ? checkbox(t.act.closeOverride, "override", t.act.closeOverrideHint) : undefined;
  const intro =
    open.length > 0
      ? h(
          "div",
          { class: "open-steps" },
          h(
            "p",
            { class: "hint" },
            open.length === 1
              ? t.act.closeOpenStep
              : fill(t.act.closeOpenSteps, { count: String(open.length) }),
          ),
          h(
            "ul",
            { class: "hint" },
            open.map((s) => h("li", {}, stepTitle(s, lang))),
          ),
        )
      : undefined;
  return actionForm(
    c,
    ctx,
    {
      action: "close",
      title: t.act.close,
      intro,
      fields: [reason],
      extra: override ? [override.wrap] : [],
      body: () => {
        const text = requiredText(reason, TEXT_LIMITS.reason, t.act.closeRequired, t);
        if (text === undefined) return undefined;
        return override?.control.checked ? { reason: text, override: true } : { reason: text };
      },
      done: t.act.closedDone,
      // Refused for open steps: the next thing to decide is whether to close anyway. A form without that box
      // (the steps were reopened meanwhile) shows the case again, with it.
      afterRefusal: (result) => {
        if (result.status !== "steps_open") return undefined;
        if (override) return override.control;
        void reload({ intent: "error", text: failureText(result, t, lang).textContent ?? "" });
        return undefined;
      },
    },
    reload,
  );
}

/** The action forms that fit the case's status (nothing but a note once it is closed). */
export function renderActions(
  c: CaseDetail,
  ctx: TabContext,
  reload: (flash: Flash) => Promise<void>,
): HTMLElement {
  const { t } = ctx;
  const heading = h("h3", { id: "actions-heading" }, t.act.heading);
  if (c.status === "closed")
    return h("section", { class: "card actions" }, heading, h("p", {}, t.act.closedNote));
  const key = (name: string) => `${c.id}:${name}`;
  const forms: HTMLElement[] = [];
  if (!c.claimedBy) {
    forms.push(
      actionForm(
        c,
        ctx,
        {
          action: "claim",
          title: t.act.claim,
          intro: t.act.claimIntro,
          fields: [],
          body: () => ({}),
          done: t.act.claimed,
        },
        reload,
      ),
    );
  }
  const question = textArea(
    t.act.askLabel,
    key("ask.question"),
    fill(t.act.askHint, { max: String(TEXT_LIMITS.question) }),
  );
  forms.push(
    actionForm(
      c,
      ctx,
      {
        action: "ask",
        title: t.act.ask,
        fields: [question],
        body: () => {
          const text = requiredText(question, TEXT_LIMITS.question, t.act.askRequired, t);
          return text === undefined ? undefined : { question: text };
        },
        done: t.act.asked,
      },
      reload,
    ),
  );
  const to = choice(
    t.act.referTo,
    key("refer.to"),
    t.act.referChoose,
    REFERRAL_TARGETS.map((r) => [r, t.referral[r] ?? r] as const),
  );
  const note = textArea(t.act.referNote, key("refer.note"));
  const withReporter = checkbox(t.act.referWithReporter, "withReporter", t.act.referWithReporterHint);
  forms.push(
    actionForm(
      c,
      ctx,
      {
        action: "refer",
        title: t.act.refer,
        fields: [to, note],
        extra: [withReporter.wrap],
        body: () => {
          const target = to.control.value as ReferralTarget | "";
          const okTo = check(to, target ? undefined : t.act.referToRequired);
          const okNote = check(note, lengthError(note.control.value, TEXT_LIMITS.note, t));
          if (!okTo || !okNote || !target) return undefined;
          const body = { to: target, note: note.control.value.trim() };
          return withReporter.control.checked ? { ...body, withReporter: true } : body;
        },
        done: t.act.referred,
      },
      reload,
    ),
  );
  forms.push(closeForm(c, ctx, reload));
  const outcome = choice(
    t.act.overrideTo,
    key("override.outcome"),
    t.act.overrideChoose,
    OVERRIDE_OUTCOMES.map((o) => [o, t.outcome[o]] as const),
  );
  const why = textArea(t.act.overrideReason, key("override.reason"));
  forms.push(
    actionForm(
      c,
      ctx,
      {
        action: "override",
        title: t.act.override,
        fields: [outcome, why],
        body: () => {
          const value = outcome.control.value as OverrideOutcome | "";
          const okOutcome = check(outcome, value ? undefined : t.act.overrideToRequired);
          const text = requiredText(why, TEXT_LIMITS.reason, t.act.overrideReasonRequired, t);
          return okOutcome && value && text !== undefined ? { outcome: value, reason: text } : undefined;
        },
        done: t.act.overridden,
      },
      reload,
    ),
  );
  return h("section", { class: "card actions" }, heading, forms);
}
