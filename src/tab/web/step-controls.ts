/**
 * @module tab/web/step-controls
 * The buttons of one playbook step: tick (Afvinken), skip with a required reason (Overslaan), add a note
 * (Notitie) while it is open, reopen (Weer openzetten) once it is done or skipped. The reason or note is asked in
 * a small form under the buttons (Escape or Annuleren closes it and gives focus back). A refusal is shown at the
 * step; success, and "the case changed", reload the case with the message at the step.
 */
import type { Flash, TabContext } from "./context.js";
import type { CaseDetail, StepChange, StepView } from "./contract.js";
import { h, replace } from "./dom.js";
import { failureText, forgetDrafts, requiredText, textArea, type Field } from "./form-fields.js";
import { TEXT_LIMITS } from "./format.js";
import { notice } from "./notice.js";
import { fill } from "./texts.js";

type Reload = (flash: Flash) => Promise<void>;

/** The answers after which the case is shown again as it is now (it changed meanwhile). */
const RELOADING = new Set(["closed", "no_step", "already_claimed"]);

/** What a step action sends and says when it is done. */
interface StepSend {
  change: StepChange;
  text?: string;
  done: string;
}

/**
 * The buttons of `step` (titled `name`) and the small form for a reason or a note. `send` runs the action; the
 * step's own status area shows a refusal, a reload shows success (and "the case changed").
 */
export function stepControls(
  c: CaseDetail,
  step: StepView,
  name: string,
  ctx: TabContext,
  reload: Reload,
): HTMLElement {
  const { t, lang } = ctx;
  const p = t.playbook;
  const status = h("div", { class: "form-status" });
  const slot = h("div", { class: "step-form-slot" });
  const buttons: HTMLElement[] = [];
  let busy = false;

  const send = async ({ change, text, done }: StepSend): Promise<boolean> => {
    if (busy) return false;
    busy = true;
    replace(status);
    for (const b of buttons) b.setAttribute("disabled", "");
    const result = await ctx.api.act(c.id, "step", {
      stepId: step.id,
      change,
      ...(text !== undefined ? { text } : {}),
    });
    busy = false;
    for (const b of buttons) b.removeAttribute("disabled");
    if (result.status === "ok") {
      forgetDrafts(c.id, `step.${step.id}.${change}`);
      await reload({ intent: "success", text: done, step: step.id });
      return true;
    }
    const why = failureText(result, t, lang);
    if (RELOADING.has(result.status)) {
      await reload({ intent: "error", text: why.textContent ?? "", step: step.id });
      return true;
    }
    replace(status, notice("error", why));
    return false;
  };

  /** Opens (or closes) the form for a reason or a note under the buttons; one at a time. */
  const toggleForm = (opener: HTMLElement, kind: "skip" | "note") => {
    const open = opener.getAttribute("aria-expanded") === "true";
    for (const b of buttons) if (b.hasAttribute("aria-expanded")) b.setAttribute("aria-expanded", "false");
    replace(slot);
    if (open) return;
    opener.setAttribute("aria-expanded", "true");
    const max = kind === "skip" ? TEXT_LIMITS.reason : TEXT_LIMITS.note;
    const field: Field = textArea(
      kind === "skip" ? p.skipLabel : p.noteLabel,
      `${c.id}:step.${step.id}.${kind}.text`,
      fill(kind === "skip" ? p.skipHint : p.noteHint, { max: String(max) }),
    );
    const close = () => {
      replace(slot);
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    };
    const save = h(
      "fluent-button",
      { type: "submit", appearance: "primary", "data-step-send": kind },
      p.save,
    );
    const form = h(
      "form",
      {
        class: `step-form step-form-${kind}`,
        novalidate: true,
        onkeydown: (event) => {
          if ((event as KeyboardEvent).key === "Escape") close();
        },
      },
      field.wrap,
      h(
        "div",
        { class: "form-buttons" },
        save,
        h("fluent-button", { type: "button", appearance: "secondary", onclick: close }, p.cancel),
      ),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = requiredText(field, max, kind === "skip" ? p.skipRequired : p.noteRequired, t);
      if (text === undefined) {
        field.control.focus();
        return;
      }
      void send({
        change: kind,
        text,
        done: fill(kind === "skip" ? p.skippedDone : p.noted, { title: name }),
      });
    });
    replace(slot, form);
    field.control.focus();
  };

  const button = (label: string, action: string, onclick: (self: HTMLElement) => void, toggles = false) => {
    const b: HTMLElement = h(
      "fluent-button",
      {
        type: "button",
        appearance: action === "done" ? "primary" : "secondary",
        "data-step-action": action,
        // The explicit role lets checkers that do not read ElementInternals accept aria-expanded on it.
        role: toggles ? "button" : undefined,
        "aria-expanded": toggles ? "false" : undefined,
        onclick: () => onclick(b),
      },
      label,
    );
    buttons.push(b);
    return b;
  };
  if (step.state === "open") {
    button(p.tick, "done", () => void send({ change: "done", done: fill(p.ticked, { title: name }) }));
    button(p.skip, "skip", (self) => toggleForm(self, "skip"), true);
  } else {
    button(
      p.reopen,
      "reopen",
      () => void send({ change: "reopen", done: fill(p.reopened, { title: name }) }),
    );
  }
  button(p.addNote, "note", (self) => toggleForm(self, "note"), true);
  return h(
    "div",
    { class: "step-controls" },
    status,
    h(
      "div",
      { class: "step-actions", role: "group", "aria-label": fill(p.stepActions, { title: name }) },
      buttons,
    ),
    slot,
  );
}
