/**
 * @module tab/web/case-forms
 * The actions on a case as forms: claim, ask the reporter, refer, close and change the advice. Each field has a
 * label and its own error message; the form checks required fields and lengths before sending and shows every
 * answer of the API: success, and "taken by someone else" or "closed", after reloading the case as it is now;
 * invalid, forbidden, not found or no connection in the form itself. What the user typed is kept per case and
 * field until its action succeeds, so no reload loses it.
 */
import type { ActionResult } from "./api.js";
import type { Flash, TabContext } from "./context.js";
import type { ActionBodies, CaseDetail, OverrideOutcome, ReferralTarget } from "./contract.js";
import { h, replace, uid } from "./dom.js";
import { TEXT_LIMITS } from "./format.js";
import { notice } from "./notice.js";
import { fill, type TabTexts } from "./texts.js";

const REFERRAL_TARGETS: readonly ReferralTarget[] = [
  "politie",
  "arbeidsinspectie",
  "veilig-thuis",
  "zorgcoordinator",
  "comensha",
  "riec",
];
const OVERRIDE_OUTCOMES: readonly OverrideOutcome[] = ["ACUTE", "ESCALATE", "CONSULT", "MONITOR"];

/** What the user typed per case and field, until the action it belongs to succeeds. */
const drafts = new Map<string, string>();

/** One input of a form: its wrapper, the control, its hint and its error message. */
interface Field {
  wrap: HTMLElement;
  control: HTMLElement & { value: string };
  hint?: HTMLElement;
  error: HTMLElement;
}

/**
 * Links hint and error to the text box inside a Fluent textarea's shadow root. An id reference cannot cross into
 * a shadow root, but element reflection (`ariaDescribedByElements`) may point from it to the page.
 */
function describe(field: Field): void {
  const inner = field.control.shadowRoot?.querySelector("textarea");
  if (!inner) return;
  const described = [field.hint, field.error.hidden ? undefined : field.error].filter((e) => e !== undefined);
  if ("ariaDescribedByElements" in inner) {
    (inner as { ariaDescribedByElements: Element[] | null }).ariaDescribedByElements = described;
  }
  inner.setAttribute("aria-invalid", String(!field.error.hidden));
}

function fieldError(): HTMLElement {
  return h("p", { class: "field-error", id: uid("error"), hidden: true });
}

function remember(control: HTMLElement & { value: string }, key: string): void {
  control.value = drafts.get(key) ?? "";
  control.addEventListener("input", () => drafts.set(key, control.value));
  control.addEventListener("change", () => drafts.set(key, control.value));
}

function textArea(label: string, key: string, hint?: string): Field {
  const error = fieldError();
  const control = h(
    "fluent-textarea",
    { class: "textarea", resize: "vertical", "auto-resize": true, name: key.split(":")[1] },
    h("span", { slot: "label" }, label),
  ) as HTMLElement & { value: string };
  remember(control, key);
  const hintEl = hint ? h("p", { class: "hint" }, hint) : undefined;
  const wrap = h("div", { class: "field" }, control, hintEl, error);
  const field: Field = { wrap, control, hint: hintEl, error };
  control.addEventListener("focusin", () => describe(field));
  return field;
}

function choice(
  label: string,
  key: string,
  placeholder: string,
  options: ReadonlyArray<readonly [string, string]>,
): Field {
  const error = fieldError();
  const id = uid("choice");
  const control = h(
    "select",
    { id, class: "select", name: key.split(":")[1], "aria-describedby": error.id },
    h("option", { value: "" }, placeholder),
    options.map(([value, text]) => h("option", { value }, text)),
  );
  remember(control, key);
  const wrap = h("div", { class: "field" }, h("label", { for: id }, label), control, error);
  return { wrap, control, error };
}

/** Shows `message` under the field (or clears it) and returns whether the field is fine. */
function check(field: Field, message: string | undefined): boolean {
  field.error.hidden = !message;
  field.error.textContent = message ?? "";
  field.wrap.classList.toggle("invalid", Boolean(message));
  if (field.control instanceof HTMLSelectElement)
    field.control.setAttribute("aria-invalid", String(Boolean(message)));
  else describe(field);
  return !message;
}

function lengthError(value: string, max: number, t: TabTexts): string | undefined {
  return value.trim().length > max
    ? fill(t.act.tooLong, { max: String(max), n: String(value.trim().length) })
    : undefined;
}

/** The text of an answer that is not `ok`. */
function failureText(result: Exclude<ActionResult, { status: "ok" }>, t: TabTexts): HTMLElement {
  switch (result.status) {
    case "already_claimed":
      return h("span", {}, fill(t.act.alreadyClaimed, { by: result.by }));
    case "closed":
      return h("span", {}, t.act.alreadyClosed);
    case "invalid":
      return h(
        "span",
        {},
        t.act.invalid,
        h(
          "ul",
          {},
          result.issues.map((i) => h("li", {}, t.act.fields[i] ?? i)),
        ),
      );
    case "forbidden":
      return h("span", {}, t.act.forbidden);
    case "not_found":
      return h("span", {}, t.act.notFound);
    case "offline":
      return h("span", {}, t.offline);
    case "http_error":
      return h("span", {}, fill(t.serverError, { status: String(result.code) }));
  }
}

interface FormSpec<A extends keyof ActionBodies> {
  action: A;
  title: string;
  intro?: string;
  fields: Field[];
  /** Checks the fields (showing each error) and builds the body, or undefined when something is wrong. */
  body: () => ActionBodies[A] | undefined;
  done: string;
}

function actionForm<A extends keyof ActionBodies>(
  c: CaseDetail,
  ctx: TabContext,
  spec: FormSpec<A>,
  reload: (flash: Flash) => Promise<void>,
): HTMLElement {
  const { t } = ctx;
  const titleId = uid("form-title");
  const status = h("div", { class: "form-status" });
  const submit = h(
    "fluent-button",
    { type: "submit", appearance: "primary", "data-action": spec.action },
    spec.action === "claim" ? t.act.claim : t.act.send,
  );
  const form = h(
    "form",
    { class: `action-form form-${spec.action}`, novalidate: true, "aria-labelledby": titleId },
    h("h4", { id: titleId }, spec.title),
    spec.intro ? h("p", { class: "hint" }, spec.intro) : undefined,
    spec.fields.map((f) => f.wrap),
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
      submit.textContent = spec.action === "claim" ? t.act.claim : t.act.send;
      if (result.status === "ok") {
        for (const key of [...drafts.keys()])
          if (key.startsWith(`${c.id}:${spec.action}.`)) drafts.delete(key);
        await reload({ intent: "success", text: spec.done });
        return;
      }
      // The case changed under the user's hands: show it as it is now (what they typed is kept in `drafts`).
      if (result.status === "already_claimed" || result.status === "closed") {
        await reload({ intent: "error", text: failureText(result, t).textContent ?? "" });
        return;
      }
      replace(status, notice("error", failureText(result, t)));
    });
  });
  return form;
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
          const text = question.control.value;
          const ok = check(
            question,
            text.trim() ? lengthError(text, TEXT_LIMITS.question, t) : t.act.askRequired,
          );
          return ok ? { question: text.trim() } : undefined;
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
  forms.push(
    actionForm(
      c,
      ctx,
      {
        action: "refer",
        title: t.act.refer,
        fields: [to, note],
        body: () => {
          const target = to.control.value as ReferralTarget | "";
          const okTo = check(to, target ? undefined : t.act.referToRequired);
          const okNote = check(note, lengthError(note.control.value, TEXT_LIMITS.note, t));
          return okTo && okNote && target ? { to: target, note: note.control.value.trim() } : undefined;
        },
        done: t.act.referred,
      },
      reload,
    ),
  );
  const reason = textArea(t.act.closeReason, key("close.reason"));
  forms.push(
    actionForm(
      c,
      ctx,
      {
        action: "close",
        title: t.act.close,
        fields: [reason],
        body: () => {
          const text = reason.control.value;
          const ok = check(
            reason,
            text.trim() ? lengthError(text, TEXT_LIMITS.reason, t) : t.act.closeRequired,
          );
          return ok ? { reason: text.trim() } : undefined;
        },
        done: t.act.closedDone,
      },
      reload,
    ),
  );
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
          const text = why.control.value;
          const okWhy = check(
            why,
            text.trim() ? lengthError(text, TEXT_LIMITS.reason, t) : t.act.overrideReasonRequired,
          );
          return okOutcome && okWhy && value ? { outcome: value, reason: text.trim() } : undefined;
        },
        done: t.act.overridden,
      },
      reload,
    ),
  );
  return h("section", { class: "card actions" }, heading, forms);
}
