/**
 * @module tab/web/main
 * The coordinators' tab in the browser: finds its host (Teams or a plain browser), applies the theme and
 * language, asks the API who is signed in, and routes between the case list (`#/meldingen`), one case
 * (`#/melding/<id>`) and the statistics (`#/inzicht`) under a Fluent tab list. At `/tab/config` it is the
 * channel tab's configuration page instead.
 */
import "@fluentui/web-components/button.js";
import "@fluentui/web-components/message-bar.js";
import "@fluentui/web-components/tab.js";
import "@fluentui/web-components/tablist.js";
import "@fluentui/web-components/textarea.js";
import { createApi } from "./api.js";
import { renderCase } from "./case-view.js";
import { initialCasesState, renderCases } from "./cases-view.js";
import type { TabContext } from "./context.js";
import { h, replace } from "./dom.js";
import { detectHost, type ThemeName } from "./host.js";
import { renderConfig } from "./config-view.js";
import { initialInsightState, renderInsight } from "./insight-view.js";
import { notice, readError } from "./notice.js";
import { applyTheme } from "./theme.js";
import { fill, tabTexts } from "./texts.js";

type Route = { view: "cases" } | { view: "case"; id: string } | { view: "insight" };

function parseRoute(hash: string): Route {
  if (hash === "#/inzicht") return { view: "insight" };
  const m = /^#\/melding\/([^/]+)$/.exec(hash);
  if (m?.[1]) return { view: "case", id: decodeURIComponent(m[1]) };
  return { view: "cases" };
}

const byId = (id: string) => document.getElementById(id)!;

async function start(): Promise<void> {
  const host = await detectHost();
  let theme: ThemeName = host.theme;
  applyTheme(theme);
  const t = tabTexts(host.lang);
  document.documentElement.lang = host.lang;
  document.title = `${t.appName} – ${t.appSubtitle}`;
  byId("app-subtitle").textContent = t.appSubtitle;
  const skip = document.querySelector<HTMLAnchorElement>(".skip-link")!;
  skip.textContent = host.lang === "en" ? "Skip to content" : "Naar de inhoud";
  // The skip link must not change the hash: the hash is the route.
  skip.addEventListener("click", (event) => {
    event.preventDefault();
    byId("main").focus();
  });
  const main = byId("main");
  // The channel tab's configuration page is this page at /tab/config: no sign-in needed to add the tab.
  if (location.pathname.endsWith("/tab/config")) {
    replace(main, renderConfig(host.inTeams, t));
    host.ready();
    return;
  }
  const ctx: TabContext = {
    api: createApi(host.token),
    lang: host.lang,
    t,
    theme: () => theme,
    now: Date.now,
  };

  const me = await ctx.api.me();
  // The tab shows its own messages (sign in, coordinators only), so Teams is told it loaded either way.
  host.ready();
  if (!me.ok) {
    replace(
      main,
      readError(me.status, t, () => location.reload()),
    );
    return;
  }
  if (me.value.development) replace(byId("banner"), notice("warning", t.devBanner));
  byId("user").textContent = fill(t.signedInAs, { name: me.value.user.name });
  if (!me.value.coordinator) {
    replace(main, notice("error", t.onlyCoordinators));
    return;
  }

  let current: Route = parseRoute(location.hash);
  // The active tab is set from the start: a tab list without one activates its first tab, which would route.
  const tabs = h(
    "fluent-tablist",
    {
      "aria-label": t.navLabel,
      class: "tabs",
      activeid: current.view === "insight" ? "tab-insight" : "tab-cases",
    },
    h("fluent-tab", { id: "tab-cases", "aria-controls": "panel-cases" }, t.tabCases),
    h("fluent-tab", { id: "tab-insight", "aria-controls": "panel-insight" }, t.tabInsight),
  ) as HTMLElement & { activeid: string };
  const nav = byId("nav");
  nav.setAttribute("aria-label", t.navLabel);
  replace(nav, tabs);
  nav.hidden = false;
  const casesPanel = h("section", { id: "panel-cases", role: "tabpanel", "aria-labelledby": "tab-cases" });
  const insightPanel = h("section", {
    id: "panel-insight",
    role: "tabpanel",
    "aria-labelledby": "tab-insight",
    hidden: true,
  });
  replace(main, casesPanel, insightPanel);

  const casesState = initialCasesState();
  const insightState = initialInsightState(Date.now());
  let drawing = new AbortController();
  const show = (route: Route, focus: boolean) => {
    current = route;
    drawing.abort();
    drawing = new AbortController();
    const options = { focus, signal: drawing.signal };
    const tabId = route.view === "insight" ? "tab-insight" : "tab-cases";
    if (tabs.activeid !== tabId) tabs.activeid = tabId;
    casesPanel.hidden = route.view === "insight";
    insightPanel.hidden = route.view !== "insight";
    if (route.view === "insight") void renderInsight(insightPanel, ctx, insightState, options);
    else if (route.view === "case") void renderCase(casesPanel, ctx, route.id, options);
    else void renderCases(casesPanel, ctx, casesState, options);
  };
  // A route chosen with the tabs keeps the focus on the tab (arrow keys go on from there); any other route
  // change (a link, back, the browser's history) moves it to the new view's heading.
  let fromTabs = false;
  tabs.addEventListener("change", () => {
    const wanted = tabs.activeid === "tab-insight" ? "#/inzicht" : "#/meldingen";
    const section = current.view === "insight" ? "#/inzicht" : "#/meldingen";
    if (wanted === section) return;
    fromTabs = true;
    location.hash = wanted;
  });
  // The list's tab is already active on a case; choosing it again goes back to the list.
  byId("tab-cases").addEventListener("click", () => {
    if (current.view === "case") location.hash = "#/meldingen";
  });
  window.addEventListener("hashchange", () => {
    show(parseRoute(location.hash), !fromTabs);
    fromTabs = false;
  });
  host.onThemeChange((next) => {
    theme = next;
    applyTheme(next);
    // Charts draw their colours once; the lists and forms follow the tokens by themselves.
    if (current.view === "insight") show(current, false);
  });
  show(current, false);
}

void start();
