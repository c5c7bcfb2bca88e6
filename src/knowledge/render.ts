/**
 * @module knowledge/render
 * Fills the municipality's settings into a topic's text: `{{aanspreekpunt.telefoon}}` becomes the contact
 * point's number, so one set of topics serves every municipality without a code change.
 */
import type { Lang, MunicipalitySettings, Topic } from "./topic-schema.js";

/** The placeholders a topic may use, each a dotted path into MunicipalitySettings. */
export const PLACEHOLDERS = [
  "gemeente",
  "aanspreekpunt.naam",
  "aanspreekpunt.team",
  "aanspreekpunt.telefoon",
  "aanspreekpunt.email",
  "zorgcoordinator.naam",
  "zorgcoordinator.telefoon",
  "bewaartermijn",
] as const;

type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

function settingValue(settings: MunicipalitySettings, name: Placeholder): string {
  switch (name) {
    case "gemeente":
      return settings.gemeente;
    case "bewaartermijn":
      return settings.bewaartermijn;
    case "aanspreekpunt.naam":
      return settings.aanspreekpunt.naam;
    case "aanspreekpunt.team":
      return settings.aanspreekpunt.team;
    case "aanspreekpunt.telefoon":
      return settings.aanspreekpunt.telefoon;
    case "aanspreekpunt.email":
      return settings.aanspreekpunt.email;
    case "zorgcoordinator.naam":
      return settings.zorgcoordinator.naam;
    case "zorgcoordinator.telefoon":
      return settings.zorgcoordinator.telefoon;
  }
}

/** The `{{...}}` names in `text` that are not known placeholders, in order of appearance (for content checks). */
export function findUnknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_PATTERN)]
    .map((m) => m[1] ?? "")
    .filter((name) => !isPlaceholder(name));
}

/** Replaces every known placeholder in `text` by its setting; unknown ones are left visible (the loader rejects them). */
export function fillPlaceholders(text: string, settings: MunicipalitySettings): string {
  return text.replace(PLACEHOLDER_PATTERN, (whole, name: string) =>
    isPlaceholder(name) ? settingValue(settings, name) : whole,
  );
}

/** A topic in one language with the settings filled in: what an answer card shows. */
export interface RenderedTopic {
  id: string;
  title: string;
  lead: string;
  details: string;
  sources: ReadonlyArray<{ title: string; url: string }>;
}

/** Renders `topic` in `lang` for display, filling the municipality's settings into title, lead and details. */
export function renderTopic(topic: Topic, settings: MunicipalitySettings, lang: Lang): RenderedTopic {
  const body = topic.body[lang];
  return {
    id: topic.id,
    title: fillPlaceholders(topic.title[lang], settings),
    lead: fillPlaceholders(body.lead, settings),
    details: fillPlaceholders(body.details, settings),
    sources: topic.sources,
  };
}
