/**
 * @module devchat/web/texts
 * Everything the local web chat itself says, one table per language (Dutch first). What the bot says comes from
 * the bot, in the language it picks from the locale the page sends. `{name}` marks a placeholder (`fill`).
 */

/** The languages of the page. */
export type Lang = "nl" | "en";

const nl = {
  title: "Signaalwijzer – lokale chat",
  banner: "Ontwikkelmodus: lokale chat, niet voor echte meldingen",
  bannerDetail:
    "Deze chat praat zonder Teams en zonder aanmelding met de bot op deze computer. Gebruik geen echte namen of gegevens.",
  conversation: "Gesprek met Signaalwijzer",
  inputLabel: "Bericht aan Signaalwijzer",
  placeholder: "Typ een vraag, of ‘check’ om een signaal te toetsen",
  send: "Versturen",
  newChat: "Nieuw gesprek",
  you: "Jij",
  bot: "Signaalwijzer",
  userName: "Ontwikkelaar",
  connecting: "Verbinden met de bot…",
  reconnecting: "Verbinding verbroken, opnieuw verbinden…",
  busy: "Signaalwijzer is bezig…",
  proactive: "Nieuw bericht",
  botError: "De bot antwoordde met fout {status}. Probeer het opnieuw.",
  unreachable: "De bot is niet bereikbaar. Draait npm start nog?",
  cardError: "Deze kaart kan niet worden getoond.",
  emptyMessage: "(leeg bericht)",
};

const en: typeof nl = {
  title: "Signaalwijzer – local chat",
  banner: "Development mode: local chat, not for real reports",
  bannerDetail:
    "This chat talks to the bot on this computer, without Teams and without sign-in. Do not use real names or data.",
  conversation: "Conversation with Signaalwijzer",
  inputLabel: "Message to Signaalwijzer",
  placeholder: "Type a question, or ‘check’ to assess a signal",
  send: "Send",
  newChat: "New conversation",
  you: "You",
  bot: "Signaalwijzer",
  userName: "Developer",
  connecting: "Connecting to the bot…",
  reconnecting: "Connection lost, reconnecting…",
  busy: "Signaalwijzer is working…",
  proactive: "New message",
  botError: "The bot answered with error {status}. Please try again.",
  unreachable: "The bot cannot be reached. Is npm start still running?",
  cardError: "This card cannot be shown.",
  emptyMessage: "(empty message)",
};

/** The page's texts. */
export type Texts = typeof nl;

/** The page's language for a browser locale: English for `en*`, Dutch otherwise. */
export function langOf(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith("en") ? "en" : "nl";
}

/** The texts of `lang`. */
export function textsFor(lang: Lang): Texts {
  return lang === "en" ? en : nl;
}

/** Fills `{name}` placeholders. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
