/**
 * @module i18n
 * What a user reads, one catalogue per language (`nl.ts`, `en.ts`), Dutch first. Code asks for the catalogue
 * of a language and reads its section (`textsFor(lang).check.stale`); texts with `{name}` placeholders go
 * through `fill`. A leaf: it imports nothing from the rest of src, so every layer may use it.
 * @example
 * const t = textsFor("en");
 * fill(t.caseCard.statusClaimed, { by: "Coby" }); // "Picked up by Coby."
 */
import type { Catalogue } from "./catalogue.js";
import { en } from "./en.js";
import { nl } from "./nl.js";

export type { Catalogue } from "./catalogue.js";

/** The languages the bot speaks; Dutch is the default. */
export type Lang = "nl" | "en";

const CATALOGUES: Readonly<Record<Lang, Catalogue>> = { nl, en };

/** Everything the bot says in `lang`. */
export function textsFor(lang: Lang): Catalogue {
  return CATALOGUES[lang];
}

/**
 * One text in both languages, as the `{ nl, en }` pairs of the content files: for the few words the core adds
 * to content (the yes/no labels, the age-doubt reason).
 */
export function inBothLangs(pick: (t: Catalogue) => string): Record<Lang, string> {
  return { nl: pick(nl), en: pick(en) };
}

/** Fills `{name}` placeholders in a text template; a placeholder without a value stays as it is. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
}
