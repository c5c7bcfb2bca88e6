/**
 * @module tree-schema
 * The format of a signal-check tree (`dialogs/trees/<id>.yaml`). A tree is a list of nodes: questions (single
 * choice, multiple choice, ja / nee / weet ik niet), info texts, branches on earlier answers or facts, includes of
 * another tree, and assessment ends. Options record signals and situation facts; the assessment end turns them into
 * advice through the signal policy.
 *
 * Design choice, modules: the general tree (`algemeen`) does not copy the module trees but holds `include` nodes.
 * The loader inlines each included tree once, with its node ids prefixed `<treeId>/`, and replaces the include node
 * by a branch to that entry; the included tree's own assessment ends then end the combined check. Every tree, also
 * a module, is thus checked on its own and again as a whole, and a module stays startable on its own. A module asks
 * what the general tree may already have asked behind a branch on a fact (the age: `{ fact: ageAsked, equals: true }`,
 * which "weet ik niet" records too, so doubt is not asked twice).
 */
import { z } from "zod";
import { inBothLangs } from "../i18n/index.js";

/** A content id: lower-case slug (letters, digits, hyphens). Node ids of an inlined tree get a `<treeId>/` prefix. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a lower-case slug (a-z, 0-9, hyphens)");
export type Slug = z.infer<typeof Slug>;

const NodeRef = Slug;

/** A user-facing text: Dutch (B1) and English, both required and non-empty. */
export const Text = z.strictObject({ nl: z.string().trim().min(1), en: z.string().trim().min(1) });
export type Text = z.infer<typeof Text>;

/** A Text whose Dutch and English each have at most `max` characters (for texts shown on a card). */
export const textOfAtMost = (max: number) =>
  z.strictObject({ nl: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });

/** Where the user saw the signal; chosen in the first question and used to pick wording variants. */
export const Setting = z.enum(["home_visit", "counter", "inspection", "school", "phone"]);
export type Setting = z.infer<typeof Setting>;

/** The form of exploitation a route is about (as in the signal catalogue's `forms`). */
export const Form = z.enum(["sexual", "labour", "criminal", "organ"]);
export type Form = z.infer<typeof Form>;

/** Facts an option records about the situation; later answers on the path override earlier ones. */
export const Facts = z.strictObject({
  minor: z.boolean().optional(),
  /** The age question was answered, also with "weet ik niet": a module then does not ask it again. */
  ageAsked: z.boolean().optional(),
  locationOnly: z.boolean().optional(),
  form: Form.optional(),
  setting: Setting.optional(),
});
export type Facts = z.infer<typeof Facts>;

/** Names of the facts, for branch conditions. */
export const FactName = z.enum(["minor", "ageAsked", "locationOnly", "form", "setting"]);
export type FactName = z.infer<typeof FactName>;

/** Wording that differs per setting; a missing setting falls back to the node's plain `text`. */
export const SettingTexts = z.partialRecord(Setting, Text);
export type SettingTexts = z.infer<typeof SettingTexts>;

/** The option id under which "weet ik niet" is offered and stored (as the answer "unknown"); reserved. */
export const UNKNOWN_OPTION_ID = "weet-niet";

/** What choosing an option records, and where it leads (default: the question's `next`). */
export const Option = z.strictObject({
  id: Slug.refine((id) => id !== UNKNOWN_OPTION_ID, `"${UNKNOWN_OPTION_ID}" is reserved for "weet ik niet"`),
  label: Text,
  signals: z.array(z.string().min(1)).default([]),
  facts: Facts.default({}),
  topics: z.array(Slug).default([]),
  next: NodeRef.optional(),
});
export type Option = z.infer<typeof Option>;

/** The effect of "ja" or "nee" in a yes/no question: an option without id and label (these are fixed). */
const YesNoEffect = Option.omit({ id: true, label: true });

const common = {
  id: NodeRef,
  text: Text,
  textBySetting: SettingTexts.optional(),
  help: Text.optional(),
  topics: z.array(Slug).default([]),
};

/**
 * A single- or multiple-choice question; `next` is where skip, "weet ik niet" and options without `next` go.
 * `danger: true` marks the "danger right now?" question: the content check requires one on every route, offering
 * every acute signal of the catalogue (see dialogs/tree-safety).
 */
export const ChoiceQuestion = z.strictObject({
  ...common,
  kind: z.enum(["single", "multi"]),
  danger: z.literal(true).optional(),
  options: z.array(Option).min(2).max(8),
  next: NodeRef,
});
export type ChoiceQuestion = z.infer<typeof ChoiceQuestion>;

/** The fixed option id of "ja" in a yes/no question. */
export const YES_ID = "ja";
/** The fixed option id of "nee" in a yes/no question. */
export const NO_ID = "nee";

/**
 * A ja / nee / weet ik niet question. Authors write `yes:` and `no:` effects; the schema turns them into the two
 * options `ja` and `nee` (labels from the i18n catalogues, section `dialogs`), so all question kinds share one
 * shape after parsing.
 */
export const YesNoQuestion = z
  .strictObject({
    ...common,
    kind: z.literal("yesno"),
    yes: YesNoEffect.default({ signals: [], facts: {}, topics: [] }),
    no: YesNoEffect.default({ signals: [], facts: {}, topics: [] }),
    /** Facts that "weet ik niet" records (it records no signals): e.g. that the age was asked. */
    unknown: z.strictObject({ facts: Facts }).optional(),
    next: NodeRef,
  })
  .transform(({ yes, no, ...rest }) => ({
    ...rest,
    options: [
      { id: YES_ID, label: inBothLangs((t) => t.dialogs.yes), ...yes },
      { id: NO_ID, label: inBothLangs((t) => t.dialogs.no), ...no },
    ] as Option[],
  }));
export type YesNoQuestion = z.infer<typeof YesNoQuestion>;

/** A text to read (e.g. a call script step); the user continues with "Verder". */
export const InfoNode = z.strictObject({ ...common, kind: z.literal("info"), next: NodeRef });
export type InfoNode = z.infer<typeof InfoNode>;

/** A condition on the answers or facts collected so far on the current path. */
export const Condition = z.union([
  z.strictObject({ node: NodeRef, option: Slug }),
  z.strictObject({ node: NodeRef, anyOption: z.literal(true) }),
  z.strictObject({ fact: FactName, equals: z.union([z.boolean(), z.string()]) }),
  z.strictObject({ fact: FactName, known: z.boolean() }),
]);
export type Condition = z.infer<typeof Condition>;

/** Goes on, without asking, to the `next` of the first rule whose condition holds, else to `otherwise`. */
export const BranchNode = z.strictObject({
  id: NodeRef,
  kind: z.literal("branch"),
  rules: z.array(z.strictObject({ when: Condition, next: NodeRef })),
  otherwise: NodeRef,
});
export type BranchNode = z.infer<typeof BranchNode>;

/** Continues in the entry of another tree, whose assessment ends the check; the loader inlines it. */
export const IncludeNode = z.strictObject({ id: NodeRef, kind: z.literal("include"), tree: Slug });
export type IncludeNode = z.infer<typeof IncludeNode>;

/** The end: the collected signals and facts are assessed by the policy; `topics` are offered with the advice. */
export const AssessmentNode = z.strictObject({
  id: NodeRef,
  kind: z.literal("assessment"),
  text: Text.optional(),
  topics: z.array(Slug).default([]),
});
export type AssessmentNode = z.infer<typeof AssessmentNode>;

/** Any question, after parsing (yes/no questions carry their two fixed options). */
export type QuestionNode = ChoiceQuestion | YesNoQuestion;

/** One node of a tree. */
export const TreeNode = z.discriminatedUnion("kind", [
  ChoiceQuestion,
  YesNoQuestion,
  InfoNode,
  BranchNode,
  IncludeNode,
  AssessmentNode,
]);
export type TreeNode = z.infer<typeof TreeNode>;

/** A source the tree's content rests on (from the domain brief). */
export const Source = z.strictObject({ title: z.string().min(1), url: z.url().optional() });
export type Source = z.infer<typeof Source>;

/**
 * A signal-check tree. `version` must be raised on every change: a check started on another version restarts
 * politely. After loading, a tree that includes others carries as `version` the sum of its own and theirs, so a
 * change to any included module also counts as a change.
 */
export const DialogTree = z.strictObject({
  id: Slug,
  version: z.int().min(1),
  title: Text,
  description: Text,
  audience: z.array(z.enum(["frontline", "kcc", "coordinator"])).min(1),
  entry: NodeRef,
  sources: z.array(Source).min(1),
  nodes: z.array(TreeNode).min(1),
});
export type DialogTree = z.infer<typeof DialogTree>;

/** True for question nodes (single, multi, yesno). */
export function isQuestion(node: TreeNode): node is QuestionNode {
  return node.kind === "single" || node.kind === "multi" || node.kind === "yesno";
}

/** The nodes a node can lead to, in order (branch targets, option and default `next`s); none for ends and includes. */
export function successors(node: TreeNode): string[] {
  switch (node.kind) {
    case "single":
    case "multi":
    case "yesno":
      return [...new Set([...node.options.flatMap((o) => (o.next ? [o.next] : [])), node.next])];
    case "info":
      return [node.next];
    case "branch":
      return [...new Set([...node.rules.map((r) => r.next), node.otherwise])];
    case "include":
    case "assessment":
      return [];
  }
}
