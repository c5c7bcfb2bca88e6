/**
 * @module dialogs/engine
 * The pure signal-check engine: `step(tree, state, input, now, signalContent)` moves a check one turn and returns
 * what to show as a value (a union on `status`). It never builds an Activity; the bot renders the result.
 */
import type { SignalCatalogue } from "../signals/catalogue.js";
import { assessSituation, type Assessment, type Policy } from "../signals/policy.js";
import { nodesById, questionSpan } from "./graph.js";
import { matchAnswer, matchCommand, offeredOptions, type OfferedOption } from "./match.js";
import { looksLikeQuestion } from "./question-like.js";
import type { Answer, CheckState, StepInput } from "./state.js";
import {
  UNKNOWN_OPTION_ID,
  type AssessmentNode,
  type Condition,
  type DialogTree,
  type Facts,
  type InfoNode,
  type QuestionNode,
  type Text,
  type TreeNode,
} from "./tree-schema.js";

/** The catalogue and policy the assessment end needs (what `loadSignalContent` returns). */
export interface SignalContent {
  catalogue: SignalCatalogue;
  policy: Policy;
}

/** A question as the bot shows it; `text` already picks the wording for the user's setting. */
export interface QuestionView {
  treeId: string;
  nodeId: string;
  kind: QuestionNode["kind"];
  text: Text;
  help?: Text;
  options: OfferedOption[];
  /** The earlier answer to this question, when the user came back to it. */
  current?: Answer;
  topics: string[];
  canGoBack: boolean;
}

/** How far the user is: questions answered, and at most how many are left including this one. */
export interface Progress {
  answered: number;
  estimatedRemaining: number;
}

/** An info text as the bot shows it (continue with "Verder"). */
export interface InfoView {
  treeId: string;
  nodeId: string;
  text: Text;
  help?: Text;
  topics: string[];
  canGoBack: boolean;
}

/** One answered question in the summary of a finished check. */
export interface AnswerSummary {
  nodeId: string;
  question: Text;
  answer: { kind: "options"; labels: Text[] } | { kind: "unknown" } | { kind: "skip" };
}

/** Ask this question. `note` "stale_answer": a button of an older card was used, nothing changed. */
export interface QuestionResult {
  status: "question";
  state: CheckState;
  view: QuestionView;
  progress: Progress;
  note?: "stale_answer";
}

/** Show this info text. */
export interface InfoResult {
  status: "info";
  state: CheckState;
  view: InfoView;
}

/** The check is at its end: the advice over the signals and facts on the path, with topics and a summary. */
export interface DoneResult {
  status: "done";
  state: CheckState;
  treeId: string;
  assessment: Assessment;
  facts: Facts;
  topics: string[];
  summary: AnswerSummary[];
  text?: Text;
}

/** What the check shows at its current position. */
export type PresentResult = QuestionResult | InfoResult | DoneResult;

/**
 * Typed text that is not an answer here. `maybeQuestion`: it reads as a question or a new topic (a question word,
 * a question mark, a whole sentence, or anything typed at the advice), so the bot should try the knowledge base;
 * otherwise it is a mistyped answer and the question is asked again.
 */
export interface NotUnderstoodResult {
  status: "not_understood";
  state: CheckState;
  reask: PresentResult;
  maybeQuestion: boolean;
}

/** One step's result; persist `state` where there is one, drop it on "stopped". */
export type StepResult =
  | PresentResult
  | NotUnderstoodResult
  | { status: "tree_changed"; state: CheckState; restart: PresentResult }
  | { status: "stopped"; treeId?: string };

/**
 * A step's result with the acute signals (catalogue `acute: true`) this step added to the path, so the bot shows
 * the 112 card the moment one is chosen, before the check ends.
 */
export type StepOutcome = StepResult & { newAcuteSignals: string[] };

/**
 * Moves a check one turn. Without state only `start`/`restart` begin a check; a state from another tree version
 * gives "tree_changed" with a fresh start; typed text that is neither a command nor an answer gives
 * "not_understood" (the bot may then try the knowledge base and show `reask`).
 */
export function step(
  tree: DialogTree,
  state: CheckState | undefined,
  input: StepInput,
  now: Date,
  signals: SignalContent,
): StepOutcome {
  const result = stepOnce(tree, state, input, now, signals);
  const before = new Set(state && state.treeId === tree.id ? safeSignals(tree, state) : []);
  const after = "state" in result && result.status !== "tree_changed" ? safeSignals(tree, result.state) : [];
  const acute = acuteIds(signals.catalogue);
  return { ...result, newAcuteSignals: after.filter((id) => acute.has(id) && !before.has(id)) };
}

const acuteIdsByCatalogue = new WeakMap<SignalCatalogue, ReadonlySet<string>>();

/** The catalogue's acute signal ids, built once per catalogue rather than on every step. */
function acuteIds(catalogue: SignalCatalogue): ReadonlySet<string> {
  let ids = acuteIdsByCatalogue.get(catalogue);
  if (!ids) {
    ids = new Set(catalogue.signals.filter((s) => s.acute).map((s) => s.id));
    acuteIdsByCatalogue.set(catalogue, ids);
  }
  return ids;
}

/** The signals of a state, or none when the state does not fit the tree (it is then restarted anyway). */
function safeSignals(tree: DialogTree, state: CheckState): string[] {
  return state.treeVersion === tree.version ? collectSignals(tree, state) : [];
}

function stepOnce(
  tree: DialogTree,
  state: CheckState | undefined,
  input: StepInput,
  now: Date,
  signals: SignalContent,
): StepResult {
  if (input.type === "start" || input.type === "restart") return start(tree, now, signals);
  if (!state) return { status: "stopped" };
  const nodes = nodesById(tree);
  const current = nodes.get(state.nodeId);
  if (state.treeId !== tree.id || state.treeVersion !== tree.version || !current || !isResting(current)) {
    const restart = start(tree, now, signals);
    return { status: "tree_changed", state: restart.state, restart };
  }
  switch (input.type) {
    case "stop":
      return { status: "stopped", treeId: tree.id };
    case "back": {
      const previous = state.path.at(-1);
      if (previous === undefined) return present(tree, state, signals);
      return present(tree, { ...state, nodeId: previous, path: state.path.slice(0, -1) }, signals);
    }
    case "skip":
      if (current.kind === "assessment") return present(tree, state, signals);
      if (current.kind === "info") return move(tree, state, current.next, signals);
      return record(tree, state, current, "skip", signals);
    case "continue":
      if (current.kind === "info") return move(tree, state, current.next, signals);
      return present(tree, state, signals);
    case "answer":
      return answer(tree, state, current, input.nodeId, input.optionIds, signals);
    case "text":
      return text(tree, state, current, input.text, now, signals);
  }
}

/** The signal ids chosen on the current path, each once, in the order they were recorded. */
export function collectSignals(tree: DialogTree, state: CheckState): string[] {
  return [...new Set(chosenOptions(tree, state).flatMap((o) => o.signals))];
}

/**
 * The situation facts recorded on the current path, from chosen options and from "weet ik niet" answers of
 * yes/no questions that record facts of their own; a later answer overrides an earlier one.
 */
export function collectFacts(tree: DialogTree, state: CheckState): Facts {
  const facts: Facts = {};
  const nodes = nodesById(tree);
  for (const id of state.path) {
    const node = nodes.get(id);
    const answer = state.answers[id];
    if (!node || !("options" in node)) continue;
    const recorded = Array.isArray(answer)
      ? node.options.filter((o) => answer.includes(o.id)).map((o) => o.facts)
      : answer === "unknown" && "unknown" in node && node.unknown
        ? [node.unknown.facts]
        : [];
    for (const effect of recorded) {
      for (const [key, value] of Object.entries(effect) as [keyof Facts, Facts[keyof Facts]][]) {
        if (value !== undefined) Object.assign(facts, { [key]: value });
      }
    }
  }
  return facts;
}

type RestingNode = QuestionNode | InfoNode | AssessmentNode;

function isResting(node: TreeNode): node is RestingNode {
  return node.kind !== "branch" && node.kind !== "include";
}

function chosenOptions(tree: DialogTree, state: CheckState): QuestionNode["options"] {
  const nodes = nodesById(tree);
  return state.path.flatMap((id) => {
    const node = nodes.get(id);
    const answer = state.answers[id];
    if (!node || !("options" in node) || !Array.isArray(answer)) return [];
    return node.options.filter((o) => answer.includes(o.id));
  });
}

/** Topics of the questions where something was chosen, and of the chosen options. */
function answeredTopics(tree: DialogTree, state: CheckState): string[] {
  const nodes = nodesById(tree);
  return state.path.flatMap((id) => {
    const node = nodes.get(id);
    const answer = state.answers[id];
    if (!node || !("options" in node) || !Array.isArray(answer) || answer.length === 0) return [];
    return [...node.topics, ...node.options.filter((o) => answer.includes(o.id)).flatMap((o) => o.topics)];
  });
}

function start(tree: DialogTree, now: Date, signals: SignalContent): PresentResult {
  const state: CheckState = {
    v: 1,
    treeId: tree.id,
    treeVersion: tree.version,
    nodeId: tree.entry,
    path: [],
    answers: {},
    startedAt: now.toISOString(),
  };
  return move(tree, state, tree.entry, signals);
}

function answer(
  tree: DialogTree,
  state: CheckState,
  current: RestingNode,
  nodeId: string,
  optionIds: readonly string[],
  signals: SignalContent,
): StepResult {
  if (nodeId !== current.id || !("options" in current)) {
    const shown = present(tree, state, signals);
    return shown.status === "question" ? { ...shown, note: "stale_answer" } : shown;
  }
  const ids = [...new Set(optionIds)];
  if (ids.includes(UNKNOWN_OPTION_ID)) {
    if (ids.length !== 1) return notUnderstood(tree, state, signals, false);
    return record(tree, state, current, "unknown", signals);
  }
  const valid = ids.every((id) => current.options.some((o) => o.id === id));
  const countOk = current.kind === "multi" ? true : ids.length === 1;
  if (!valid || !countOk) return notUnderstood(tree, state, signals, false);
  return record(tree, state, current, ids, signals);
}

function text(
  tree: DialogTree,
  state: CheckState,
  current: RestingNode,
  typed: string,
  now: Date,
  signals: SignalContent,
): StepResult {
  const command = matchCommand(typed);
  // At the advice only going back, starting again and stopping still belong to the check: anything else typed
  // there is a new topic.
  if (current.kind === "assessment") {
    if (command === "back" || command === "restart" || command === "stop")
      return stepOnce(tree, state, { type: command }, now, signals);
    return notUnderstood(tree, state, signals, true);
  }
  if (command) return stepOnce(tree, state, { type: command }, now, signals);
  if (current.kind === "info") return notUnderstood(tree, state, signals, looksLikeQuestion(typed));
  const match = matchAnswer(current, typed);
  switch (match.status) {
    case "unknown":
      return record(tree, state, current, "unknown", signals);
    case "answer":
      return record(tree, state, current, match.optionIds, signals);
    case "no_match":
      return notUnderstood(tree, state, signals, looksLikeQuestion(typed));
  }
}

function notUnderstood(
  tree: DialogTree,
  state: CheckState,
  signals: SignalContent,
  maybeQuestion: boolean,
): NotUnderstoodResult {
  return { status: "not_understood", state, reask: present(tree, state, signals), maybeQuestion };
}

function record(
  tree: DialogTree,
  state: CheckState,
  node: QuestionNode,
  given: Answer,
  signals: SignalContent,
): PresentResult {
  const chosen =
    Array.isArray(given) && node.kind !== "multi" ? node.options.find((o) => o.id === given[0]) : undefined;
  const next = chosen?.next ?? node.next;
  const recorded: CheckState = {
    ...state,
    path: [...state.path, node.id],
    answers: { ...state.answers, [node.id]: given },
  };
  return move(tree, recorded, next, signals);
}

/** Goes to `nodeId`, passing branches (decided on the answers so far), and presents where it comes to rest. */
function move(tree: DialogTree, state: CheckState, nodeId: string, signals: SignalContent): PresentResult {
  const nodes = nodesById(tree);
  let id = nodeId;
  for (let hops = 0; hops <= nodes.size; hops += 1) {
    const node = nodes.get(id);
    if (!node)
      throw new Error(
        `tree '${tree.id}' refers to unknown node '${id}' (the loader should have caught this)`,
      );
    if (node.kind === "include")
      throw new Error(`tree '${tree.id}' has an include '${id}' that was not inlined`);
    if (node.kind !== "branch") return present(tree, { ...state, nodeId: id }, signals);
    const facts = collectFacts(tree, state);
    id = node.rules.find((r) => holds(r.when, state, facts))?.next ?? node.otherwise;
  }
  throw new Error(`tree '${tree.id}' loops through branches at '${nodeId}'`);
}

function holds(when: Condition, state: CheckState, facts: Facts): boolean {
  if ("fact" in when) {
    const value = facts[when.fact];
    return "known" in when ? (value !== undefined) === when.known : value === when.equals;
  }
  const given = state.path.includes(when.node) ? state.answers[when.node] : undefined;
  if (!Array.isArray(given)) return false;
  return "option" in when ? given.includes(when.option) : given.length > 0;
}

function present(tree: DialogTree, state: CheckState, signals: SignalContent): PresentResult {
  const node = nodesById(tree).get(state.nodeId);
  if (!node || !isResting(node))
    throw new Error(`check rests on '${state.nodeId}', which is not a stop in '${tree.id}'`);
  const facts = collectFacts(tree, state);
  const canGoBack = state.path.length > 0;
  if (node.kind === "assessment") {
    const signalIds = collectSignals(tree, state);
    // An age that is not known stays undefined: assessSituation then takes the stronger of minor and adult.
    const assessment = assessSituation(signals.catalogue, signals.policy, signalIds, {
      minor: facts.minor,
      locationOnly: facts.locationOnly ?? false,
    });
    const topics = [...new Set([...answeredTopics(tree, state), ...node.topics])];
    return {
      status: "done",
      state,
      treeId: tree.id,
      assessment,
      facts,
      topics,
      summary: summarise(tree, state),
      ...(node.text ? { text: node.text } : {}),
    };
  }
  const text = (facts.setting && node.textBySetting?.[facts.setting]) || node.text;
  const base = { treeId: tree.id, nodeId: node.id, text, topics: node.topics, canGoBack };
  const help = node.help ? { help: node.help } : {};
  if (node.kind === "info") return { status: "info", state, view: { ...base, ...help } };
  const current = state.answers[node.id];
  return {
    status: "question",
    state,
    view: {
      ...base,
      ...help,
      kind: node.kind,
      options: offeredOptions(node),
      ...(current ? { current } : {}),
    },
    progress: { answered: state.path.length, estimatedRemaining: questionSpan(tree, node.id).longest },
  };
}

function summarise(tree: DialogTree, state: CheckState): AnswerSummary[] {
  const nodes = nodesById(tree);
  return state.path.flatMap((id): AnswerSummary[] => {
    const node = nodes.get(id);
    const given = state.answers[id];
    if (!node || !("options" in node) || given === undefined) return [];
    const answer: AnswerSummary["answer"] = Array.isArray(given)
      ? { kind: "options", labels: node.options.filter((o) => given.includes(o.id)).map((o) => o.label) }
      : { kind: given };
    return [{ nodeId: id, question: node.text, answer }];
  });
}
