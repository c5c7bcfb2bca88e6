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
