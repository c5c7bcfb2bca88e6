/**
 * @module dialogs/texts
 * The typed words the dialog engine understands (commands, yes/no, "weet ik niet", "geen"), Dutch and English
 * in one list each, since either is understood whatever the language. Matching compares these after
 * normalisation (lower case, no accents, no punctuation). The labels it shows (ja / nee / weet ik niet) are in
 * the catalogue of each language (`src/i18n`, section `dialogs`).
 */

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
