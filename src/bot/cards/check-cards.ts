/**
 * @module bot/cards/check-cards
 * Cards of the signal check: the menu of checks, a question, an info step and the advice. Pure builders over the
 * engine's views (src/dialogs/engine.ts); buttons are Action.Execute with verbs "check.*", "kb.topic",
 * "report.start" and "advice.explain", and their data holds only ids.
 */
import { signalLines } from "./case-cards.js";
import { rankSignals, type SignalCatalogue } from "../../signals/catalogue.js";
import type { DoneResult, InfoView, Progress, QuestionView } from "../../dialogs/engine.js";
import { UNKNOWN_OPTION_ID, type DialogTree, type Text } from "../../dialogs/tree-schema.js";
import { fill, textsFor, type Lang } from "../../i18n/index.js";
import type { Outcome } from "../../signals/policy.js";
import {
  band,
  buttonList,
  card,
  MAX_BUTTON_TITLE,
  textBlock,
  type AdaptiveCard,
  type BandStyle,
  type CardElement,
} from "./adaptive.js";
import { cardButton, OPTION_IDS_INPUT } from "../actions.js";

/** The municipality's contact point, shown in the advice (from the municipality settings). */
export interface ContactPointSettings {
  contactPointName: string;
  contactPointPhone: string;
  contactPointEmail: string;
}

// The outcome's band; its text is in the default colour, since coloured text on its own colour is unreadable
// (ESCALATE's warning on warning is 1.18:1), and the title names the outcome, so colour is never the only cue.
const OUTCOME_STYLE: Record<Outcome, BandStyle> = {
  ACUTE: "attention",
  ESCALATE: "warning",
  CONSULT: "accent",
  MONITOR: "good",
};

/** The list of checks to start (verb "check.start", data `{ treeId }`), with the 112 reminder on top. */
export function checkMenuCard(
  trees: ReadonlyArray<Pick<DialogTree, "id" | "title" | "description">>,
  lang: Lang,
): AdaptiveCard {
  const t = textsFor(lang).checkCard;
  return card([
    textBlock(t.menuTitle, "heading"),
    band("attention", [{ ...textBlock(t.menuAcute), weight: "Bolder" }]),
    ...trees.map((tree): CardElement => ({
      type: "Container",
      separator: true,
      items: [
        { ...textBlock(tree.title[lang]), weight: "Bolder" },
        textBlock(tree.description[lang], "subtle"),
        {
          type: "ActionSet",
          actions: [cardButton("check.start", t.start, { treeId: tree.id })],
        },
      ],
    })),
  ]);
}

/**
 * One question: progress line, text, help, the options and Terug / Overslaan / Stop. Single and yes/no options are
 * buttons (verb "check.answer", data `{ treeId, nodeId, optionIds: [id] }`); a multiple choice is an
 * Input.ChoiceSet `optionIds` plus a submit button (data `{ treeId, nodeId }`; Teams adds `optionIds` as "a,b").
 */
export function questionCard(view: QuestionView, progress: Progress, lang: Lang): AdaptiveCard {
  const t = textsFor(lang).checkCard;
  const number = progress.answered + 1;
  const total = Math.max(number, progress.answered + progress.estimatedRemaining);
  const current = Array.isArray(view.current) ? view.current : [];
  const ids = { treeId: view.treeId, nodeId: view.nodeId };
  const body: CardElement[] = [
    textBlock(fill(t.progress, { n: String(number), total: String(total) }), "subtle"),
    textBlock(view.text[lang], "heading"),
    ...(view.help ? [textBlock(view.help[lang])] : []),
  ];
  const actions: CardElement[] = [];
  if (view.kind === "multi") {
    body.push({
      type: "Input.ChoiceSet",
      id: OPTION_IDS_INPUT,
      isMultiSelect: true,
      style: "expanded",
      wrap: true,
      choices: view.options.map((o, i) => ({ title: `${i + 1}. ${o.label[lang]}`, value: o.id })),
      ...(current.length > 0 ? { value: current.join(",") } : {}),
    });
    actions.push(cardButton("check.answer", t.submitMulti, ids));
  } else {
    // Teams does not wrap button titles: when an option is too long for its button, the options are listed as
    // text and the buttons show only their number.
    const listed = view.options.some((o) => `✓ 9. ${o.label[lang]}`.length > MAX_BUTTON_TITLE);
    if (listed) body.push(textBlock(view.options.map((o, i) => `${i + 1}. ${o.label[lang]}`).join("\n")));
    body.push({
      type: "ActionSet",
      actions: view.options.map((o, i) => {
        const answered = current.includes(o.id) || (view.current === "unknown" && o.id === UNKNOWN_OPTION_ID);
        const title = `${answered ? "✓ " : ""}${i + 1}${listed ? "" : `. ${o.label[lang]}`}`;
        return cardButton("check.answer", title, {
          ...ids,
          optionIds: [o.id],
        });
      }),
    });
  }
  if (view.current !== undefined) body.push(textBlock(t.earlier, "subtle"));
  body.push(textBlock(view.kind === "multi" ? t.hintMulti : t.hintSingle, "subtle"));
  // Beside a multiple-choice question these buttons must not send (or check) what is ticked.
  const aside = { ignoreInputs: view.kind === "multi" };
  if (view.canGoBack) actions.push(cardButton("check.back", t.back, ids, aside));
  actions.push(cardButton("check.skip", t.skip, ids, aside));
  actions.push(cardButton("check.stop", t.stop, { treeId: view.treeId }, aside));
  return card(body, actions);
}

/** An info step (e.g. what to tell a caller) with "Verder" (verb "check.continue"), Terug and Stop. */
export function infoCard(view: InfoView, lang: Lang): AdaptiveCard {
  const t = textsFor(lang).checkCard;
  const ids = { treeId: view.treeId, nodeId: view.nodeId };
  return card(
    [textBlock(view.text[lang]), ...(view.help ? [textBlock(view.help[lang], "subtle")] : [])],
    [
      cardButton("check.continue", t.continue, ids),
      ...(view.canGoBack ? [cardButton("check.back", t.back, ids)] : []),
      cardButton("check.stop", t.stop, { treeId: view.treeId }),
    ],
  );
}

/**
 * The advice: outcome in its colour with a one-line meaning, the reasons, what to do now with the relevant numbers
 * and the contact point, the "signal, not a conclusion" line, topic links (verb "kb.topic") and the buttons
 * Meld bij aanspreekpunt, Uitleg and Opnieuw. `topicTitles` names the topics; missing ones show their id as words.
 */
export function adviceCard(
  result: DoneResult,
  settings: ContactPointSettings,
  lang: Lang,
  topicTitles: ReadonlyMap<string, Text> = new Map(),
  catalogue?: SignalCatalogue,
): AdaptiveCard {
  const t = textsFor(lang).checkCard;
  const ticked = catalogue ? rankSignals(catalogue, result.assessment.signals) : [];
  const { outcome, reasons, rule } = result.assessment;
  const texts = t.outcome[outcome];
  const reasonLines = reasons[lang].length > 0 ? reasons[lang] : [t.noReasons];
  const topics = result.topics.slice(0, 5);
  return card(
    [
      {
        type: "Container",
        style: OUTCOME_STYLE[outcome],
        bleed: true,
        items: [textBlock(texts.title, "heading"), textBlock(texts.meaning)],
      },
      { ...textBlock(t.reasonsTitle), weight: "Bolder" },
      textBlock(reasonLines.map((r) => `- ${r}`).join("\n")),
      ...signalLines(ticked, lang),
      { ...textBlock(t.todoTitle), weight: "Bolder" },
      textBlock(
        whatToDo(result, settings, lang)
          .map((line) => `- ${line}`)
          .join("\n"),
      ),
      textBlock(t.notAConclusion),
      textBlock(t.numbersNote, "subtle"),
      ...(topics.length > 0
        ? [
            { ...textBlock(t.topicsTitle), weight: "Bolder" },
            ...buttonList(
              topics.map((id) =>
                cardButton("kb.topic", topicTitles.get(id)?.[lang] ?? topicIdAsWords(id), {
                  topicId: id,
                  lang,
                }),
              ),
            ),
          ]
        : []),
    ],
    [
      cardButton("report.start", t.report, { fromCheck: true }),
      cardButton("advice.explain", t.explain, { treeId: result.treeId, rule }),
      cardButton("check.restart", t.restart, { treeId: result.treeId }),
    ],
  );
}

/** The steps for an outcome; ACUTE and ESCALATE always carry numbers (domain brief §6). */
function whatToDo(result: DoneResult, settings: ContactPointSettings, lang: Lang): string[] {
  const todo = textsFor(lang).checkCard.todo;
  const contactPoint = (template: string) =>
    fill(template, {
      name: settings.contactPointName,
      phone: settings.contactPointPhone,
      email: settings.contactPointEmail,
    });
  const extra = (): string[] => [
    // Doubt about the age counts as a possible minor: Veilig Thuis is named too.
    ...(result.facts.minor || result.assessment.ageInDoubt ? [todo.veiligThuis] : []),
    ...(result.facts.form === "labour" ? [todo.labourInspection] : []),
  ];
  switch (result.assessment.outcome) {
    case "ACUTE":
      return [todo.call112, contactPoint(todo.thenContactPoint)];
    case "ESCALATE":
      return [contactPoint(todo.reportToday), ...extra(), todo.police, todo.dangerAnyway];
    case "CONSULT":
      return [contactPoint(todo.consult), ...extra(), todo.dangerAnyway];
    case "MONITOR":
      return [todo.monitor, contactPoint(todo.monitorConsult), todo.dangerAnyway];
  }
}

function topicIdAsWords(id: string): string {
  const words = id.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a clicked question card becomes: the question and the answer given, without buttons. */
export function answeredQuestionCard(question: string, answer: string): AdaptiveCard {
  return card([textBlock(question, "subtle"), { ...textBlock(`✓ ${answer}`), weight: "Bolder" }]);
}
