/**
 * @module bot/feature
 * The shape every bot feature (basics, knowledge, checks, reports, coordinator) takes, so the activity handler
 * routes to them without knowing their insides.
 */
import type { Turn } from "./turn.js";

/** Handles one card action; `data` is the button's data merged with the card's inputs, not yet validated. */
export type ActionHandler = (turn: Turn, data: Record<string, unknown>) => Promise<void>;

/**
 * Handles typed text; returns true when it took the message. Handlers run in registration order, so more
 * specific ones (an active check, a pending answer) come before general ones (the knowledge base).
 */
export type TextHandler = (turn: Turn, text: string) => Promise<boolean>;

/** A feature: card actions by verb, and an optional text handler. */
export interface Feature {
  name: string;
  actions?: Readonly<Record<string, ActionHandler>>;
  onText?: TextHandler;
  /** Runs before anything else on every typed message (the acute-danger check); may send, never consumes. */
  beforeText?: (turn: Turn, text: string) => Promise<void>;
}
