/**
 * @module devchat/web/cards
 * Renders Adaptive Cards with the official `adaptivecards` renderer and turns its button clicks into what a
 * channel sends: Action.Execute and Action.Submit with their data (the card's inputs merged in, required inputs
 * checked first by the renderer), Action.OpenUrl as a new tab (http and https only). Show-card and
 * toggle-visibility buttons the renderer handles itself. Markdown in TextBlocks goes through `markdown`, which
 * escapes first.
 */
import * as AC from "adaptivecards";
import { HOST_CONFIG } from "./host-config.js";
import { markdownToHtml } from "./markdown.js";

/** A click the page must send on: a Universal Action (Execute) or a classic Submit. */
export type CardClick =
  { kind: "execute"; verb: string; data: unknown; actionId?: string } | { kind: "submit"; data: unknown };

AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdownToHtml(text);
  result.didProcess = true;
};

// Choice titles are plain text, as in Teams ("2. Lange dagen" is an answer's number, not a list).
AC.GlobalSettings.useMarkdownInRadioButtonAndCheckbox = false;

const hostConfig = new AC.HostConfig(HOST_CONFIG);

/** Opens a link of a card in a new tab, when it is http(s). */
function openUrl(url: string | undefined): void {
  if (!url) return;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "https:" || parsed.protocol === "http:") {
      window.open(parsed.href, "_blank", "noopener,noreferrer");
    }
  } catch {
    // Not a URL at all: the button does nothing, as it would in Teams.
    return;
  }
}

/**
 * Renders `json` as a card whose Execute and Submit clicks go to `onClick`; undefined when the renderer cannot
 * make anything of it.
 */
export function renderCard(json: unknown, onClick: (click: CardClick) => void): HTMLElement | undefined {
  const card = new AC.AdaptiveCard();
  card.hostConfig = hostConfig;
  card.onExecuteAction = (action) => {
    if (action instanceof AC.ExecuteAction) {
      onClick({ kind: "execute", verb: action.verb, data: action.data, actionId: action.id });
    } else if (action instanceof AC.SubmitAction) {
      onClick({ kind: "submit", data: action.data });
    } else if (action instanceof AC.OpenUrlAction) {
      openUrl(action.url);
    }
  };
  try {
    card.parse(json);
    return card.render();
  } catch {
    return undefined;
  }
}
