/**
 * @module tab/web/host
 * Where the tab runs: inside Teams (teams-js answers within the time limit: theme, locale and an SSO token from
 * the host) or in a plain browser (no token; theme from `?theme=` or the system's colour scheme, language from
 * `?lang=` or the browser). teams-js `app.initialize()` only rejects after a long timeout outside Teams, so it is
 * raced against a short one.
 */
import { app, authentication } from "@microsoft/teams-js";
import { langOf, type Lang } from "./texts.js";

/** The three Teams themes the tab styles. */
export type ThemeName = "default" | "dark" | "contrast";

/** The host as the rest of the tab sees it. */
export interface Host {
  inTeams: boolean;
  lang: Lang;
  theme: ThemeName;
  /** Calls `handler` whenever the user switches theme (Teams setting or system colour scheme). */
  onThemeChange(handler: (theme: ThemeName) => void): void;
  /** A fresh SSO token for the API, or undefined outside Teams or when Teams gives none. */
  token(): Promise<string | undefined>;
  /** Tells Teams the tab has drawn itself (it hides its loading indicator); nothing in a browser. */
  ready(): void;
}

const INIT_TIMEOUT_MS = 1500;

/** "default" | "dark" | "contrast" for a Teams or query-string theme name; anything else is the default. */
export function themeOf(name: string | null | undefined): ThemeName | undefined {
  if (name === "dark" || name === "contrast" || name === "default") return name;
  return undefined;
}

async function initializeTeams(): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), INIT_TIMEOUT_MS);
  });
  const init = app.initialize().then(
    () => true,
    () => false,
  );
  const inTeams = await Promise.race([init, timeout]);
  clearTimeout(timer);
  return inTeams;
}

/** Finds out where the tab runs and returns its host. */
export async function detectHost(): Promise<Host> {
  const query = new URLSearchParams(location.search);
  if (await initializeTeams()) {
    const context = await app.getContext();
    return {
      inTeams: true,
      lang: langOf(query.get("lang") ?? context.app.locale),
      theme: themeOf(context.app.theme) ?? "default",
      onThemeChange: (handler) =>
        app.registerOnThemeChangeHandler((theme) => handler(themeOf(theme) ?? "default")),
      token: () => authentication.getAuthToken().catch(() => undefined),
      // A Teams that did not show a loading indicator has nothing to hide; its refusal changes nothing.
      ready: () => void app.notifySuccess().catch(() => undefined),
    };
  }
  const scheme = window.matchMedia("(prefers-color-scheme: dark)");
  const fixed = themeOf(query.get("theme"));
  return {
    inTeams: false,
    lang: langOf(query.get("lang") ?? navigator.language),
    theme: fixed ?? (scheme.matches ? "dark" : "default"),
    onThemeChange: (handler) => {
      if (!fixed) scheme.addEventListener("change", (e) => handler(e.matches ? "dark" : "default"));
    },
    token: () => Promise.resolve(undefined),
    ready: () => undefined,
  };
}
