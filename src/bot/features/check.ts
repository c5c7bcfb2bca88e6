/**
 * @module bot/features/check
 * The guided signal check in the chat: starts a tree, renders each step of the pure engine as a card, accepts
 * clicks and typed answers (numbers, labels with typos, ja/nee/weet niet, terug/opnieuw/stop), answers a question
 * typed mid-check from the knowledge base and then asks the question again. The position lives in the
 * conversation data, so it survives restarts; a changed tree restarts politely.
 */
import { z } from "zod";
import { collectSignals, step, type PresentResult, type StepResult } from "../../dialogs/engine.js";
import { nodesById } from "../../dialogs/graph.js";
import { matchCommand } from "../../dialogs/match.js";
import { CheckState, StepInput } from "../../dialogs/state.js";
import type { DialogTree, Text } from "../../dialogs/tree-schema.js";
import type { Logger } from "../../log.js";
import type { SignalCatalogue } from "../../signals/catalogue.js";
import { Assessment, type Policy } from "../../signals/policy.js";
import {
  adviceCard,
  checkMenuCard,
  infoCard,
  questionCard,
  type ContactPointSettings,
} from "../cards/check-cards.js";
import type { Feature } from "../feature.js";
import type { Lang } from "../texts.js";
import type { Turn } from "../turn.js";
import { sendAcuteCard } from "./acute.js";

/** The tree a typed "check" starts. */
export const DEFAULT_TREE_ID = "algemeen";
/** The call-centre script tree. */
export const KCC_TREE_ID = "kcc-belscript";

/** What a finished check leaves for the report flow. */
export const LastResult = z.object({
  treeId: z.string(),
  assessment: Assessment,
  facts: z.object({
    minor: z.boolean().optional(),
    locationOnly: z.boolean().optional(),
    form: z.string().optional(),
  }),
  finishedAt: z.string(),
});
export type LastResult = z.infer<typeof LastResult>;

const TEXTS = {
  stopped: {
    nl: "De check is gestopt. Typ **check** om opnieuw te beginnen, of stel een vraag.",
    en: "The check has stopped. Type **check** to start again, or ask a question.",
  },
  noCheck: {
    nl: "Er loopt geen check meer. Typ **check** om te beginnen.",
    en: "There is no check running. Type **check** to start one.",
  },
  treeChanged: {
    nl: "De vragen van deze check zijn intussen aangepast. Om geen fouten te maken begin ik opnieuw.",
    en: "The questions of this check have been updated in the meantime. To avoid mistakes I will start over.",
  },
  notUnderstood: {
    nl: "Dat antwoord begreep ik niet. Klik op een knop, typ het nummer of het antwoord, of typ **terug**, **overslaan** of **stop**.",
    en: "I did not understand that answer. Click a button, type the number or the answer, or type **terug** (back), **overslaan** (skip) or **stop**.",
  },
  resume: { nl: "We gaan verder met de check:", en: "Let's continue the check:" },
  stale: {
    nl: "Die vraag is al beantwoord. Hier ben je nu:",
    en: "That question was already answered. This is where you are now:",
  },
  unknownTree: {
    nl: "Die check bestaat niet (meer). Kies er een uit de lijst.",
    en: "That check does not exist (any more). Pick one from the list.",
  },
  received: { nl: "Antwoord ontvangen.", en: "Answer received." },
} as const;

const START =
  /^(check|checken|signaalcheck|signaal ?check|start (de |een )?(signaal)?check|nieuwe check|ik heb iets gezien|iets gezien)[.!]?$/i;
const KCC = /^(belscript|kcc|kcc[- ]script|beller|ik heb een beller)[.!]?$/i;
// Typed while a check runs, these open their own flow and leave the check where it is.
const GLOBAL =
  /^(help|hulp|menu|melden|meld|mijn meldingen|english|nederlands|registreer meldpunt|meldpunt status)$/i;

/** What the check feature needs. */
export interface CheckDeps {
  trees: readonly DialogTree[];
  catalogue: SignalCatalogue;
  policy: Policy;
  contactPoint: ContactPointSettings;
  topicTitles: ReadonlyMap<string, Text>;
  /** Answers a question typed mid-check from the knowledge base; true when it showed an answer or choices. */
  answerQuestion: (turn: Turn, text: string) => Promise<boolean>;
  /** Shows one knowledge topic (the "Uitleg" button). */
  showTopic: (turn: Turn, topicId: string) => Promise<void>;
  logger: Logger;
}

/** The signal-check feature. */
export function checkFeature(deps: CheckDeps): Feature {
  const log = deps.logger.child({ module: "check" });
  const trees = new Map(deps.trees.map((t) => [t.id, t]));
  const signals = { catalogue: deps.catalogue, policy: deps.policy };
  const acuteIds = new Set(deps.catalogue.signals.filter((s) => s.acute).map((s) => s.id));

  const currentState = (turn: Turn): CheckState | undefined => {
    const parsed = CheckState.safeParse(turn.data.check);
    return parsed.success ? parsed.data : undefined;
  };

  const present = async (turn: Turn, result: PresentResult): Promise<void> => {
    const lang = turn.lang;
    switch (result.status) {
      case "question":
        turn.data.check = result.state;
        if (result.note === "stale_answer") await turn.say(TEXTS.stale[lang]);
        await turn.say(questionCard(result.view, result.progress, lang));
        return;
      case "info":
        turn.data.check = result.state;
        await turn.say(infoCard(result.view, lang));
        return;
      case "done": {
        // The state rests on the advice, so "terug" can still reopen the last question to change the answer.
        turn.data.check = result.state;
        const last: LastResult = {
          treeId: result.treeId,
          assessment: result.assessment,
          facts: result.facts,
          finishedAt: turn.now.toISOString(),
        };
        turn.data.lastResult = last;
        if (result.assessment.outcome === "ACUTE") await sendAcuteCard(turn, deps.contactPoint);
        await turn.say(adviceCard(result, deps.contactPoint, lang, deps.topicTitles));
        log.info(
          { tree: result.treeId, outcome: result.assessment.outcome, rule: result.assessment.rule },
          "check done",
        );
        return;
      }
    }
  };

  /**
   * Renders any step result. For "not_understood", `typed` (the cleaned message) is tried as a question for the
   * knowledge base before the question is asked again.
   */
  const render = async (
    turn: Turn,
    tree: DialogTree,
    before: CheckState | undefined,
    result: StepResult,
    typed = "",
  ) => {
    const lang: Lang = turn.lang;
    switch (result.status) {
      case "stopped":
        turn.data.check = undefined;
        await turn.say(TEXTS.stopped[lang]);
        return;
      case "tree_changed":
        log.info({ tree: tree.id }, "tree changed under a running check");
        await turn.say(TEXTS.treeChanged[lang]);
        return present(turn, result.restart);
      case "not_understood":
        if (!typed || !(await deps.answerQuestion(turn, typed))) await turn.say(TEXTS.notUnderstood[lang]);
        else await turn.say(TEXTS.resume[lang]);
        return present(turn, result.reask);
      default:
        if (before && "state" in result && newAcuteSignal(tree, before, result.state)) {
          await sendAcuteCard(turn, deps.contactPoint);
        }
        return present(turn, result);
    }
  };

  const newAcuteSignal = (tree: DialogTree, before: CheckState, after: CheckState): boolean => {
    const had = new Set(collectSignals(tree, before));
    return collectSignals(tree, after).some((id) => acuteIds.has(id) && !had.has(id));
  };

  const start = async (turn: Turn, treeId: string): Promise<void> => {
    const tree = trees.get(treeId);
    if (!tree) {
      await turn.say(TEXTS.unknownTree[turn.lang], checkMenuCard(deps.trees, turn.lang));
      return;
    }
    log.info({ tree: tree.id }, "check started");
    await render(turn, tree, undefined, step(tree, undefined, { type: "start" }, turn.now, signals));
  };

  /** Applies an input to the running check; says so when there is none. */
  const advance = async (turn: Turn, input: StepInput): Promise<void> => {
    const state = currentState(turn);
    const tree = state && trees.get(state.treeId);
    if (!state || !tree) {
      turn.data.check = undefined;
      await turn.say(TEXTS.noCheck[turn.lang]);
      return;
    }
    const typed = input.type === "text" ? input.text : "";
    await render(turn, tree, state, step(tree, state, input, turn.now, signals), typed);
  };

  const simple = (type: "back" | "skip" | "continue" | "stop") => async (turn: Turn) => {
    turn.invokeAnswer = { kind: "message", text: TEXTS.received[turn.lang] };
    await advance(turn, { type });
  };

  return {
    name: "check",
    actions: {
      "check.menu": async (turn) => {
        await turn.say(checkMenuCard(deps.trees, turn.lang));
      },
      "check.start": async (turn, data) => {
        turn.invokeAnswer = { kind: "message", text: TEXTS.received[turn.lang] };
        await start(turn, typeof data.treeId === "string" ? data.treeId : DEFAULT_TREE_ID);
      },
      "check.restart": async (turn, data) => {
        const treeId = typeof data.treeId === "string" ? data.treeId : currentState(turn)?.treeId;
        await start(turn, treeId ?? DEFAULT_TREE_ID);
      },
      "check.answer": async (turn, data) => {
        turn.invokeAnswer = { kind: "message", text: TEXTS.received[turn.lang] };
        // A multi-select ChoiceSet submits "a,b"; buttons send an array; an empty submit means "none of these".
        const raw = data.optionIds;
        const optionIds = Array.isArray(raw) ? raw : typeof raw === "string" && raw ? raw.split(",") : [];
        const input = StepInput.safeParse({ type: "answer", nodeId: data.nodeId, optionIds });
        if (!input.success) {
          await turn.say(TEXTS.notUnderstood[turn.lang]);
          return;
        }
        await advance(turn, input.data);
      },
      "check.back": simple("back"),
      "check.skip": simple("skip"),
      "check.continue": simple("continue"),
      "check.stop": simple("stop"),
      "advice.explain": async (turn) => {
        await deps.showTopic(turn, "hoe-weegt-de-signaalcheck");
      },
    },
    onText: async (turn, text) => {
      if (KCC.test(text)) {
        await start(turn, KCC_TREE_ID);
        return true;
      }
      if (START.test(text)) {
        await start(turn, DEFAULT_TREE_ID);
        return true;
      }
      const state = currentState(turn);
      if (!state || GLOBAL.test(text)) return false;
      const tree = trees.get(state.treeId);
      if (tree && nodesById(tree).get(state.nodeId)?.kind === "assessment") {
        // After the advice only "terug" and "opnieuw" still belong to the check; anything else is a new topic.
        const command = matchCommand(text);
        if (command !== "back" && command !== "restart") return false;
      }
      await advance(turn, { type: "text", text: text.slice(0, 2000) });
      return true;
    },
  };
}
