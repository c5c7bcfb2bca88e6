/**
 * @module dialogs/state
 * The persisted position of one signal check, and the inputs that move it. Both are zod schemas because both
 * enter from outside: the state from storage (possibly written by an older version), the input from card data.
 */
import { z } from "zod";

/** One recorded answer: the chosen option ids (empty: "none of these"), "weet ik niet", or skipped. */
export const Answer = z.union([z.array(z.string()), z.literal("unknown"), z.literal("skip")]);
export type Answer = z.infer<typeof Answer>;

/**
 * Where a check stands, saved per conversation after each turn. `treeVersion` pins the tree it was started on;
 * `path` lists the answered questions in order, and only answers on the path count (others are kept so that
 * going back and forward again shows the earlier answer).
 */
export const CheckState = z.strictObject({
  v: z.literal(1),
  treeId: z.string().min(1),
  treeVersion: z.int(),
  nodeId: z.string().min(1),
  path: z.array(z.string()),
  answers: z.record(z.string(), Answer),
  startedAt: z.iso.datetime(),
});
export type CheckState = z.infer<typeof CheckState>;

/** What the user did: a card button, typed text, or a command (terug, opnieuw, stop, overslaan, verder). */
export const StepInput = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("start") }),
  z.strictObject({
    type: z.literal("answer"),
    nodeId: z.string().min(1),
    optionIds: z.array(z.string()).max(20),
  }),
  z.strictObject({ type: z.literal("text"), text: z.string().max(2000) }),
  z.strictObject({ type: z.literal("back") }),
  z.strictObject({ type: z.literal("restart") }),
  z.strictObject({ type: z.literal("skip") }),
  z.strictObject({ type: z.literal("continue") }),
  z.strictObject({ type: z.literal("stop") }),
]);
export type StepInput = z.infer<typeof StepInput>;
