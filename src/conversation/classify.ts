/**
 * @module conversation/classify
 * What a typed message means, decided once and purely: a language switch, one of the bot's commands, text for
 * the running check, a question for the knowledge base, or something that belongs in the personal chat. The bot
 * routes on the result and no feature looks at the raw text again to decide whether it is its own. Acute-danger
 * cues are found separately (signals/acute) and shown whatever the message means.
 */
import { matchCommand, type Command as CheckCommand } from "../dialogs/match.js";

/** The bot's own commands (typed words, Dutch and English). */
export type BotCommand =
  | "help"
  | "check"
  | "kcc"
  | "report"
  | "myReports"
  | "department"
  | "practice"
  | "practiceStop"
  | "register"
  | "status";

/** A supported language. */
export type MessageLang = "nl" | "en";

/** Where the message was typed and what is going on in the conversation. */
export interface MessageContext {
  /** A personal (1:1) chat with the bot; group chats and channels are not. */
  personal: boolean;
  /** The signal check: none, at a question or info step, or resting on its advice. */
  check: "none" | "running" | "advice";
}

/** The meaning of a typed message. */
export type Intent =
  | { kind: "empty" }
  | { kind: "too_long" }
  | { kind: "language"; lang: MessageLang }
  | { kind: "command"; command: BotCommand }
  /** Text for the running check (an answer, a check command, or what the engine finds it is not). */
  | { kind: "check_text"; text: string }
  /** A check command (terug, stop, ...) typed while no check runs. */
  | { kind: "no_check"; command: CheckCommand }
  | { kind: "question"; text: string }
  /** Not in a group chat or channel: reports, checks and questions belong in the personal chat. */
  | { kind: "personal_only" };

/** The longest typed message the bot accepts (Teams allows ~28 KB; staff never need this much). */
export const MAX_TEXT_LENGTH = 4000;

/** Each bot command with the whole messages that mean it (case and a trailing full stop ignored). */
const COMMANDS: ReadonlyArray<readonly [BotCommand, RegExp]> = [
  [
    "help",
    /^(help|hulp|menu|\?|start|hallo|hoi|hey|hi|hello|goedemorgen|goedemiddag|wat kun je|wat kan je( doen)?)[.!?]*$/i,
  ],
  ["kcc", /^(belscript|kcc|kcc[- ]script|beller|ik heb een beller)[.!]?$/i],
  [
    "check",
    /^(check|checken|signaalcheck|signaal ?check|start (de |een )?(signaal)?check|nieuwe check|ik heb iets gezien|iets gezien)[.!]?$/i,
  ],
  ["report", /^(melden|meld|melding|melding maken|nieuwe melding|ik wil (iets )?melden|report)[.!]?$/i],
  ["myReports", /^(mijn meldingen|mijn melding|my reports)[.!]?$/i],
  ["department", /^(afdeling|mijn afdeling|afdeling kiezen|department|my department)[.!]?$/i],
  ["practice", /^(oefenen|oefening|oefen|ik wil oefenen|practice|practise)[.!]?$/i],
  ["practiceStop", /^(oefenen stop|stop oefenen|stoppen met oefenen|stop practice|stop practising)[.!]?$/i],
  ["register", /^(registreer meldpunt|register contact point)[.!]?$/i],
  ["status", /^(meldpunt status|status meldpunt|open meldingen|open reports)[.!]?$/i],
];

/** Commands that also work in a group chat or channel (the contact point's channel is where they belong). */
const CHANNEL_COMMANDS: ReadonlySet<BotCommand> = new Set(["help", "register", "status"]);

const LANGUAGES: ReadonlyArray<readonly [MessageLang, RegExp]> = [
  ["en", /^(english|engels|in english|switch to english|language english)$/i],
  ["nl", /^(nederlands|dutch|in het nederlands|taal nederlands)$/i],
];

/** The bot command a whole message stands for, if any. */
export function botCommand(text: string): BotCommand | undefined {
  const t = text.trim();
  return COMMANDS.find(([, pattern]) => pattern.test(t))?.[0];
}

/** The language a message asks to switch to, if it is such a request. */
export function languageRequest(text: string): MessageLang | undefined {
  const t = text.trim();
  return LANGUAGES.find(([, pattern]) => pattern.test(t))?.[0];
}

/**
 * Classifies one typed message (already stripped of the bot's @mention and of repeated whitespace). Order:
 * length, language, bot commands, then the conversation's state decides between the check and the knowledge base.
 */
export function classify(text: string, context: MessageContext): Intent {
  if (text.length === 0) return { kind: "empty" };
  if (text.length > MAX_TEXT_LENGTH) return { kind: "too_long" };
  const lang = languageRequest(text);
  if (lang) return { kind: "language", lang };
  const command = botCommand(text);
  if (!context.personal) {
    return command && CHANNEL_COMMANDS.has(command)
      ? { kind: "command", command }
      : { kind: "personal_only" };
  }
  if (command) return { kind: "command", command };
  if (context.check !== "none") return { kind: "check_text", text };
  const checkCommand = matchCommand(text);
  if (checkCommand) return { kind: "no_check", command: checkCommand };
  return { kind: "question", text };
}
