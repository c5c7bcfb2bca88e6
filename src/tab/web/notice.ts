/**
 * @module tab/web/notice
 * Messages to the user as Fluent message bars: information, success, and errors (announced at once), and the
 * one wording of a failed read by HTTP status (401 sign in via Teams, 403 coordinators only, 0 no connection).
 */
import { h, type Child } from "./dom.js";
import { fill, type TabTexts } from "./texts.js";

/** The kinds of message, as Fluent's message bar names its intents. */
export type Intent = "info" | "success" | "warning" | "error";

/** A message bar; errors and warnings get `role=alert` so a screen reader reads them at once. */
export function notice(intent: Intent, text: Child, actions?: Child): HTMLElement {
  return h(
    "fluent-message-bar",
    {
      intent,
      class: `notice notice-${intent}`,
      role: intent === "error" || intent === "warning" ? "alert" : "status",
    },
    text,
    actions ? h("div", { slot: "actions" }, actions) : undefined,
  );
}

/** What a failed read tells the user. */
export function readErrorText(status: number, t: TabTexts): string {
  if (status === 401) return t.needTeams;
  if (status === 403) return t.onlyCoordinators;
  if (status === 0) return t.offline;
  return fill(t.serverError, { status: String(status) });
}

/** A failed read as an error message with a retry button (none for 401/403: trying again does not help). */
export function readError(status: number, t: TabTexts, retry: () => void): HTMLElement {
  const again =
    status === 401 || status === 403
      ? undefined
      : h("fluent-button", { type: "button", appearance: "secondary", onclick: retry }, t.retry);
  return notice("error", readErrorText(status, t), again);
}
