/**
 * @module cli/chat-texts
 * What the terminal chat itself says around the bot's messages (help line, form prompts), Dutch first and
 * English second, in one place. The bot's own words come from the bot.
 */

const nl = {
  banner: (url: string, name: string) => `Signaalwijzer chat met ${url} als ${name}.`,
  help:
    "Typ een bericht. Een getal gaat als tekst naar de bot, dus typ gerust het nummer dat een kaart noemt. " +
    "Een knop kies je met zijn letter: typ a voor [a]. /help toont dit, /quit stopt.",
  formHelp:
    "Formulier: beantwoord elk veld en druk op Enter. Leeg = overslaan (of de waarde tussen [ ] houden). " +
    "Typ stop of annuleer om het formulier te annuleren; er wordt dan niets verstuurd.",
  formCancelled: "Formulier geannuleerd, er is niets verstuurd.",
  required: "verplicht",
  requiredMissing: "Dit veld is verplicht. Vul het in, of typ stop om te annuleren.",
  tooLong: (length: number, max: number) =>
    `Te lang: ${length} tekens, maximaal ${max}. Maak het korter, of typ stop om te annuleren.`,
  maxLength: (max: number) => `max. ${max} tekens`,
  pickOne: "Nummer",
  pickSeveral: "Nummers (bv. 1,3 of 1 3)",
  emptyIsNone: "leeg = geen",
  badPick: (count: number) => `Kies uit de nummers 1 tot en met ${count}, of typ stop om te annuleren.`,
  oneOnly: "Kies één nummer.",
  oneLabel: "Kies er een",
  severalLabel: "Kies een of meer",
  textLabel: "Invoer",
  openInBrowser: (url: string) => `Open in je browser: ${url}`,
  cardUpdated: "(kaart bijgewerkt)",
  proactive: "(bericht) ",
  updated: "(bijgewerkt) ",
  you: "Jij",
  /** Whole answers that cancel a form; both languages are understood whatever the locale. */
  cancelWords: ["stop", "annuleer", "annuleren", "cancel"],
};

/** The chat's own texts in one language. */
export type ChatTexts = typeof nl;

const en: ChatTexts = {
  banner: (url, name) => `Signaalwijzer chat with ${url} as ${name}.`,
  help:
    "Type a message. A number goes to the bot as text, so do type the number a card mentions. " +
    "Pick a button by its letter: type a for [a]. /help shows this, /quit ends the chat.",
  formHelp:
    "Form: answer each field and press Enter. Empty = skip (or keep the value in [ ]). " +
    "Type stop or cancel to cancel the form; nothing is sent then.",
  formCancelled: "Form cancelled, nothing was sent.",
  required: "required",
  requiredMissing: "This field is required. Fill it in, or type stop to cancel.",
  tooLong: (length, max) =>
    `Too long: ${length} characters, at most ${max}. Shorten it, or type stop to cancel.`,
  maxLength: (max) => `max. ${max} characters`,
  pickOne: "Number",
  pickSeveral: "Numbers (e.g. 1,3 or 1 3)",
  emptyIsNone: "empty = none",
  badPick: (count) => `Pick from the numbers 1 to ${count}, or type stop to cancel.`,
  oneOnly: "Pick one number.",
  oneLabel: "Pick one",
  severalLabel: "Pick one or more",
  textLabel: "Input",
  openInBrowser: (url) => `Open in your browser: ${url}`,
  cardUpdated: "(card updated)",
  proactive: "(message) ",
  updated: "(updated) ",
  you: "You",
  cancelWords: nl.cancelWords,
};

/** The chat's texts for a locale such as "nl-NL" or "en-US"; Dutch unless the locale is English. */
export function chatTexts(locale: string): ChatTexts {
  return /^en\b/i.test(locale) ? en : nl;
}
