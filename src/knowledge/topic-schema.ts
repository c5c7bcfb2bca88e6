/**
 * @module knowledge/topic-schema
 * The shape of knowledge content: a topic (YAML front matter plus its parsed Dutch and English text), the
 * municipality settings filled into answers, and the synonym groups. These schemas are the single definition of
 * the format described in docs/content-format.md.
 */
import { z } from "zod";
import type { ReferralTarget } from "../cases/case-schema.js";

/** The two languages every topic is written in; Dutch first. */
export const Lang = z.enum(["nl", "en"]);
export type Lang = z.infer<typeof Lang>;

/** The forms of exploitation a topic concerns; `all` when the topic is general. */
export const ExploitationForm = z.enum(["sexual", "labour", "criminal", "organ", "all"]);
export type ExploitationForm = z.infer<typeof ExploitationForm>;

/** The user groups a topic is written for. */
export const Audience = z.enum(["frontline", "kcc", "coordinator"]);
export type Audience = z.infer<typeof Audience>;

/**
 * The area a topic belongs to, for the municipality's insight (which areas staff ask about that the knowledge
 * base cannot answer): recognising signals, reporting and the process, partners, care and shelter, law and
 * case law, privacy, and municipal policy.
 */
export const TopicArea = z.enum(["signals", "reporting", "partners", "care", "law", "privacy", "policy"]);
export type TopicArea = z.infer<typeof TopicArea>;

// YAML turns unquoted values such as 112 into numbers; a tag or variant is text either way.
const text = z
  .union([z.string(), z.number()], {
    error: (issue) => (issue.input === undefined ? "required" : "expected text"),
  })
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1, "must not be empty"));

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date YYYY-MM-DD")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "not a valid date");

// YAML reads an unquoted 2025 as a number and 2025-11 as text; both are accepted as a stand date.
const standDate = z
  .union([z.string(), z.number()], {
    error: "expected a stand date YYYY-MM (or YYYY when only the year is known)",
  })
  .transform((v) => String(v).trim())
  .pipe(
    z
      .string()
      .regex(
        /^\d{4}(?:-(?:0[1-9]|1[0-2]))?$/,
        "expected a stand date YYYY-MM (or YYYY when only the year is known)",
      ),
  );

/**
 * A time-bound fact in a topic ("the bill is probably not yet in force", "this phone number") and the date at
 * which a source last showed it to hold: the "stand" written in the text. This is not the review date: a person
 * can re-check a topic today while a status fact can only be as recent as its source. content:check warns when
 * `asOf` is older than its --max-status-age-months.
 */
export const StatusFact = z.strictObject({
  fact: text,
  asOf: standDate,
});
export type StatusFact = z.infer<typeof StatusFact>;

/** Minimum number of Dutch question variants per topic, so retrieval sees how staff really ask. */
export const MIN_NL_VARIANTS = 4;

/** A topic's YAML front matter exactly as written; unknown fields are errors so typos are caught. */
export const TopicFrontMatter = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a lower-case slug such as veilig-thuis"),
  area: TopicArea,
  title: z.strictObject({ nl: text, en: text }),
  variants: z.strictObject({
    nl: z.array(text).min(MIN_NL_VARIANTS, `expected at least ${MIN_NL_VARIANTS} Dutch variants`),
    en: z.array(text).min(1, "expected at least 1 English variant"),
  }),
  tags: z.array(text).min(1),
  forms: z.array(ExploitationForm).min(1),
  audience: z.array(Audience).min(1),
  related: z.array(z.string().min(1)).default([]),
  sources: z
    .array(z.strictObject({ title: text, url: z.url({ protocol: /^https?$/ }) }))
    .min(1, "expected at least one source"),
  /** ISO date on which a person last checked this topic against its sources. */
  reviewed: isoDate,
  /** The topic's time-bound facts, each with its own stand date; absent when the topic has none. */
  status: z.array(StatusFact).min(1, "leave status out when the topic has no time-bound facts").optional(),
});
export type TopicFrontMatter = z.infer<typeof TopicFrontMatter>;

/** One language's answer text: the lead paragraph (what to do or know) and the details after it. */
export const TopicText = z.strictObject({
  lead: z.string().min(1, "the lead paragraph is empty"),
  details: z.string(),
});
export type TopicText = z.infer<typeof TopicText>;

/** A complete topic: front matter plus the parsed body per language. */
export const Topic = TopicFrontMatter.extend({
  body: z.strictObject({ nl: TopicText, en: TopicText }),
});
export type Topic = z.infer<typeof Topic>;

const setting = z.string().trim().min(1);

const bounded = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

/**
 * How the contact point reaches one partner organisation: its name, one sentence on the route ("Bel de politie
 * op 0900-8844 en vraag naar de AVIM"), and the contact details that are known. Shown with the follow-up steps.
 */
export const PartnerContact = z.strictObject({
  naam: bounded(120),
  route: bounded(400),
  telefoon: bounded(40).optional(),
  email: bounded(120).optional(),
  website: bounded(200).optional(),
});
export type PartnerContact = z.infer<typeof PartnerContact>;

/** One entry per referral target of a case (cases/case-schema `ReferralTarget`), all required. */
export const PartnerSettings = z.strictObject({
  politie: PartnerContact,
  arbeidsinspectie: PartnerContact,
  "veilig-thuis": PartnerContact,
  zorgcoordinator: PartnerContact,
  comensha: PartnerContact,
  riec: PartnerContact,
  "zorg-en-veiligheidshuis": PartnerContact,
} satisfies Record<ReferralTarget, typeof PartnerContact>);
export type PartnerSettings = z.infer<typeof PartnerSettings>;

/**
 * knowledge/municipality.yaml: the facts of one municipality that answers refer to by placeholder, and the
 * partners the follow-up playbooks name. The care coordinator is in both (`zorgcoordinator` for the answers'
 * placeholders, `partners.zorgcoordinator` for the playbooks); name and phone must agree, so staff and
 * coordinators are not given two different numbers.
 */
export const MunicipalitySettings = z
  .strictObject({
    gemeente: setting,
    aanspreekpunt: z.strictObject({ naam: setting, team: setting, telefoon: setting, email: setting }),
    zorgcoordinator: z.strictObject({ naam: setting, telefoon: setting }),
    bewaartermijn: setting,
    partners: PartnerSettings,
  })
  .superRefine((s, ctx) => {
    const partner = s.partners.zorgcoordinator;
    if (partner.naam !== s.zorgcoordinator.naam)
      ctx.addIssue({
        code: "custom",
        path: ["partners", "zorgcoordinator", "naam"],
        message: "must be the same as zorgcoordinator.naam (answers show the one, case cards the other)",
      });
    if (partner.telefoon !== s.zorgcoordinator.telefoon)
      ctx.addIssue({
        code: "custom",
        path: ["partners", "zorgcoordinator", "telefoon"],
        message: "must be the same as zorgcoordinator.telefoon (answers show the one, case cards the other)",
      });
  });
export type MunicipalitySettings = z.infer<typeof MunicipalitySettings>;

/** knowledge/synonyms.yaml: groups of words or phrases that mean the same to a user (Dutch and English). */
export const Synonyms = z.strictObject({
  groups: z.array(z.array(text).min(2, "a synonym group needs at least two entries")),
  /** words that mark a question as being about trafficking or municipal safety (a whole group when in one) */
  domain: z.array(text).optional(),
  /** words of everyday municipal services and office life that mark a question as out of scope */
  generic: z.array(text).optional(),
  /** words of personal errands ("mijn paspoort", "my salary") that mark a question as out of scope when asked for oneself */
  errands: z.array(text).optional(),
});
export type Synonyms = z.infer<typeof Synonyms>;

/** Everything under knowledge/, validated and cross-checked; loaded once at start-up. */
export interface KnowledgeBase {
  topics: readonly Topic[];
  settings: MunicipalitySettings;
  synonyms: Synonyms;
}
