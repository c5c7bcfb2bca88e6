/**
 * @module tab/web/config-view
 * The configuration page of the channel tab (`/tab/config`): Teams shows it when someone adds the tab to a
 * channel. It says what the tab shows and who can see it, and on Save tells Teams to open the same tab page as the
 * personal tab; the API still shows cases only to coordinators, whoever adds the tab or opens it.
 */
import { pages } from "@microsoft/teams-js";
import { h } from "./dom.js";
import type { TabTexts } from "./texts.js";

/** The settings Teams stores for the channel tab: the tab page on this server, under its own entity id. */
export function channelTabConfig(origin: string, t: TabTexts): pages.InstanceConfig {
  return {
    entityId: "meldpunt-kanaal",
    contentUrl: `${origin}/tab`,
    websiteUrl: `${origin}/tab`,
    suggestedDisplayName: t.config.tabName,
  };
}

/** Renders the configuration page; inside Teams it registers the Save handler and enables Save. */
export function renderConfig(inTeams: boolean, t: TabTexts): HTMLElement {
  if (inTeams) {
    pages.config.registerOnSaveHandler((save) => {
      pages.config.setConfig(channelTabConfig(location.origin, t)).then(
        () => save.notifySuccess(),
        (error: unknown) => save.notifyFailure(error instanceof Error ? error.message : String(error)),
      );
    });
    pages.config.setValidityState(true);
  }
  return h(
    "section",
    { class: "config", "aria-labelledby": "config-heading" },
    h("h2", { id: "config-heading" }, t.config.heading),
    h("p", {}, t.config.what),
    h("p", {}, t.config.who),
    h("p", { class: "muted" }, inTeams ? t.config.save : t.config.outsideTeams),
  );
}
