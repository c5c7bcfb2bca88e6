/**
 * @module bot/feature
 * The shape every bot feature takes. A feature owns card verbs (typed by `bot/actions`) and bot commands (from
 * `conversation/classify`); each verb and each command has exactly one owner, checked when the bot is built. The
 * check and the knowledge base take the text the classification gives them (see `bot/router`). Handlers return
 * values (`bot/reply`) and never send.
 */
import type { ActionData, Verb } from "./actions.js";
import type { BotCommand } from "../conversation/classify.js";
import type { FeatureResult } from "./reply.js";
import type { TurnView } from "./turn.js";

/** Handles one parsed click of verb V. */
export type ActionHandler<V extends Verb> = (turn: TurnView, data: ActionData<V>) => Promise<FeatureResult>;

/** Handlers by verb, each typed by its route. */
export type ActionHandlers = { readonly [V in Verb]?: ActionHandler<V> };

/** Handles a bot command. */
export type CommandHandler = (turn: TurnView) => Promise<FeatureResult>;

/** A feature: its card verbs and its commands. */
export interface Feature {
  name: string;
  actions?: ActionHandlers;
  commands?: Readonly<Partial<Record<BotCommand, CommandHandler>>>;
}

/** The running check's side of typed text. `skipped` means: not for the check, a new topic. */
export interface CheckTextHandler {
  /** Where the conversation's check stands: none, at a question or info step, or resting on its advice. */
  position(data: TurnView["data"]): "none" | "running" | "advice";
  onCheckText(turn: TurnView, text: string): Promise<FeatureResult>;
}

/** The knowledge base's side of typed text: always answers (an answer, choices, or an honest decline). */
export interface QuestionHandler {
  onQuestion(turn: TurnView, text: string): Promise<FeatureResult>;
}
