/**
 * @module signals/texts
 * The few words the assessment adds around signal labels in reasons; everything else a user reads comes from
 * the content files (`dialogs/signals.yaml`, `dialogs/policy.yaml`).
 */

/** Words used when a reason lists signals, per language. */
export const LIST_TEXTS = {
  nl: { separator: "; ", none: "geen" },
  en: { separator: "; ", none: "none" },
} as const;

/**
 * The reason put first when the age is in doubt and the advice for a minor is stronger than for an adult: POLICY
 * counts someone who is or seems under 18 as a minor, so doubt about age never weakens the advice.
 */
export const AGE_DOUBT_REASON = {
  nl: "De leeftijd is niet zeker. Bij twijfel over de leeftijd geldt het advies voor een minderjarige.",
  en: "The age is not certain. When the age is in doubt, the advice for a minor applies.",
} as const;

/**
 * The one name of each advice level, per language: cards, case labels and the knowledge base use these words
 * (the ids ACUTE / ESCALATE / CONSULT / MONITOR are for code and logs only).
 */
export const OUTCOME_NAMES = {
  ACUTE: { nl: "Acuut", en: "Acute" },
  ESCALATE: { nl: "Melden", en: "Report" },
  CONSULT: { nl: "Overleggen", en: "Consult" },
  MONITOR: { nl: "Alert blijven", en: "Stay alert" },
} as const;
