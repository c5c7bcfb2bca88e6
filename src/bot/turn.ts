/**
 * @module bot/turn
 * One turn as the features see it, read-only: who is talking, in which language, where, the conversation's
 * saved data and the incoming activity. Features answer with values (`bot/reply`); nothing here sends.
 */
import type { Department } from "../cases/case-schema.js";
import type { PracticeProgress } from "../practice/practice.js";
import type { Activity } from "botbuilder";
import type { ConversationData } from "./conversation-data.js";
import type { Lang } from "../i18n/index.js";

/** The person behind the activity; `id` is their stable id (Entra object id in Teams, else the channel id). */
export interface TurnUser {
  id: string;
  name?: string;
  isCoordinator: boolean;
  /** The department they chose (on a report or with `afdeling`); labels their checks in the statistics. */
  department?: Department;
  /** Their practice so far (practice mode). */
  practice?: PracticeProgress;
}

/** The features' view of a turn. */
export interface TurnView {
  readonly activity: Activity;
  readonly data: Readonly<ConversationData>;
  readonly lang: Lang;
  /** The language the user chose (`english` / `nederlands`), kept per user; absent when they never chose. */
  readonly chosenLang?: Lang;
  readonly user: TurnUser;
  readonly now: Date;
  readonly conversationId: string;
  /** True in a personal (1:1) chat with the bot. */
  readonly personal: boolean;
  /** The typed message has acute-danger cues: the 112 card goes out with the reply. */
  readonly acute: boolean;
  /**
   * Queues work that must happen once per turn, after its state is saved: statistics, logs of unanswered
   * questions and feedback. A turn that loses an eTag race runs again from the start (bot/bot), so anything done
   * directly would be done twice; deferred work runs only for the attempt whose save succeeded. A failure is
   * logged and does not fail the turn.
   */
  readonly defer: (work: () => Promise<void>) => void;
}

/** True for a personal (1:1) conversation; a missing type counts as personal (emulators, tests). */
export function isPersonalConversation(activity: Activity): boolean {
  const type = activity.conversation.conversationType;
  return !type || type === "personal";
}
