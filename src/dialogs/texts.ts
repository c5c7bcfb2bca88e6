/**
 * @module dialogs/texts
 * The words of the dialog engine in one place: the fixed labels of yes/no questions and the typed words it
 * understands (commands, yes/no, "weet ik niet", "geen"), Dutch first, English second. Matching compares these
 * after normalisation (lower case, no accents, no punctuation).
 */

/** Labels of the fixed options of a yes/no question, and of "weet ik niet". */
export const YES_NO_LABELS = {
  yes: { nl: "Ja", en: "Yes" },
  no: { nl: "Nee", en: "No" },
  unknown: { nl: "Weet ik niet", en: "Don't know" },
} as const;

/** Typed words that mean "yes". */
export const YES_WORDS: readonly string[] = [
  "ja",
  "j",
  "jazeker",
  "jawel",
  "klopt",
  "yes",
  "y",
  "yep",
  "yeah",
];

/** Typed words that mean "no". */
export const NO_WORDS: readonly string[] = ["nee", "n", "neen", "nope", "klopt niet", "no"];

/** Typed phrases that mean "I don't know"; recorded as the answer "unknown". */
export const UNKNOWN_WORDS: readonly string[] = [
  "weet ik niet",
  "weet niet",
  "geen idee",
  "onbekend",
  "weet ik niet zeker",
  "niet zeker",
  "dont know",
  "do not know",
  "i dont know",
  "no idea",
  "not sure",
  "unknown",
];

/** Typed words that mean "none of these" in a multiple-choice question. */
export const NONE_WORDS: readonly string[] = [
  "geen",
  "geen van deze",
  "niets",
  "niks",
  "none",
  "nothing",
  "none of these",
];

/** Words that join several choices in one typed answer ("1 en 3", "1, 3", "1 and 3"). */
export const AND_WORDS: readonly string[] = ["en", "and", "plus"];

/** Typed commands during a check, by the input they stand for. Matched on the whole message only. */
export const COMMAND_WORDS = {
  back: ["terug", "vorige", "vorige vraag", "ga terug", "back", "go back", "previous"],
  restart: [
    "opnieuw",
    "begin opnieuw",
    "overnieuw",
    "opnieuw beginnen",
    "restart",
    "start over",
    "start again",
  ],
  stop: ["stop", "stoppen", "afbreken", "annuleer", "annuleren", "cancel", "quit"],
  skip: ["overslaan", "sla over", "volgende vraag", "skip"],
  continue: ["verder", "ga verder", "volgende", "oke", "ok", "continue", "next", "go on"],
} as const;
