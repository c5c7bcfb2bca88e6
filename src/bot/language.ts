/**
 * @module bot/language
 * Chooses the language of a turn: an explicit choice stored for the conversation wins, then the locale Teams
 * sends with the activity; Dutch is the default.
 */
import type { Lang } from "../i18n/index.js";

/** Maps a BCP 47 locale ("en-US", "nl-NL") to a supported language, or undefined. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  return primary === "en" ? "en" : primary === "nl" ? "nl" : undefined;
}

/** The language for this turn. */
export function pickLang(stored: Lang | undefined, locale: string | undefined): Lang {
  return stored ?? langFromLocale(locale) ?? "nl";
}
