/**
 * @module bot/actions
 * Every card action the bot knows, in one typed route map: per verb, the zod schema of the button's data and of
 * the card inputs it submits (id and length limit). Card builders make their buttons and inputs from it, the bot
 * parses every click with it, so a verb, an input id or a limit cannot differ between the two. A click whose
 * payload does not fit gets a clear message, and the handler only ever sees parsed data.
 */
import { z } from "zod";
import { CASE_TEXT_LIMITS, Department, REPORT_TEXT_LIMITS } from "../cases/case-schema.js";
import type { CardElement } from "./cards/adaptive.js";

/** An id carried by a button (tree, node, topic, case, request): short, never free text. */
const Id = z.string().min(1).max(200);
/** Option ids of a check answer: buttons send an array, a multi-select ChoiceSet sends "a,b", empty is "none". */
const OptionIds = z
  .union([z.array(Id).max(20), z.string().max(2000)])
  .optional()
  .transform((v) => (Array.isArray(v) ? v : v ? v.split(",").filter((id) => id.length > 0) : []))
  .pipe(z.array(Id).max(20));

/**
 * A typed card input: its id and the longest text the card lets through. The schema accepts up to four times the
 * limit, so text a client let through too long still reaches the handler, which says what is too long and keeps
 * the rest (bad input loses nothing); only a payload no card could send is refused.
 */
export interface TextInputSpec {
  id: string;
  maxLength: number;
}

const text = (id: string, maxLength: number) => ({
  spec: { id, maxLength } satisfies TextInputSpec,
  schema: z
    .string()
    .max(maxLength * 4)
    .optional()
    .transform((v) => v ?? ""),
});

const inputs = {
  caseQuestion: text("question", CASE_TEXT_LIMITS.question),
  caseAnswer: text("answer", CASE_TEXT_LIMITS.answer),
  referTo: text("to", 100),
  referNote: text("note", CASE_TEXT_LIMITS.note),
  closeReason: text("reason", CASE_TEXT_LIMITS.reason),
  closeOverride: text("override", 5),
  referWithReporter: text("withReporter", 5),
  stepId: text("stepId", 100),
  stepChange: text("stepChange", 20),
  stepText: text("stepText", CASE_TEXT_LIMITS.reason),
  playbookId: text("playbookId", 100),
  overrideOutcome: text("outcome", 20),
  overrideReason: text("reason", CASE_TEXT_LIMITS.reason),
  description: text("description", REPORT_TEXT_LIMITS.description),
  place: text("place", REPORT_TEXT_LIMITS.place),
  seenAt: text("seenAt", REPORT_TEXT_LIMITS.seenAt),
  department: text("department", 50),
  contact: text("contact", REPORT_TEXT_LIMITS.contact),
} as const;

/** The id and limit of every card input, for the card builders. */
export const INPUTS: { readonly [K in keyof typeof inputs]: TextInputSpec } = Object.fromEntries(
  Object.entries(inputs).map(([k, v]) => [k, v.spec]),
) as { [K in keyof typeof inputs]: TextInputSpec };

/** The input id of a check's multiple-choice ChoiceSet (Teams submits the chosen values as "a,b"). */
export const OPTION_IDS_INPUT = "optionIds";

type InputName = keyof typeof inputs;
type Shape = Record<string, z.ZodType>;

/** Where a verb may be used: checks, reports and a reporter's answers belong in the personal chat only. */
type Where = "personal" | "anywhere";

interface Route<B extends Shape, I extends InputName> {
  button: z.ZodObject<B>;
  inputs: readonly I[];
  where: Where;
}

const route = <B extends Shape, I extends InputName = never>(
  button: B,
  withInputs: readonly I[] = [],
  where: Where = "anywhere",
) => ({ button: z.object(button), inputs: withInputs, where }) satisfies Route<B, I>;
/** A route of the personal chat only. */
const personal = <B extends Shape, I extends InputName = never>(button: B, withInputs: readonly I[] = []) =>
  route(button, withInputs, "personal");

const treeStep = { treeId: Id.optional(), nodeId: Id.optional() };
const Flag = z.boolean().optional();

/** The route map: verb to button data and submitted inputs. */
export const ROUTES = {
  "help.show": route({}),
  "help.ask": route({}),
  "prefs.department": route({ department: Department }),
  "check.menu": route({}),
  "check.start": personal({ treeId: Id.optional() }),
  "check.restart": personal({ treeId: Id.optional() }),
  "check.answer": personal({ treeId: Id.optional(), nodeId: Id, [OPTION_IDS_INPUT]: OptionIds }),
  "check.back": personal(treeStep),
  "check.skip": personal(treeStep),
  "check.continue": personal(treeStep),
  "check.stop": personal({ treeId: Id.optional() }),
  "advice.explain": personal({ treeId: Id.optional(), rule: Id.optional() }),
  "kb.topic": route({ topicId: Id, lang: z.enum(["nl", "en"]).optional() }),
  "kb.feedback": route({ topicId: Id, useful: z.boolean() }),
  "report.start": personal({ urgent: Flag, fromCheck: Flag }),
  "practice.start": personal({ skip: Id.optional() }),
  "practice.begin": personal({ caseId: Id }),
  "practice.list": personal({}),
  "practice.show": personal({ caseId: Id }),
  "practice.stop": personal({}),
  "report.review": personal({}, ["description", "place", "seenAt", "department", "contact"]),
  "report.submit": personal({ requestId: Id }),
  "report.edit": personal({ requestId: Id.optional() }),
  "report.cancel": personal({ requestId: Id.optional() }),
  "case.claim": route({ caseId: Id }),
  "case.ask": route({ caseId: Id }, ["caseQuestion"]),
  "case.refer": route({ caseId: Id }, ["referTo", "referNote", "referWithReporter"]),
  "case.close": route({ caseId: Id }, ["closeReason", "closeOverride"]),
  "case.step": route({ caseId: Id }, ["stepId", "stepChange", "stepText"]),
  "case.playbook": route({ caseId: Id }, ["playbookId"]),
  "case.override": route({ caseId: Id }, ["overrideOutcome", "overrideReason"]),
  "case.answer": personal({ caseId: Id, questionId: Id }, ["caseAnswer"]),
} as const;

/** A card verb. */
export type Verb = keyof typeof ROUTES;

type RouteOf<V extends Verb> = (typeof ROUTES)[V];
type InputsOf<V extends Verb> = RouteOf<V>["inputs"][number];

/** What a button of verb V carries. */
export type ButtonData<V extends Verb> = z.input<RouteOf<V>["button"]>;

/** What the handler of verb V receives: the button's data and the inputs, parsed, inputs by their name. */
export type ActionData<V extends Verb> = z.output<RouteOf<V>["button"]> & {
  [K in InputsOf<V>]: string;
};

/**
 * Verbs whose click leaves its card as it is and only posts new messages (menus, "Melden", "Zie ook"). Their buttons
 * are Action.Submit: the click arrives as a message, so the client shows no notice strip under a card that did not
 * change. Every other button is an Action.Execute, whose invoke answer replaces the card or shows a short notice.
 */
const POSTS_MESSAGES: ReadonlySet<Verb> = new Set<Verb>([
  "help.show",
  "help.ask",
  "check.menu",
  "check.start",
  "check.restart",
  "advice.explain",
  "kb.topic",
  "report.start",
  "practice.start",
  "practice.begin",
  "practice.list",
  "practice.show",
]);

/** Whether a click on `verb` is sent as a message (Action.Submit) rather than an invoke (Action.Execute). */
export function postsMessages(verb: Verb): boolean {
  return POSTS_MESSAGES.has(verb);
}

/**
 * A button for `verb`, its data type-checked against the route. An Action.Submit carries the verb in its data (the
 * message's `value`), an Action.Execute as its `verb`.
 */
export function cardButton<V extends Verb>(
  verb: V,
  title: string,
  data: ButtonData<V>,
  options: { style?: "positive" | "destructive"; validate?: boolean; ignoreInputs?: boolean } = {},
): CardElement {
  return {
    ...(postsMessages(verb)
      ? { type: "Action.Submit", title, data: { verb, ...data } }
      : { type: "Action.Execute", title, verb, data }),
    ...(options.style ? { style: options.style } : {}),
    // "auto": the client checks the card's required inputs before sending (Adaptive Cards 1.5).
    ...(options.validate ? { associatedInputs: "auto" } : {}),
    // "none": a button beside inputs that does not use them (Terug, Overslaan, Stop) sends and checks none.
    ...(options.ignoreInputs ? { associatedInputs: "none" } : {}),
  };
}

/** A parsed click, or why it cannot be handled. */
export type ParsedAction =
  | { ok: true; verb: Verb; data: ActionData<Verb> }
  | { ok: false; reason: "unknown_verb" | "bad_payload"; verb?: string; issues?: number };

/** Whether `verb` is a known card verb. */
export const isVerb = (verb: string): verb is Verb => Object.hasOwn(ROUTES, verb);

/**
 * Parses a click: `raw` is the button's data with the card's input values merged in (as Teams sends them). Input
 * values are renamed from their input id to their name in the route.
 */
export function parseAction(verb: unknown, raw: unknown): ParsedAction {
  if (typeof verb !== "string" || !isVerb(verb))
    return {
      ok: false,
      reason: "unknown_verb",
      verb: typeof verb === "string" ? verb.slice(0, 100) : undefined,
    };
  const values =
    raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const definition = ROUTES[verb];
  const button = definition.button.safeParse(values);
  if (!button.success) return { ok: false, reason: "bad_payload", verb, issues: button.error.issues.length };
  const parsed: Record<string, unknown> = { ...button.data };
  for (const name of definition.inputs as readonly InputName[]) {
    const input = inputs[name];
    const value = input.schema.safeParse(values[input.spec.id]);
    if (!value.success) return { ok: false, reason: "bad_payload", verb, issues: value.error.issues.length };
    parsed[name] = value.data;
  }
  return { ok: true, verb, data: parsed as ActionData<Verb> };
}

/** Whether `verb` may only be used in the personal chat (a click elsewhere is pointed there). */
export function isPersonalOnly(verb: Verb): boolean {
  return ROUTES[verb].where === "personal";
}

/** All verbs, for tests and for checking that every verb has exactly one handler. */
export const VERBS = Object.keys(ROUTES) as Verb[];
