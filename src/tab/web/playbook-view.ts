/**
 * @module tab/web/playbook-view
 * The case's follow-up playbook in full ("Draaiboek"): its title and progress, and every step with its state, its
 * partner and how to reach them, why it matters, the knowledge topic that explains it, who set it when, why it
 * was skipped, and its notes. An open step can be ticked, skipped (a reason is required) or annotated; a done or
 * skipped step can be reopened; another playbook can be chosen. After an action the case reloads and the outcome
 * is shown at the step it was about, where focus goes.
 */
import { actionForm } from "./case-forms.js";
import type { Flash, TabContext } from "./context.js";
import type { CaseDetail, PartnerView, StepView } from "./contract.js";
import { h, uid, type Child } from "./dom.js";
import { check, choice } from "./form-fields.js";
import { formatTime } from "./format.js";
import { notice } from "./notice.js";
import { stepControls } from "./step-controls.js";
import { fill } from "./texts.js";

type Reload = (flash: Flash) => Promise<void>;

function title(step: StepView, ctx: TabContext): string {
  return step.title?.[ctx.lang] ?? fill(ctx.t.playbook.unknownStep, { id: step.id });
}

/** A link only for a web address (the settings are text); anything else is shown as it is. */
function website(url: string): Child {
  return /^https?:\/\//i.test(url)
    ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url)
    : url;
}

function partnerFacts(partner: PartnerView, ctx: TabContext): HTMLElement {
  const t = ctx.t.playbook;
  const rows: Array<readonly [string, Child]> = [
    [t.partner, partner.name],
    [t.route, partner.route],
    ...(partner.telefoon ? [[t.phone, partner.telefoon] as const] : []),
    ...(partner.email
      ? [[t.email, h("a", { href: `mailto:${partner.email}` }, partner.email)] as const]
      : []),
    ...(partner.website ? [[t.website, website(partner.website)] as const] : []),
  ];
  return h(
    "dl",
    { class: "facts step-partner" },
    rows.map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value))),
  );
}

/** Who set the step's state when, and why it was skipped. */
function stepMeta(step: StepView, ctx: TabContext): HTMLElement | undefined {
  const t = ctx.t.playbook;
  if (!step.by || !step.at) return undefined;
  const who = { by: step.by, at: formatTime(step.at, ctx.lang) };
  const line =
    step.state === "done"
      ? fill(step.referral ? t.doneByReferral : t.doneBy, who)
      : step.state === "skipped"
        ? fill(t.skippedBy, who)
        : fill(t.reopenedBy, who);
  return h(
    "div",
    { class: "step-meta" },
    h("p", {}, line),
    step.state === "skipped" && step.reason
      ? h("p", { class: "step-reason" }, fill(t.reason, { reason: step.reason }))
      : undefined,
  );
}

function notesList(step: StepView, ctx: TabContext): HTMLElement | undefined {
  if (step.notes.length === 0) return undefined;
  const t = ctx.t.playbook;
  return h(
    "div",
    { class: "step-notes" },
    h("h5", {}, t.notes),
    h(
      "ol",
      { class: "qa" },
      step.notes.map((n) =>
        h(
          "li",
          {},
          h("p", { class: "qa-meta" }, fill(t.note, { by: n.by, at: formatTime(n.at, ctx.lang) })),
          h("blockquote", {}, n.text),
        ),
      ),
    ),
  );
}

function stepItem(
  c: CaseDetail,
  step: StepView,
  ctx: TabContext,
  reload: Reload,
  flash: HTMLElement | undefined,
): HTMLElement {
  const p = ctx.t.playbook;
  const headingId = uid("step");
  return h(
    "li",
    {
      class: `step step-${step.state}`,
      "data-step": step.id,
      "data-state": step.state,
      "aria-labelledby": headingId,
    },
    h(
      "div",
      { class: "step-head" },
      h("span", { class: `chip state-${step.state}` }, p.state[step.state]),
      h("h4", { id: headingId, class: "step-title" }, title(step, ctx)),
    ),
    flash,
    step.why ? h("p", { class: "step-why" }, step.why[ctx.lang]) : undefined,
    step.partner ? partnerFacts(step.partner, ctx) : undefined,
    step.topic
      ? h(
          "p",
          { class: "step-topic hint" },
          fill(p.topic, { title: step.topic.title?.[ctx.lang] ?? step.topic.id }),
        )
      : undefined,
    stepMeta(step, ctx),
    notesList(step, ctx),
    c.status === "closed" ? undefined : stepControls(c, step, title(step, ctx), ctx, reload),
  );
}

function switchForm(c: CaseDetail, ctx: TabContext, reload: Reload): HTMLElement | undefined {
  const p = ctx.t.playbook;
  if (c.status === "closed" || !c.claimedBy || c.playbookChoices.length === 0) return undefined;
  const which = choice(
    p.switchLabel,
    `${c.id}:playbook.playbookId`,
    p.switchChoose,
    c.playbookChoices.map((choiceOf) => [choiceOf.id, choiceOf.title[ctx.lang]] as const),
    c.playbook ? p.switchHint : undefined,
  );
  return actionForm(
    c,
    ctx,
    {
      action: "playbook",
      title: c.playbook ? p.switchHeading : p.chooseHeading,
      fields: [which],
      body: () => {
        const id = which.control.value;
        return check(which, id ? undefined : p.switchRequired) ? { playbookId: id } : undefined;
      },
      done: p.switched,
      submit: p.switchSend,
    },
    reload,
  );
}

/**
 * The playbook section of case `c`. A `flash` about one of its steps is shown at that step: the element is
 * returned so the caller can move focus to it.
 */
export function playbookSection(
  c: CaseDetail,
  ctx: TabContext,
  reload: Reload,
  flash?: Flash,
): { section: HTMLElement; flash?: HTMLElement } {
  const { t, lang } = ctx;
  const p = t.playbook;
  const pb = c.playbook;
  const atStep = flash?.step && pb?.steps.some((s) => s.id === flash.step) ? flash : undefined;
  const flashEl = atStep
    ? h("div", { class: "flash", tabindex: "-1" }, notice(atStep.intent, atStep.text))
    : undefined;
  if (!pb) {
    const section = h(
      "section",
      { class: "card playbook", "aria-labelledby": "playbook-heading" },
      h("h3", { id: "playbook-heading" }, p.heading),
      h("p", { class: "muted" }, c.claimedBy ? p.none : p.notYet),
      switchForm(c, ctx, reload),
    );
    return { section };
  }
  const finished = pb.steps.filter((s) => s.state !== "open").length;
  const progressId = uid("progress");
  const section = h(
    "section",
    { class: "card playbook", "aria-labelledby": "playbook-heading" },
    h(
      "h3",
      { id: "playbook-heading" },
      pb.title ? fill(p.titled, { title: pb.title[lang] }) : fill(p.unknown, { id: pb.id }),
    ),
    pb.summary ? h("p", { class: "playbook-summary" }, pb.summary[lang]) : undefined,
    h("p", { class: "hint" }, fill(p.attached, { by: pb.attachedBy, at: formatTime(pb.attachedAt, lang) })),
    h(
      "div",
      { class: "playbook-progress" },
      h(
        "p",
        { id: progressId },
        fill(p.progress, { done: String(finished), total: String(pb.steps.length) }),
      ),
      h("progress", {
        max: pb.steps.length,
        value: finished,
        "aria-label": p.progressLabel,
        "aria-describedby": progressId,
      }),
    ),
    c.closed?.openSteps?.length
      ? notice("info", fill(t.detail.closedOpen, { count: String(c.closed.openSteps.length) }))
      : undefined,
    h(
      "ol",
      { class: "steps", "aria-label": p.stepsLabel },
      pb.steps.map((s) => stepItem(c, s, ctx, reload, atStep?.step === s.id ? flashEl : undefined)),
    ),
    switchForm(c, ctx, reload),
  );
  return { section, flash: flashEl };
}
