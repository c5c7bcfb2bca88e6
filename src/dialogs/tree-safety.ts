/**
 * @module dialogs/tree-safety
 * Proves, for one loaded (inlined) tree, that no route gives weaker advice than the policy. Every route is
 * played through the real engine (all answers where that stays within a budget, else a reduced answer set for
 * multiple-choice questions plus seeded random routes), and the advice on each route is compared with the policy
 * applied to what the route recorded, with doubt about age assessed as the stronger of minor and adult.
 * The rules, each named in a violation:
 * - `danger-on-every-route`: every route passes a question marked `danger: true` before its advice;
 * - `danger-offers-acute`: every such question offers every acute signal of the catalogue;
 * - `signal-recordable`: every signal a tree offers is recorded on some route, for an adult and for a minor
 *   (a person tree) and reaches at least the outcome the policy gives that signal alone;
 * - `outcomes-reachable`: a person tree reaches ACUTE and ESCALATE for an adult and for a minor, a location tree
 *   ACUTE and CONSULT;
 * - `health-minimal`: health data (signals with `health: true`) is never asked of a known adult, where the policy
 *   cannot use it (AVG art. 9, data minimisation);
 * - `route-advice`: the engine's advice on a route equals the policy applied to the route's signals and facts.
 */
import type { SignalCatalogue } from "../signals/catalogue.js";
import { assess, OUTCOME_RANK, type Outcome } from "../signals/policy.js";
import { step, type SignalContent, type StepResult } from "./engine.js";
import type { CheckState, StepInput } from "./state.js";
import {
  UNKNOWN_OPTION_ID,
  type DialogTree,
  type Facts,
  type Option,
  type QuestionNode,
} from "./tree-schema.js";
import { nodesById } from "./graph.js";

/** The names of the safety rules, as they appear in violations and in the docs. */
export type SafetyRule =
  | "danger-on-every-route"
  | "danger-offers-acute"
  | "signal-recordable"
  | "outcomes-reachable"
  | "health-minimal"
  | "route-advice";

/** One broken rule: the tree checked, the node it concerns (inlined ids keep their `<treeId>/` prefix). */
export interface SafetyViolation {
  treeId: string;
  nodeId: string;
  rule: SafetyRule;
  message: string;
}

/**
 * Who a route is about: a known adult, a known minor, a person whose age is in doubt (assessed as the stronger of
 * both), or only a place.
 */
export type AgeClass = "adult" | "minor" | "ageUnknown" | "location";

/** What a tree can do, for curators (`assess --trees`): signals it can record and outcomes reachable per class. */
export interface TreeSafetyReport {
  id: string;
  signals: string[];
  acuteOffered: string[];
  outcomes: Record<AgeClass, Outcome[]>;
  routes: number;
  mode: "all" | "sampled";
}

/** The engine's step function; a parameter so a test can prove the route check catches a faulty engine. */
export type StepFunction = typeof step;

/** Limits of the route walk; the defaults keep the check of the real content well under a second. */
export interface SafetyOptions {
  /** above this many routes with every answer combination, fall back to the reduced set plus samples */
  maxRoutes?: number;
  /** random routes (every combination possible) played in the fallback */
  samples?: number;
  seed?: number;
  stepper?: StepFunction;
}

/** Outcomes some route of the class must reach when the tree has routes of that class (ACUTE: every tree). */
const REQUIRED_OUTCOMES: Record<AgeClass, readonly Outcome[]> = {
  adult: ["ESCALATE"],
  minor: ["ESCALATE"],
  ageUnknown: [],
  location: ["CONSULT"],
};
const CLASS_NAMES: Record<AgeClass, string> = {
  adult: "an adult",
  minor: "a minor",
  ageUnknown: "a person of unknown age",
  location: "a location-only check",
};
const NOW = new Date("2026-01-01T00:00:00Z");
const ORDER: readonly Outcome[] = ["ACUTE", "ESCALATE", "CONSULT", "MONITOR"];

interface Chosen {
  node: QuestionNode;
  options: Option[];
  /** "weet ik niet" was given (a yes/no question may record facts for it) */
  unknown: boolean;
}

interface Route {
  chosen: Chosen[];
  sawDanger: boolean;
}

/** What decides everything after a point on a route; a point seen before need not be explored again. */
function routeKey(walk: Walk, nodeId: string, route: Route): string {
  const facts = routeFacts(route);
  const decisive = Object.entries(facts)
    .filter(([name]) => name === "minor" || name === "locationOnly" || walk.branchFacts.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  const signals = [...new Set(route.chosen.flatMap((c) => c.options.flatMap((o) => o.signals)))].sort();
  const answers = route.chosen
    .filter((c) => walk.branchNodes.has(c.node.id))
    .map((c) => `${c.node.id}=${c.options.map((o) => o.id).join("+")}`)
    .sort();
  return JSON.stringify([nodeId, decisive, signals, answers, route.sawDanger]);
}

/** Walk state shared by every route of one tree. */
interface Walk {
  tree: DialogTree;
  content: SignalContent;
  stepper: StepFunction;
  violations: Map<string, SafetyViolation>;
  outcomes: Record<AgeClass, Set<Outcome>>;
  /** per signal and class, the highest outcome rank of a route that recorded it */
  best: Map<string, Map<AgeClass, number>>;
  routes: number;
  /** routes that identified a person (the age was answered, or "a person" rather than only a place) */
  personRoutes: number;
  /** points already explored (see routeKey) */
  seen: Set<string>;
  /** facts and question nodes that some branch condition of the tree looks at */
  branchFacts: ReadonlySet<string>;
  branchNodes: ReadonlySet<string>;
  /** the catalogue's health signals (see health-minimal) */
  healthSignals: ReadonlySet<string>;
}

/** Checks one inlined tree against the policy in `content`; returns what it can do and every broken rule. */
export function checkTreeSafety(
  tree: DialogTree,
  content: SignalContent,
  options: SafetyOptions = {},
): { report: TreeSafetyReport; violations: SafetyViolation[] } {
  const maxRoutes = options.maxRoutes ?? 5_000;
  const stepper = options.stepper ?? step;
  const conditions = tree.nodes.flatMap((n) => (n.kind === "branch" ? n.rules.map((r) => r.when) : []));
  const branchFacts = new Set(conditions.flatMap((c) => ("fact" in c ? [c.fact] : [])));
  const branchNodes = new Set(conditions.flatMap((c) => ("node" in c ? [c.node] : [])));
  const healthSignals = new Set(content.catalogue.signals.filter((s) => s.health).map((s) => s.id));
  const fresh = (): Walk => ({
    seen: new Set(),
    branchFacts,
    branchNodes,
    healthSignals,
    tree,
    content,
    stepper,
    violations: new Map(),
    outcomes: { adult: new Set(), minor: new Set(), ageUnknown: new Set(), location: new Set() },
    best: new Map(),
    routes: 0,
    personRoutes: 0,
  });
  let walk = fresh();
  let mode: TreeSafetyReport["mode"] = "all";
  const start = stepper(tree, undefined, { type: "start" }, NOW, content);
  if (!explore(walk, start, { chosen: [], sawDanger: false }, "all", maxRoutes)) {
    mode = "sampled";
    walk = fresh();
    explore(walk, start, { chosen: [], sawDanger: false }, "reduced", Number.POSITIVE_INFINITY);
    const random = seededRandom(options.seed ?? 1);
    for (let i = 0; i < (options.samples ?? 1000); i += 1) sample(walk, start, random);
  }
  checkStatic(walk);
  checkReach(walk);
  const signals = offeredSignals(tree);
  const acute = new Set(content.catalogue.signals.filter((s) => s.acute).map((s) => s.id));
  const report: TreeSafetyReport = {
    id: tree.id,
    signals,
    acuteOffered: [...new Set(dangerNodes(tree).flatMap((n) => n.options.flatMap((o) => o.signals)))]
      .filter((id) => acute.has(id))
      .sort(),
    outcomes: {
      adult: ORDER.filter((o) => walk.outcomes.adult.has(o)),
      minor: ORDER.filter((o) => walk.outcomes.minor.has(o)),
      ageUnknown: ORDER.filter((o) => walk.outcomes.ageUnknown.has(o)),
      location: ORDER.filter((o) => walk.outcomes.location.has(o)),
    },
    routes: walk.routes,
    mode,
  };
  return { report, violations: [...walk.violations.values()] };
}

/** The answers to try at a question: every option (every subset for a multiple choice) and "weet ik niet". */
function choices(node: QuestionNode, family: "all" | "reduced"): string[][] {
  const ids = node.options.map((o) => o.id);
  const unknown = [UNKNOWN_OPTION_ID];
  if (node.kind !== "multi") return [...ids.map((id) => [id]), unknown];
  if (family === "reduced") return [[], ...ids.map((id) => [id]), ids, unknown];
  const subsets: string[][] = [];
  for (let mask = 0; mask < 1 << ids.length; mask += 1) subsets.push(ids.filter((_, i) => mask & (1 << i)));
  return [...subsets, unknown];
}

/** Depth-first over every answer; false when more than `budget` routes would be needed. */
function explore(
  walk: Walk,
  result: StepResult,
  route: Route,
  family: "all" | "reduced",
  budget: number,
): boolean {
  if (result.status === "done") {
    finish(walk, result, route);
    return walk.routes <= budget;
  }
  if (result.status === "info") {
    return explore(walk, advance(walk, result, { type: "continue" }), route, family, budget);
  }
  if (result.status !== "question") {
    throw new Error(`tree '${walk.tree.id}': the route walk got '${result.status}' from the engine`);
  }
  const node = questionAt(walk.tree, result.view.nodeId);
  const key = routeKey(walk, node.id, route);
  if (walk.seen.has(key)) return true;
  walk.seen.add(key);
  observeQuestion(walk, node, route);
  for (const optionIds of choices(node, family)) {
    const next = advance(walk, result, { type: "answer", nodeId: node.id, optionIds });
    if (!explore(walk, next, extend(route, node, optionIds), family, budget)) return false;
  }
  return true;
}

/** Plays one random route (each option of a multiple choice taken with probability one half). */
function sample(walk: Walk, start: StepResult, random: () => number): void {
  let result = start;
  let route: Route = { chosen: [], sawDanger: false };
  while (result.status === "question" || result.status === "info") {
    if (result.status === "info") {
      result = advance(walk, result, { type: "continue" });
      continue;
    }
    const node = questionAt(walk.tree, result.view.nodeId);
    observeQuestion(walk, node, route);
    let optionIds: string[];
    if (random() < 0.1) optionIds = [UNKNOWN_OPTION_ID];
    else if (node.kind === "multi") optionIds = node.options.filter(() => random() < 0.5).map((o) => o.id);
    else optionIds = [node.options[Math.floor(random() * node.options.length)]?.id ?? UNKNOWN_OPTION_ID];
    route = extend(route, node, optionIds);
    result = advance(walk, result, { type: "answer", nodeId: node.id, optionIds });
  }
  if (result.status !== "done")
    throw new Error(`tree '${walk.tree.id}': a sampled route ended '${result.status}'`);
  finish(walk, result, route);
}

function advance(walk: Walk, result: { state: CheckState }, input: StepInput): StepResult {
  return walk.stepper(walk.tree, result.state, input, NOW, walk.content);
}

function questionAt(tree: DialogTree, nodeId: string): QuestionNode {
  const node = nodesById(tree).get(nodeId);
  if (!node || !("options" in node)) throw new Error(`tree '${tree.id}': '${nodeId}' is not a question`);
  return node;
}

function extend(route: Route, node: QuestionNode, optionIds: readonly string[]): Route {
  const options = node.options.filter((o) => optionIds.includes(o.id));
  const unknown = optionIds.includes(UNKNOWN_OPTION_ID);
  return {
    chosen: [...route.chosen, { node, options, unknown }],
    sawDanger: route.sawDanger || isDanger(node),
  };
}

function isDanger(node: QuestionNode): boolean {
  return "danger" in node && node.danger === true;
}

/** The facts a route recorded, read from the tree itself (not from the engine): later answers override. */
function routeFacts(route: Route): Facts {
  const facts: Facts = {};
  for (const { node, options, unknown } of route.chosen) {
    for (const o of options) Object.assign(facts, definedOnly(o.facts));
    if (unknown && "unknown" in node && node.unknown) Object.assign(facts, definedOnly(node.unknown.facts));
  }
  return facts;
}

function definedOnly(facts: Facts): Facts {
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as Facts;
}

/** Health questions are for a person who is or may be a minor; a known adult is never asked them. */
function observeQuestion(walk: Walk, node: QuestionNode, route: Route): void {
  const asked = node.options.flatMap((o) => o.signals).filter((s) => walk.healthSignals.has(s));
  const facts = routeFacts(route);
  if (asked.length > 0 && facts.minor === false) {
    addViolation(walk, node.id, "health-minimal", `asks health data (${asked.join(", ")}) of a known adult`);
  }
}

/** The policy's own answer for a route: a known age as given, doubt about a person as the stronger reading. */
function expectedOutcome(content: SignalContent, signalIds: readonly string[], facts: Facts): Outcome {
  const locationOnly = facts.locationOnly ?? false;
  const readings = facts.minor === undefined && !locationOnly ? [false, true] : [facts.minor ?? false];
  return readings
    .map((minor) => assess(content.catalogue, content.policy, signalIds, { minor, locationOnly }).outcome)
    .reduce((a, b) => (OUTCOME_RANK[b] > OUTCOME_RANK[a] ? b : a));
}

function classOf(facts: Facts): AgeClass {
  if (facts.locationOnly) return "location";
  if (facts.minor === undefined) return "ageUnknown";
  return facts.minor ? "minor" : "adult";
}

function finish(walk: Walk, result: Extract<StepResult, { status: "done" }>, route: Route): void {
  walk.routes += 1;
  const end = result.state.nodeId;
  const signals = [...new Set(route.chosen.flatMap((c) => c.options.flatMap((o) => o.signals)))];
  const facts = routeFacts(route);
  const expected = expectedOutcome(walk.content, signals, facts);
  const got = result.assessment.outcome;
  if (got !== expected) {
    const trail = route.chosen
      .map((c) => `${c.node.id}=${c.options.map((o) => o.id).join("+") || "-"}`)
      .join(", ");
    addViolation(walk, end, "route-advice", `route ${trail} gives ${got}; the policy gives ${expected}`);
  }
  if (!route.sawDanger) {
    addViolation(
      walk,
      end,
      "danger-on-every-route",
      "a route reaches this advice without a danger-now question",
    );
  }
  const cls = classOf(facts);
  if (facts.minor !== undefined || facts.locationOnly === false) walk.personRoutes += 1;
  walk.outcomes[cls].add(got);
  for (const s of signals) {
    const perClass = walk.best.get(s) ?? new Map<AgeClass, number>();
    perClass.set(cls, Math.max(perClass.get(cls) ?? -1, OUTCOME_RANK[got]));
    walk.best.set(s, perClass);
  }
}

function dangerNodes(tree: DialogTree): QuestionNode[] {
  return tree.nodes.filter((n): n is QuestionNode => "options" in n && isDanger(n));
}

function offeredSignals(tree: DialogTree): string[] {
  const ids = tree.nodes.flatMap((n) => ("options" in n ? n.options.flatMap((o) => o.signals) : []));
  return [...new Set(ids)].sort();
}

/**
 * The rule on the tree's shape alone, cheap enough for start-up: the tree has a danger question and each one
 * offers every acute signal of the catalogue. The route rules need `checkTreeSafety`.
 */
export function checkDangerQuestions(tree: DialogTree, catalogue: SignalCatalogue): SafetyViolation[] {
  const acute = catalogue.signals.filter((s) => s.acute).map((s) => s.id);
  const nodes = dangerNodes(tree);
  if (nodes.length === 0) {
    const message = "the tree has no question marked danger: true";
    return [{ treeId: tree.id, nodeId: tree.entry, rule: "danger-on-every-route", message }];
  }
  return nodes.flatMap((node) => {
    const offered = new Set(node.options.flatMap((o) => o.signals));
    const missing = acute.filter((id) => !offered.has(id));
    if (missing.length === 0) return [];
    const message = `the danger question does not offer ${missing.join(", ")}`;
    return [{ treeId: tree.id, nodeId: node.id, rule: "danger-offers-acute" as const, message }];
  });
}

function checkStatic(walk: Walk): void {
  for (const v of checkDangerQuestions(walk.tree, walk.content.catalogue))
    addViolation(walk, v.nodeId, v.rule, v.message);
}

/** Rules on what the routes reached: every signal per class, and the outcomes each class must be able to get. */
function checkReach(walk: Walk): void {
  // A person tree is one that identifies a person somewhere (asks the age, or "a person, not only a place").
  const personTree = walk.personRoutes > 0;
  const where = (signal: string): string =>
    walk.tree.nodes.find((n) => "options" in n && n.options.some((o) => o.signals.includes(signal)))?.id ??
    walk.tree.entry;
  for (const signal of offeredSignals(walk.tree)) {
    const perClass = walk.best.get(signal);
    if (!perClass) {
      addViolation(walk, where(signal), "signal-recordable", `no route records ${signal}`);
      continue;
    }
    if (personTree && [...perClass.keys()].some((c) => c !== "location")) {
      // A route with the age in doubt is assessed as the stronger of both, so it counts for either age.
      for (const cls of ["adult", "minor"] as const) {
        if (!perClass.has(cls) && !perClass.has("ageUnknown")) {
          addViolation(
            walk,
            where(signal),
            "signal-recordable",
            `${signal} can never be recorded for ${CLASS_NAMES[cls]}`,
          );
        }
      }
    }
    for (const [cls, rank] of perClass) {
      const alone = expectedOutcome(walk.content, [signal], {
        ...(cls === "ageUnknown" ? {} : { minor: cls === "minor" }),
        locationOnly: cls === "location",
      });
      if (rank < OUTCOME_RANK[alone]) {
        addViolation(
          walk,
          where(signal),
          "signal-recordable",
          `with ${signal}, ${CLASS_NAMES[cls]} gets at most ${ORDER[3 - rank] ?? "MONITOR"}; the policy gives ${alone}`,
        );
      }
    }
  }
  const classes: AgeClass[] = personTree ? ["adult", "minor"] : [];
  if (walk.outcomes.location.size > 0) classes.push("location");
  const reached = new Set(Object.values(walk.outcomes).flatMap((set) => [...set]));
  if (!reached.has("ACUTE"))
    addViolation(walk, walk.tree.entry, "outcomes-reachable", "no route gives ACUTE");
  for (const cls of classes) {
    const missing = REQUIRED_OUTCOMES[cls].filter((o) => !walk.outcomes[cls].has(o));
    if (missing.length > 0) {
      const message = `no route gives ${CLASS_NAMES[cls]} ${missing.join(" or ")}`;
      addViolation(walk, walk.tree.entry, "outcomes-reachable", message);
    }
  }
}

/** Keeps one violation per rule, node and message; for `route-advice` one per end node (the first route found). */
function addViolation(walk: Walk, nodeId: string, rule: SafetyRule, message: string): void {
  const key = rule === "route-advice" ? `${rule} ${nodeId}` : `${rule} ${nodeId} ${message}`;
  if (!walk.violations.has(key)) walk.violations.set(key, { treeId: walk.tree.id, nodeId, rule, message });
}

/** A small deterministic generator (mulberry32), so sampled checks are repeatable. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
