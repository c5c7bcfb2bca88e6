import {
  classify,
  MAX_TEXT_LENGTH,
  type Intent,
  type MessageContext,
} from "../../src/conversation/classify.js";

const personal = (check: MessageContext["check"] = "none"): MessageContext => ({ personal: true, check });
const channel: MessageContext = { personal: false, check: "none" };

describe("classify", () => {
  const table: ReadonlyArray<readonly [string, MessageContext, Intent]> = [
    ["", personal(), { kind: "empty" }],
    ["x".repeat(MAX_TEXT_LENGTH + 1), personal(), { kind: "too_long" }],
    ["english", personal("running"), { kind: "language", lang: "en" }],
    ["Nederlands", personal(), { kind: "language", lang: "nl" }],
    ["help", personal(), { kind: "command", command: "help" }],
    ["Hallo!", personal(), { kind: "command", command: "help" }],
    ["check", personal(), { kind: "command", command: "check" }],
    ["Ik heb iets gezien.", personal(), { kind: "command", command: "check" }],
    ["belscript", personal(), { kind: "command", command: "kcc" }],
    ["melden", personal(), { kind: "command", command: "report" }],
    ["mijn meldingen", personal(), { kind: "command", command: "myReports" }],
    ["registreer meldpunt", personal(), { kind: "command", command: "register" }],
    ["meldpunt status", personal(), { kind: "command", command: "status" }],
    // Mid-check the bot's commands still open their own flow (the check waits) ...
    ["melden", personal("running"), { kind: "command", command: "report" }],
    ["open meldingen", personal("running"), { kind: "command", command: "status" }],
    // ... and everything else goes to the check, which decides answer, check command or not understood.
    ["ja", personal("running"), { kind: "check_text", text: "ja" }],
    ["terug", personal("running"), { kind: "check_text", text: "terug" }],
    ["wat is een loverboy?", personal("running"), { kind: "check_text", text: "wat is een loverboy?" }],
    ["terug", personal("advice"), { kind: "check_text", text: "terug" }],
    // Without a check, a check command is not a question for the knowledge base.
    ["terug", personal(), { kind: "no_check", command: "back" }],
    ["stop", personal(), { kind: "no_check", command: "stop" }],
    ["wat is een loverboy?", personal(), { kind: "question", text: "wat is een loverboy?" }],
    // In a group chat or channel only the channel commands work.
    ["registreer meldpunt", channel, { kind: "command", command: "register" }],
    ["meldpunt status", channel, { kind: "command", command: "status" }],
    ["help", channel, { kind: "command", command: "help" }],
    ["melden", channel, { kind: "personal_only" }],
    ["check", channel, { kind: "personal_only" }],
    ["wat is een loverboy?", channel, { kind: "personal_only" }],
    ["english", channel, { kind: "language", lang: "en" }],
  ];

  it.each(table)("should read %j in %j", (text, context, intent) => {
    expect(classify(text, context)).toEqual(intent);
  });
});
