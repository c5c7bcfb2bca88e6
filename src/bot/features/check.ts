/**
 * @module bot/features/check
 * The guided signal check in the chat: starts a tree, renders each step of the pure engine as a card, accepts
 * clicks and typed text (the engine decides: an answer, terug/opnieuw/stop, or not understood), answers a
 * question typed mid-check from the knowledge base and then asks the question again. The position lives in the
 * conversation data, so it survives restarts; a changed tree restarts politely. A clicked question card is
 * replaced by what was answered, so its buttons cannot be used twice.
 */
import { z } from "zod";
import { textsFor, type Lang } from "../../i18n/index.js";
import { step, type DoneResult, type PresentResult, type StepOutcome } from "../../dialogs/engine.js";
import { nodesById } from "../../dialogs/graph.js";
import { checkCounters, type CheckFact, type Counter } from "../../insight/counters.js";
import { offeredOptions } from "../../dialogs/match.js";
import { CheckState, type StepInput } from "../../dialogs/state.js";
import { isQuestion, type DialogTree, type Text } from "../../dialogs/tree-schema.js";
import type { Logger } from "../../log.js";
import { formsOf, type SignalCatalogue } from "../../signals/catalogue.js";
import { Assessment, type Policy } from "../../signals/policy.js";
import {
  adviceCard,
  answeredQuestionCard,
  checkMenuCard,
  infoCard,
  questionCard,
  type ContactPointSettings,
} from "../cards/check-cards.js";
import type { AdaptiveCard } from "../cards/adaptive.js";
import type { CheckTextHandler, Feature } from "../feature.js";
import { ACUTE, handled, SKIPPED, type FeatureResult, type Handled, type Reply } from "../reply.js";
import type { TurnView } from "../turn.js";

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
  /** When the check run began (its state's `startedAt`): an advice reached again after `terug` is the same run. */
  runStartedAt: z.string().optional(),
});
export type LastResult = z.infer<typeof LastResult>;

/** What the check feature needs. */
export interface CheckDeps {
  trees: readonly DialogTree[];
  catalogue: SignalCatalogue;
  policy: Policy;
  contactPoint: ContactPointSettings;
  topicTitles: ReadonlyMap<string, Text>;
  /**
   * Answers text the check could not read as an answer from the knowledge base: replies when it showed an
   * answer, choices, or (when `decline`) the honest "cannot answer" card; undefined when it left the text alone.
   */
  answerQuestion: (
    turn: TurnView,
    text: string,
    options: { decline: boolean },
  ) => Promise<Reply[] | undefined>;
  /** One knowledge topic as a reply (the "Uitleg" button). */
  showTopic: (turn: TurnView, topicId: string) => Reply;
  /** Adds a finished check to the anonymous statistics (insight/counters); not counted when absent. */
  countCheck?: (counters: Counter[]) => Promise<void>;
  /** Practice mode (features/practice); without it every check is a real one. */
  practice?: PracticeHooks;
  logger: Logger;
}

/**
 * Practice mode's part in a check: a practice run's cards are marked, it ends with a score instead of the advice
 * (never counted, never kept for a report), and typed questions go to the case instead of the knowledge base.
 */
export interface PracticeHooks {
  /** Whether the conversation's running check is a practice run. */
  active(data: TurnView["data"]): boolean;
  /** The card with the practice band on top. */
  mark(card: AdaptiveCard, lang: Lang): AdaptiveCard;
  /** The score instead of the advice; its patch ends the run (check and practice data removed). */
  done(turn: TurnView, result: DoneResult): Promise<Handled>;
  /** A typed question to the case: the facts it asks for, or that it is not known; with the revealed facts. */
  ask(turn: TurnView, text: string): Handled;
}

/** The signal-check feature: its verbs and commands, and the running check's side of typed text. */
/** The check feature, and how practice mode starts a check. */
export interface CheckFeature extends Feature, CheckTextHandler {
  /** Starts tree `treeId` (practice mode calls it with the practice run already in `turn.data`). */
  startCheck(turn: TurnView, treeId: string): Promise<Handled>;
}

export function checkFeature(deps: CheckDeps): CheckFeature {
  const log = deps.logger.child({ module: "check" });
  const trees = new Map(deps.trees.map((t) => [t.id, t]));
  const signals = { catalogue: deps.catalogue, policy: deps.policy };

  const currentState = (data: TurnView["data"]): CheckState | undefined => {
    const parsed = CheckState.safeParse(data.check);
    return parsed.success ? parsed.data : undefined;
  };

  /** The replies and data change for a position of the check. */
  /**
   * Counts a finished check in the anonymous statistics; the same run reaching its advice again (after `terug`)
   * moves its count instead of adding one. A failure to count is logged and never fails the turn.
   */
  const count = async (turn: TurnView, last: LastResult): Promise<void> => {
    if (!deps.countCheck) return;
    // Both sides of a move carry the current department, so a move never shifts a count between departments.
    const fact = (r: LastResult): CheckFact => ({
      at: r.runStartedAt ?? r.finishedAt,
      treeId: r.treeId,
      outcome: r.assessment.outcome,
      signals: r.assessment.signals,
      forms: formsOf(deps.catalogue, r.assessment.signals),
      department: turn.user.department,
    });
    const before = LastResult.safeParse(turn.data.lastResult).data;
    const sameRun = before?.runStartedAt !== undefined && before.runStartedAt === last.runStartedAt;
    try {
      await deps.countCheck([
        ...(sameRun ? checkCounters(fact(before), -1) : []),
        ...checkCounters(fact(last)),
      ]);
    } catch (error) {
      log.warn({ err: { name: (error as Error).name }, tree: last.treeId }, "check not counted");
    }
  };

  const present = async (turn: TurnView, result: PresentResult): Promise<Handled> => {
    const lang = turn.lang;
    const practice = deps.practice?.active(turn.data) ? deps.practice : undefined;
    const mark = (c: AdaptiveCard) => (practice ? practice.mark(c, lang) : c);
    switch (result.status) {
      case "question":
        return handled(
          [
            ...(result.note === "stale_answer" ? [textsFor(lang).check.stale] : []),
            mark(questionCard(result.view, result.progress, lang)),
          ],
          { patch: { check: result.state } },
        );
      case "info":
        return handled([mark(infoCard(result.view, lang))], { patch: { check: result.state } });
      case "done": {
        // A practice run is scored, not advised: no statistics of checks, nothing kept for a report.
        if (practice) return practice.done(turn, result);
        const last: LastResult = {
          treeId: result.treeId,
          assessment: result.assessment,
          facts: result.facts,
          finishedAt: turn.now.toISOString(),
          runStartedAt: result.state.startedAt,
        };
        turn.defer(() => count(turn, last));
        log.info(
          { tree: result.treeId, outcome: result.assessment.outcome, rule: result.assessment.rule },
          "check done",
        );
        // The state rests on the advice, so "terug" can still reopen the last question to change the answer.
        return handled(
          [
            ...(result.assessment.outcome === "ACUTE" ? [ACUTE] : []),
            adviceCard(result, deps.contactPoint, lang, deps.topicTitles, deps.catalogue),
          ],
          { patch: { check: result.state, lastResult: last } },
        );
      }
    }
  };

  /** Renders any step outcome; typed text the check cannot read may be a question for the knowledge base. */
  const render = async (
    turn: TurnView,
    tree: DialogTree,
    outcome: StepOutcome,
    typed = "",
  ): Promise<Handled> => {
    const t = textsFor(turn.lang).check;
    const practice = deps.practice?.active(turn.data) ? deps.practice : undefined;
    // In practice an acute answer gets a note, not the 112 card: nothing real is going on.
    const acute: Reply[] =
      outcome.newAcuteSignals.length === 0
        ? []
        : practice
          ? [{ kind: "text", text: textsFor(turn.lang).practice.acuteNote }]
          : [ACUTE];
    switch (outcome.status) {
      case "stopped":
        return handled([t.stopped], { patch: { check: undefined, practice: undefined } });
      case "tree_changed": {
        log.info({ tree: tree.id }, "tree changed under a running check");
        const restart = await present(turn, outcome.restart);
        return { ...restart, replies: [{ kind: "text", text: t.treeChanged }, ...restart.replies] };
      }
      case "not_understood": {
        const reask = await present(turn, outcome.reask);
        if (practice && typed) {
          const asked = practice.ask(turn, typed);
          return {
            ...reask,
            replies: [
              ...asked.replies,
              { kind: "text", text: textsFor(turn.lang).practice.resume },
              ...reask.replies,
            ],
            patch: { ...reask.patch, ...asked.patch },
          };
        }
        const answer = typed
          ? await deps.answerQuestion(turn, typed, { decline: outcome.maybeQuestion })
          : undefined;
        const lead: Reply[] = answer
          ? [...answer, { kind: "text", text: t.resume }]
          : [{ kind: "text", text: t.notUnderstood }];
        return { ...reask, replies: [...lead, ...reask.replies] };
      }
      default: {
        const shown = await present(turn, outcome);
        return { ...shown, replies: [...acute, ...shown.replies] };
      }
    }
  };

  const start = async (turn: TurnView, treeId: string): Promise<Handled> => {
    const tree = trees.get(treeId);
    if (!tree) return handled([textsFor(turn.lang).check.unknownTree, checkMenuCard(deps.trees, turn.lang)]);
    log.info({ tree: tree.id }, "check started");
    return render(turn, tree, step(tree, undefined, { type: "start" }, turn.now, signals));
  };

  /** Applies an input to the running check; says so when there is none. */
  const advance = async (turn: TurnView, input: StepInput): Promise<Handled> => {
    const state = currentState(turn.data);
    const tree = state && trees.get(state.treeId);
    if (!state || !tree) return handled([textsFor(turn.lang).check.noCheck], { patch: { check: undefined } });
    // A click on an older question card while the check rests on its advice: say so, do not resend the advice.
    if (input.type === "answer" && isAtAdvice(state)) return handled([textsFor(turn.lang).check.staleAdvice]);
    const typed = input.type === "text" ? input.text : "";
    return render(turn, tree, step(tree, state, input, turn.now, signals), typed);
  };

  const isAtAdvice = (state: CheckState): boolean =>
    nodesById(trees.get(state.treeId) as DialogTree).get(state.nodeId)?.kind === "assessment";

  /**
   * The clicked question card becomes a record of what was answered (no buttons left to click twice); only for
   * a question of the running check, so a stale card elsewhere is left as it is.
   */
  const answeredCard = (turn: TurnView, nodeId: string, input: StepInput) => {
    const state = currentState(turn.data);
    const tree = state && trees.get(state.treeId);
    const node = tree && state.nodeId === nodeId ? nodesById(tree).get(nodeId) : undefined;
    if (!node || !isQuestion(node)) return undefined;
    const lang = turn.lang;
    const t = textsFor(lang).check;
    const offered = offeredOptions(node);
    // A click naming an option this question does not offer is not an answer: the card stays as it is.
    if (input.type === "answer" && input.optionIds.some((id) => !offered.some((o) => o.id === id)))
      return undefined;
    const labels =
      input.type === "answer"
        ? offered.filter((o) => input.optionIds.includes(o.id)).map((o) => o.label[lang])
        : [];
    const answer =
      input.type === "skip"
        ? t.skipped
        : labels.length > 0
          ? labels.join(", ")
          : input.type === "answer"
            ? t.noneChosen
            : undefined;
    return answer === undefined ? undefined : answeredQuestionCard(node.text[lang], answer);
  };

  const clicked = async (
    turn: TurnView,
    nodeId: string | undefined,
    input: StepInput,
  ): Promise<FeatureResult> => {
    const answered = nodeId ? answeredCard(turn, nodeId, input) : undefined;
    const update =
      answered && deps.practice?.active(turn.data) ? deps.practice.mark(answered, turn.lang) : answered;
    const result = await advance(turn, input);
    return update ? { ...result, update } : result;
  };

  return {
    name: "check",
    startCheck: start,
    commands: {
      check: (turn) => start(turn, DEFAULT_TREE_ID),
      kcc: (turn) => start(turn, KCC_TREE_ID),
    },
    actions: {
      "check.menu": async (turn) => handled([checkMenuCard(deps.trees, turn.lang)]),
      "check.start": (turn, data) => start(turn, data.treeId ?? DEFAULT_TREE_ID),
      "check.restart": (turn, data) =>
        start(turn, data.treeId ?? currentState(turn.data)?.treeId ?? DEFAULT_TREE_ID),
      "check.answer": (turn, data) =>
        clicked(turn, data.nodeId, { type: "answer", nodeId: data.nodeId, optionIds: data.optionIds }),
      "check.back": (turn, data) => clicked(turn, data.nodeId, { type: "back" }),
      "check.skip": (turn, data) => clicked(turn, data.nodeId, { type: "skip" }),
      "check.continue": (turn, data) => clicked(turn, data.nodeId, { type: "continue" }),
      "check.stop": (turn) => advance(turn, { type: "stop" }),
      "advice.explain": async (turn) => handled([deps.showTopic(turn, "hoe-weegt-de-signaalcheck")]),
    },
    position: (data) => {
      const state = currentState(data);
      if (!state || !trees.has(state.treeId)) return "none";
      return isAtAdvice(state) ? "advice" : "running";
    },
    onCheckText: async (turn, text) => {
      const state = currentState(turn.data);
      // At the advice, typed text other than terug / opnieuw / stop is a new topic: leave it to the knowledge base.
      if (state && isAtAdvice(state)) {
        const tree = trees.get(state.treeId) as DialogTree;
        const outcome = step(tree, state, { type: "text", text: text.slice(0, 2000) }, turn.now, signals);
        return outcome.status === "not_understood" ? SKIPPED : render(turn, tree, outcome);
      }
      return advance(turn, { type: "text", text: text.slice(0, 2000) });
    },
  };
}
