/**
 * @module tab/web/form-fields
 * The fields of the tab's forms: a Fluent text area, a native select and a native checkbox, each with its label,
 * hint and error message wired for screen readers, and the text a user typed kept per case and field until the
 * action it belongs to succeeds (so no reload loses it). Also the wording of every action answer that is not ok.
 */
import type { ActionResult } from "./api.js";
import { h, uid } from "./dom.js";
import { fill, type Lang, type TabTexts } from "./texts.js";

/** What the user typed per case and field (`<caseId>:<action>.<field>`), until the action succeeds. */
const drafts = new Map<string, string>();

/** Forgets what was typed for `action` of case `caseId` (after it succeeded). */
export function forgetDrafts(caseId: string, action: string): void {
  for (const key of [...drafts.keys()]) if (key.startsWith(`${caseId}:${action}.`)) drafts.delete(key);
}

/** One input of a form: its wrapper, the control, its hint and its error message. */
export interface Field {
  wrap: HTMLElement;
  control: HTMLElement & { value: string };
  hint?: HTMLElement;
  error: HTMLElement;
}

/** A checkbox with its label and hint. */
export interface CheckField {
  wrap: HTMLElement;
  control: HTMLInputElement;
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

/** A Fluent text area labelled `label`; `key` is `<caseId>:<action>.<field>` (its draft and its name). */
export function textArea(label: string, key: string, hint?: string): Field {
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

/** A labelled native select (Fluent v3 has none) with a first, empty choice `placeholder`. */
export function choice(
  label: string,
  key: string,
  placeholder: string,
  options: ReadonlyArray<readonly [string, string]>,
  hint?: string,
): Field {
  const error = fieldError();
  const id = uid("choice");
  const hintEl = hint ? h("p", { class: "hint", id: uid("hint") }, hint) : undefined;
  const control = h(
    "select",
    {
      id,
      class: "select",
      name: key.split(":")[1],
      "aria-describedby": [hintEl?.id, error.id].filter((i) => i).join(" "),
    },
    h("option", { value: "" }, placeholder),
    options.map(([value, text]) => h("option", { value }, text)),
  );
  remember(control, key);
  const wrap = h("div", { class: "field" }, h("label", { for: id }, label), control, hintEl, error);
  return { wrap, control, hint: hintEl, error };
}

/**
 * A native checkbox with its label beside it and a hint under it. Native, not Fluent's: its label and hint then
 * reach assistive technology by plain id references, with nothing to reflect into a shadow root.
 */
export function checkbox(label: string, name: string, hint?: string): CheckField {
  const id = uid("check");
  const hintEl = hint ? h("p", { class: "hint", id: uid("hint") }, hint) : undefined;
  const control = h("input", {
    type: "checkbox",
    id,
    name,
    class: "checkbox",
    "aria-describedby": hintEl?.id,
  });
  const wrap = h(
    "div",
    { class: "field check-field" },
    h("div", { class: "check-row" }, control, h("label", { for: id }, label)),
    hintEl,
  );
  return { wrap, control };
}

/** Shows `message` under the field (or clears it) and returns whether the field is fine. */
export function check(field: Field, message: string | undefined): boolean {
  field.error.hidden = !message;
  field.error.textContent = message ?? "";
  field.wrap.classList.toggle("invalid", Boolean(message));
  if (field.control instanceof HTMLSelectElement)
    field.control.setAttribute("aria-invalid", String(Boolean(message)));
  else describe(field);
  return !message;
}

/** "At most {max} characters (now {n})" when `value` is too long. */
export function lengthError(value: string, max: number, t: TabTexts): string | undefined {
  return value.trim().length > max
    ? fill(t.act.tooLong, { max: String(max), n: String(value.trim().length) })
    : undefined;
}

/** The required text of `field`, trimmed, or undefined after showing why not (empty or too long). */
export function requiredText(field: Field, max: number, empty: string, t: TabTexts): string | undefined {
  const text = field.control.value;
  return check(field, text.trim() ? lengthError(text, max, t) : empty) ? text.trim() : undefined;
}

/** A step's title in `lang`, or its id when the content no longer has it. */
export function stepTitle(step: { id: string; title?: { nl: string; en: string } }, lang: Lang): string {
  return step.title?.[lang] ?? step.id;
}

/** The text of an answer that is not `ok`. */
export function failureText(
  result: Exclude<ActionResult, { status: "ok" }>,
  t: TabTexts,
  lang: Lang,
): HTMLElement {
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
    case "steps_open":
      return h(
        "span",
        { class: "steps-open" },
        t.act.stepsOpen,
        h(
          "ul",
          {},
          result.open.map((s) => h("li", { "data-open-step": s.id }, stepTitle(s, lang))),
        ),
        t.act.stepsOpenAfter,
      );
    case "no_step":
      return h("span", {}, t.act.noStep);
    case "step_full":
      return h("span", {}, t.act.stepFull);
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
