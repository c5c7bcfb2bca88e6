/**
 * @module tab/web/context
 * What every view of the tab gets: the API client, the texts and language, the current theme and the clock.
 */
import type { TabApi } from "./api.js";
import type { ThemeName } from "./host.js";
import type { Lang, TabTexts } from "./texts.js";

/** The shared context of the views. */
export interface TabContext {
  api: TabApi;
  lang: Lang;
  t: TabTexts;
  /** The theme now (it can change while a view is shown). */
  theme(): ThemeName;
  now(): number;
}

/** The outcome of an action, shown once after the view reloads (focus moves to it). */
export interface Flash {
  intent: "success" | "error";
  text: string;
  /** The playbook step the action was on: the message is shown there (otherwise beside the action forms). */
  step?: string;
}

/** How a view is drawn: whether focus moves to its heading, and the signal that says it is no longer wanted. */
export interface ViewOptions {
  focus?: boolean;
  /** Aborted when the user moved on; a view checks it after each wait and then leaves the page alone. */
  signal?: AbortSignal;
}
