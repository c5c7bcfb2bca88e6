/**
 * @module bot/cards/playbook-cards
 * The compact view of a case's follow-up playbook on the coordinators' case card: the playbook's title, how many
 * steps are done, each step with its state (open, done, skipped with the reason) and partner, and two forms: update
 * a step (tick, skip with a reason, reopen, note) and switch to another playbook. The tab shows the full view.
 * Pure: case and playbooks in, card elements out.
 */
import type { CaseRecord, CaseStep } from "../../cases/case-schema.js";
import type { Playbook } from "../../cases/playbook-schema.js";
import { fill, textsFor, type Lang } from "../../i18n/index.js";
import { cardButton, INPUTS } from "../actions.js";
import { card, textBlock, type CardElement } from "./adaptive.js";

/** The steps listed on the card; a longer playbook points to the tab for the rest. */
const MAX_LISTED = 12;

const mark = { open: "○", done: "✓", skipped: "–" } as const;

function stepLine(step: CaseStep, playbook: Playbook | undefined, lang: Lang): string {
  const all = textsFor(lang);
  const t = all.playbook;
  const title =
    playbook?.steps.find((s) => s.id === step.id)?.title[lang] ?? fill(t.unknownStep, { id: step.id });
  const extras = [
    step.partner ? all.caseLabels.referral[step.partner] : "",
    step.state === "done" && step.referral ? t.viaReferral : "",
    step.state === "skipped" && step.reason ? fill(t.skippedBecause, { reason: step.reason }) : "",
    step.notes.length > 0 ? fill(t.notes, { count: String(step.notes.length) }) : "",
  ].filter((e) => e);
  return `${mark[step.state]} ${title}${extras.length > 0 ? ` (${extras.join(" · ")})` : ""}`;
}

/** The playbook part of the case card's body; nothing before a playbook is attached. */
export function playbookElements(c: CaseRecord, playbooks: readonly Playbook[], lang: Lang): CardElement[] {
  if (!c.playbook) return [];
  const t = textsFor(lang).playbook;
  const playbook = playbooks.find((p) => p.id === c.playbook?.id);
  const steps = c.playbook.steps;
  const finished = steps.filter((s) => s.state !== "open").length;
  const lines = steps.slice(0, MAX_LISTED).map((s) => `- ${stepLine(s, playbook, lang)}`);
  if (steps.length > MAX_LISTED) lines.push(fill(t.more, { count: String(steps.length - MAX_LISTED) }));
  return [
    textBlock(fill(t.title, { title: playbook?.title[lang] ?? c.playbook.id }), "heading"),
    textBlock(fill(t.progress, { done: String(finished), total: String(steps.length) }), "subtle"),
    ...(c.closed?.openSteps?.length
      ? [{ ...textBlock(fill(t.closedOpen, { count: String(c.closed.openSteps.length) })), weight: "Bolder" }]
      : []),
    textBlock(lines.join("\n")),
  ];
}

/** The playbook forms of an open, claimed case: update a step, switch the playbook. */
export function playbookActions(c: CaseRecord, playbooks: readonly Playbook[], lang: Lang): CardElement[] {
  if (c.status === "closed" || !c.playbook) return [];
  const all = textsFor(lang);
  const t = all.playbook;
  const playbook = playbooks.find((p) => p.id === c.playbook?.id);
  const send = all.caseCard.send;
  const stepChoices = c.playbook.steps.map((s) => ({
    title: `${mark[s.state]} ${playbook?.steps.find((p) => p.id === s.id)?.title[lang] ?? s.id}`,
    value: s.id,
  }));
  const update: CardElement = {
    type: "Action.ShowCard",
    title: t.update,
    card: card(
      [
        {
          type: "Input.ChoiceSet",
          id: INPUTS.stepId.id,
          label: t.stepLabel,
          choices: stepChoices,
          isRequired: true,
          errorMessage: t.stepRequired,
        },
        {
          type: "Input.ChoiceSet",
          id: INPUTS.stepChange.id,
          label: t.changeLabel,
          style: "expanded",
          wrap: true,
          choices: Object.entries(t.changes).map(([value, title]) => ({ title, value })),
          isRequired: true,
          errorMessage: t.changeRequired,
        },
        { type: "Input.Text", ...INPUTS.stepText, label: t.textLabel, isMultiline: true },
      ],
      [cardButton("case.step", send, { caseId: c.id }, { validate: true })],
    ),
  };
  const others = playbooks.filter((p) => p.id !== c.playbook?.id);
  const change: CardElement[] =
    others.length === 0
      ? []
      : [
          {
            type: "Action.ShowCard",
            title: t.switch,
            card: card(
              [
                {
                  type: "Input.ChoiceSet",
                  id: INPUTS.playbookId.id,
                  label: t.switchLabel,
                  choices: others.map((p) => ({ title: p.title[lang], value: p.id })),
                  isRequired: true,
                  errorMessage: t.switchRequired,
                },
              ],
              [cardButton("case.playbook", send, { caseId: c.id }, { validate: true })],
            ),
          },
        ];
  return [update, ...change];
}
