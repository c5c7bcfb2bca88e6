/**
 * @module bot/cards/check-cards
 * Cards of the signal check: the menu of checks, a question, an info step and the advice. Pure builders over the
 * engine's views (src/dialogs/engine.ts); buttons are Action.Execute with verbs "check.*", "kb.topic",
 * "report.start" and "advice.explain", and their data holds only ids.
 */
import type { DoneResult, InfoView, Progress, QuestionView } from "../../dialogs/engine.js";
import { UNKNOWN_OPTION_ID, type DialogTree, type Text } from "../../dialogs/tree-schema.js";
import type { Outcome } from "../../signals/policy.js";
import { OUTCOME_NAMES } from "../../signals/texts.js";
import type { Lang } from "../texts.js";
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
import { executeAction, OPTION_IDS_INPUT } from "../actions.js";

/** The municipality's contact point, shown in the advice (from the municipality settings). */
export interface ContactPointSettings {
  contactPointName: string;
  contactPointPhone: string;
  contactPointEmail: string;
}

// All user-facing text of these cards; numbers from the domain brief §3 (to verify before go-live).
const TEXTS = {
  menuTitle: { nl: "Welke signaalcheck wil je doen?", en: "Which signal check do you want to do?" },
  menuAcute: {
    nl: "Is er nu direct gevaar? Bel eerst 112.",
    en: "Is there danger right now? Call 112 first.",
  },
  start: { nl: "Start", en: "Start" },
  progress: {
    nl: (n: number, total: number) => `Vraag ${n} van ~${total}`,
    en: (n: number, total: number) => `Question ${n} of ~${total}`,
  },
  hintSingle: {
    nl: "Je kunt ook typen: het nummer (bijvoorbeeld 2) of het antwoord.",
    en: "You can also type: the number (for example 2) or the answer.",
  },
  hintMulti: {
    nl: 'Je kunt ook typen: de nummers (bijvoorbeeld "1 en 3"), of "geen".',
    en: 'You can also type: the numbers (for example "1 and 3"), or "none".',
  },
  earlier: { nl: "Je eerdere antwoord staat aangevinkt.", en: "Your earlier answer is ticked." },
  submitMulti: { nl: "Volgende", en: "Next" },
  back: { nl: "Terug", en: "Back" },
  skip: { nl: "Overslaan", en: "Skip" },
  stop: { nl: "Stop", en: "Stop" },
  continue: { nl: "Verder", en: "Continue" },
  reasonsTitle: { nl: "Waarom dit advies", en: "Why this advice" },
  noReasons: { nl: "Er zijn geen signalen gekozen.", en: "No signals were chosen." },
  todoTitle: { nl: "Wat doe je nu?", en: "What do you do now?" },
  notAConclusion: {
    nl: "Dit is advies over een signaal, geen conclusie. Je hoeft het niet zeker te weten. Het aanspreekpunt kan het advies aanpassen.",
    en: "This is advice about a signal, not a conclusion. You do not have to be sure. The contact point can change the advice.",
  },
  numbersNote: {
    nl: "Telefoonnummers volgens de Wegwijzer mensenhandel en de organisaties zelf (stand 2025).",
    en: "Phone numbers as given by the Wegwijzer mensenhandel and the organisations (as of 2025).",
  },
  topicsTitle: { nl: "Meer weten", en: "Learn more" },
  report: { nl: "Meld bij aanspreekpunt", en: "Report to contact point" },
  explain: { nl: "Uitleg", en: "Explanation" },
  restart: { nl: "Opnieuw", en: "Start again" },
  outcome: {
    ACUTE: {
      title: { nl: `${OUTCOME_NAMES.ACUTE.nl}: bel nu 112`, en: `${OUTCOME_NAMES.ACUTE.en}: call 112 now` },
      meaning: {
        nl: "Er is nu direct gevaar. Veiligheid gaat voor alles.",
        en: "There is danger right now. Safety comes first.",
      },
    },
    ESCALATE: {
      title: {
        nl: `${OUTCOME_NAMES.ESCALATE.nl}: vandaag bij het aanspreekpunt`,
        en: `${OUTCOME_NAMES.ESCALATE.en}: to the contact point today`,
      },
      meaning: {
        nl: "De signalen zijn ernstig genoeg om vandaag te melden.",
        en: "The signals are serious enough to report today.",
      },
    },
    CONSULT: {
      title: {
        nl: `${OUTCOME_NAMES.CONSULT.nl}: binnen twee werkdagen`,
        en: `${OUTCOME_NAMES.CONSULT.en}: within two working days`,
      },
      meaning: {
        nl: "Bespreek de signalen met het aanspreekpunt. Samen bepaal je de volgende stap.",
        en: "Discuss the signals with the contact point. Together you decide the next step.",
      },
    },
    MONITOR: {
      title: OUTCOME_NAMES.MONITOR,
      meaning: {
        nl: "Nu is geen melding nodig. Kijk bij het volgende contact opnieuw.",
        en: "No report is needed now. Look again at the next contact.",
      },
    },
  },
  todo: {
    call112: { nl: "Bel nu 112.", en: "Call 112 now." },
    thenContactPoint: {
      nl: (s: ContactPointSettings) =>
        `Meld het daarna meteen bij het aanspreekpunt: ${s.contactPointName}, ${s.contactPointPhone}.`,
      en: (s: ContactPointSettings) =>
        `Then report it straight away to the contact point: ${s.contactPointName}, ${s.contactPointPhone}.`,
    },
    reportToday: {
      nl: (s: ContactPointSettings) =>
        `Meld het vandaag bij het aanspreekpunt mensenhandel: ${s.contactPointName}, ${s.contactPointPhone}, ${s.contactPointEmail}. Gebruik de knop hieronder.`,
      en: (s: ContactPointSettings) =>
        `Report it today to the human trafficking contact point: ${s.contactPointName}, ${s.contactPointPhone}, ${s.contactPointEmail}. Use the button below.`,
    },
    consult: {
      nl: (s: ContactPointSettings) =>
        `Bespreek het binnen twee werkdagen met het aanspreekpunt: ${s.contactPointName}, ${s.contactPointPhone}, ${s.contactPointEmail}.`,
      en: (s: ContactPointSettings) =>
        `Discuss it within two working days with the contact point: ${s.contactPointName}, ${s.contactPointPhone}, ${s.contactPointEmail}.`,
    },
    monitor: {
      nl: "Leg alleen de feiten kort vast: wat je zag, waar en wanneer. Geen meningen.",
      en: "Briefly record only the facts: what you saw, where and when. No opinions.",
    },
    monitorConsult: {
      nl: (s: ContactPointSettings) =>
        `Twijfel je? Overleg gerust met ${s.contactPointName} (${s.contactPointPhone}).`,
      en: (s: ContactPointSettings) =>
        `In doubt? Feel free to consult ${s.contactPointName} (${s.contactPointPhone}).`,
    },
    veiligThuis: {
      nl: "Gaat het om een kind? Overleg ook met Veilig Thuis: 0800-2000 (gratis, dag en nacht).",
      en: "Is it about a child? Also consult Veilig Thuis: 0800-2000 (free, day and night).",
    },
    labourInspection: {
      nl: "Arbeidsuitbuiting: de Nederlandse Arbeidsinspectie, 0800-5151.",
      en: "Labour exploitation: the Netherlands Labour Authority, 0800-5151.",
    },
    police: {
      nl: "Politie: 0900-8844. Anoniem melden: Meld Misdaad Anoniem, 0800-7000.",
      en: "Police: 0900-8844. Report anonymously: Meld Misdaad Anoniem, 0800-7000.",
    },
    dangerAnyway: {
      nl: "Wordt het toch gevaarlijk? Bel 112.",
      en: "If it becomes dangerous after all: call 112.",
    },
  },
} as const;

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
  return card([
    textBlock(TEXTS.menuTitle[lang], "heading"),
    band("attention", [{ ...textBlock(TEXTS.menuAcute[lang]), weight: "Bolder" }]),
    ...trees.map((tree): CardElement => ({
      type: "Container",
      separator: true,
      items: [
        { ...textBlock(tree.title[lang]), weight: "Bolder" },
        textBlock(tree.description[lang], "subtle"),
        {
          type: "ActionSet",
          actions: [executeAction("check.start", TEXTS.start[lang], { treeId: tree.id })],
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
  const number = progress.answered + 1;
  const total = Math.max(number, progress.answered + progress.estimatedRemaining);
  const current = Array.isArray(view.current) ? view.current : [];
  const ids = { treeId: view.treeId, nodeId: view.nodeId };
  const body: CardElement[] = [
    textBlock(TEXTS.progress[lang](number, total), "subtle"),
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
    actions.push(executeAction("check.answer", TEXTS.submitMulti[lang], ids));
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
        return executeAction("check.answer", title, {
          ...ids,
          optionIds: [o.id],
        });
      }),
    });
  }
  if (view.current !== undefined) body.push(textBlock(TEXTS.earlier[lang], "subtle"));
  body.push(textBlock(view.kind === "multi" ? TEXTS.hintMulti[lang] : TEXTS.hintSingle[lang], "subtle"));
  if (view.canGoBack) actions.push(executeAction("check.back", TEXTS.back[lang], ids));
  actions.push(executeAction("check.skip", TEXTS.skip[lang], ids));
  actions.push(executeAction("check.stop", TEXTS.stop[lang], { treeId: view.treeId }));
  return card(body, actions);
}

/** An info step (e.g. what to tell a caller) with "Verder" (verb "check.continue"), Terug and Stop. */
export function infoCard(view: InfoView, lang: Lang): AdaptiveCard {
  const ids = { treeId: view.treeId, nodeId: view.nodeId };
  return card(
    [textBlock(view.text[lang]), ...(view.help ? [textBlock(view.help[lang], "subtle")] : [])],
    [
      executeAction("check.continue", TEXTS.continue[lang], ids),
      ...(view.canGoBack ? [executeAction("check.back", TEXTS.back[lang], ids)] : []),
      executeAction("check.stop", TEXTS.stop[lang], { treeId: view.treeId }),
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
): AdaptiveCard {
  const { outcome, reasons, rule } = result.assessment;
  const texts = TEXTS.outcome[outcome];
  const reasonLines = reasons[lang].length > 0 ? reasons[lang] : [TEXTS.noReasons[lang]];
  const topics = result.topics.slice(0, 5);
  return card(
    [
      {
        type: "Container",
        style: OUTCOME_STYLE[outcome],
        bleed: true,
        items: [textBlock(texts.title[lang], "heading"), textBlock(texts.meaning[lang])],
      },
      { ...textBlock(TEXTS.reasonsTitle[lang]), weight: "Bolder" },
      textBlock(reasonLines.map((r) => `- ${r}`).join("\n")),
      { ...textBlock(TEXTS.todoTitle[lang]), weight: "Bolder" },
      textBlock(
        whatToDo(result, settings, lang)
          .map((line) => `- ${line}`)
          .join("\n"),
      ),
      textBlock(TEXTS.notAConclusion[lang]),
      textBlock(TEXTS.numbersNote[lang], "subtle"),
      ...(topics.length > 0
        ? [
            { ...textBlock(TEXTS.topicsTitle[lang]), weight: "Bolder" },
            ...buttonList(
              topics.map((id) =>
                executeAction("kb.topic", topicTitles.get(id)?.[lang] ?? topicIdAsWords(id), {
                  topicId: id,
                  lang,
                }),
              ),
            ),
          ]
        : []),
    ],
    [
      executeAction("report.start", TEXTS.report[lang], { fromCheck: true }),
      executeAction("advice.explain", TEXTS.explain[lang], { treeId: result.treeId, rule }),
      executeAction("check.restart", TEXTS.restart[lang], { treeId: result.treeId }),
    ],
  );
}

/** The steps for an outcome; ACUTE and ESCALATE always carry numbers (domain brief §6). */
function whatToDo(result: DoneResult, settings: ContactPointSettings, lang: Lang): string[] {
  const todo = TEXTS.todo;
  const extra = (): string[] => [
    // Doubt about the age counts as a possible minor: Veilig Thuis is named too.
    ...(result.facts.minor || result.assessment.ageInDoubt ? [todo.veiligThuis[lang]] : []),
    ...(result.facts.form === "labour" ? [todo.labourInspection[lang]] : []),
  ];
  switch (result.assessment.outcome) {
    case "ACUTE":
      return [todo.call112[lang], todo.thenContactPoint[lang](settings)];
    case "ESCALATE":
      return [todo.reportToday[lang](settings), ...extra(), todo.police[lang], todo.dangerAnyway[lang]];
    case "CONSULT":
      return [todo.consult[lang](settings), ...extra(), todo.dangerAnyway[lang]];
    case "MONITOR":
      return [todo.monitor[lang], todo.monitorConsult[lang](settings), todo.dangerAnyway[lang]];
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
