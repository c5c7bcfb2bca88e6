/**
 * The defects found when the bot layer was tried as a new user would, each end to end over HTTP: what follows a
 * click, forms that fail validation, typed words in and outside a check, group chats, and the role rule.
 */
import {
  actionsOf,
  makeUser,
  startTestBot,
  hasInvokeAnswer,
  visibleText,
  invokeBody,
  type TestBot,
} from "../harness/bot-server.js";
import { reviewAndSubmit } from "../harness/escalation.js";

describe("the bot layer as a user meets it", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ COORDINATORS: "coord-by-channel-id" });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it("should replace a clicked question card by the answer given, with no banner next to the next question", async () => {
    const user = makeUser();
    const first = await bot.say(user, "check");
    const option = actionsOf(first).find((a) => a.verb === "check.answer")!;
    const replies = await bot.click(user, "check.answer", option.data);
    const body = invokeBody(replies);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(body.value)).toMatch(/✓/);
    expect(JSON.stringify(body.value)).not.toMatch(/Action\.Execute/);
    expect(visibleText(replies)).not.toMatch(/Antwoord ontvangen|Gedaan/);
  });

  it("should answer Start and Stop without any confirmation banner", async () => {
    const user = makeUser();
    const started = await bot.click(user, "check.start", { treeId: "algemeen" });
    // Start posts the first question as a message (Action.Submit): no invoke, so nothing shows at the menu.
    expect(hasInvokeAnswer(started)).toBe(false);
    expect(visibleText(started)).toMatch(/\?/);
    const stopped = await bot.click(user, "check.stop", { treeId: "algemeen" });
    expect(visibleText(stopped)).toMatch(/De check is gestopt/);
    expect(visibleText(stopped)).not.toMatch(/Antwoord ontvangen|Gedaan/);
  });

  it("should bring a form that fails validation back in place with what was typed and what is wrong", async () => {
    const user = makeUser();
    await bot.say(user, "melden");
    const long = "Ik zag iets. ".repeat(200); // 2,600 characters: over the 2,000 limit
    const replies = await bot.click(user, "report.review", {
      description: long,
      place: "Noord",
      department: "",
    });
    const body = invokeBody(replies);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    const card = JSON.stringify(body.value);
    expect(card).toMatch(/Er ontbreekt iets of iets is te lang: wat je zag, afdeling/);
    expect(card).toContain("Noord");
    expect(card).toContain("Ik zag iets.");
    expect(visibleText(replies)).not.toMatch(/Gedaan/);
  });

  it("should offer the signal check beside the choices when a described situation matches no topic clearly", async () => {
    const user = makeUser();
    const replies = await bot.say(
      user,
      "elke ochtend om 6 uur worden mensen bij de bushalte opgehaald door een wit busje, moet ik daar iets mee?",
    );
    expect(visibleText(replies)).toMatch(/Bedoelde je/);
    const verbs = actionsOf(replies).map((a) => a.verb);
    expect(verbs.filter((v) => v === "kb.topic").length).toBeGreaterThan(1);
    expect(verbs).toContain("check.menu");
    const menu = await bot.click(user, "check.menu", {});
    expect(visibleText(menu)).toMatch(/Welke signaalcheck wil je doen\?/);
  });

  it("should say that no check runs when 'terug' is typed outside a check", async () => {
    const replies = await bot.say(makeUser(), "terug");
    expect(visibleText(replies)).toMatch(/Er loopt geen check/);
    expect(visibleText(replies)).not.toMatch(/Bedoelde je/);
  });

  it("should decline honestly a question typed mid-check that the knowledge base cannot answer, then go on", async () => {
    const user = makeUser();
    await bot.say(user, "check");
    const replies = await bot.say(user, "hoe laat gaat het zwembad morgen open?");
    const text = visibleText(replies);
    expect(text).not.toMatch(/begreep ik niet/);
    expect(text).toMatch(/We gaan verder met de check/);
  });

  it("should keep checks, reports and questions out of a group chat and point to the personal chat", async () => {
    const member = makeUser("Groepslid", {
      conversationType: "channel",
      conversationId: "19:groep@thread.v2",
    });
    for (const text of ["melden", "check", "wat is een loverboy?"]) {
      const replies = await bot.say(member, text);
      expect(visibleText(replies)).toMatch(/horen in je persoonlijke chat/);
      expect(actionsOf(replies).some((a) => a.verb === "report.start")).toBe(false);
    }
  });

  it("should not start a channel thread with the welcome card", async () => {
    const member = makeUser("Kanaallid", {
      conversationType: "channel",
      conversationId: "19:kanaal@thread;messageid=7",
    });
    const replies = await bot.say(member, "help");
    expect(visibleText(replies)).not.toMatch(/Welkom bij Signaalwijzer/);
    expect(visibleText(replies)).toMatch(/Wat kan ik voor je doen/);
  });

  it("should open a 'Zie ook' topic in the language of the answer it belongs to", async () => {
    const user = makeUser("Engelse Teams", { locale: "en-US" });
    const replies = await bot.click(user, "kb.topic", { topicId: "veilig-thuis", lang: "nl" });
    expect(visibleText(replies)).toMatch(/Veilig Thuis/);
    expect(visibleText(replies)).toMatch(/Was dit nuttig\?/);
  });

  it("should keep the language a user chose for that user, in every conversation", async () => {
    const user = makeUser();
    await bot.say(user, "english");
    const elsewhere = { ...user, conversationId: `${user.conversationId}-2` };
    expect(visibleText(await bot.say(elsewhere, "help"))).toMatch(/What can I do for you/);
  });

  it("should refuse a click whose payload does not fit its verb with a clear message", async () => {
    const replies = await bot.click(makeUser(), "case.claim", { caseId: 42 });
    expect(visibleText(replies)).toMatch(/invoer klopt niet/);
  });

  it("should treat a coordinator listed by from.id, without an aadObjectId, the same in the menu and on a case", async () => {
    const post = (activity: Record<string, unknown>) =>
      bot.post({
        channelId: "msteams",
        serviceUrl: bot.serviceUrl,
        deliveryMode: "expectReplies",
        from: { id: "coord-by-channel-id", name: "Coördinator" },
        recipient: { id: "bot-id" },
        conversation: { id: "conv-coord-by-channel-id", conversationType: "personal" },
        ...activity,
      });
    const menu = await post({ type: "message", text: "help" });
    expect(JSON.stringify(menu.body)).toMatch(/meldpunt status/);
    const reporter = makeUser();
    await bot.say(reporter, "melden");
    await reviewAndSubmit(bot, reporter, {
      description: "Vijf mannen slapen in een bedrijfspand.",
      place: "Industrieterrein",
      seenAt: "gisteren",
      department: "handhaving",
      contact: "Teams",
    });
    const status = await post({ type: "message", text: "meldpunt status" });
    const number = /MH-\d{4}-\d+/.exec(JSON.stringify(status.body))?.[0];
    expect(number).toBeDefined();
  });
});
