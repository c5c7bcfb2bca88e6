/**
 * Knowledge answers through the real HTTP server: an answer card with sources, a typo'd question that still finds
 * its topic, an unrelated question declined politely (and kept, redacted, for curators), feedback stored once.
 */
import { openLowdbKnowledgeLog } from "../../src/storage/lowdb-knowledge-log.js";
import {
  actionsOf,
  cardsOf,
  makeUser,
  startTestBot,
  visibleText,
  type TestBot,
} from "../harness/bot-server.js";

function openUrls(replies: Awaited<ReturnType<TestBot["say"]>>): string[] {
  const urls: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (n.type === "Action.OpenUrl" && typeof n.url === "string") urls.push(n.url);
    Object.values(n).forEach(walk);
  };
  walk(cardsOf(replies));
  return urls;
}

describe("knowledge transcripts", () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await startTestBot();
  });
  afterEach(() => bot.stop());

  it("should answer a question with a card that names its sources and offers feedback", async () => {
    const replies = await bot.say(makeUser(), "Wanneer schakel ik Veilig Thuis in?");
    const text = visibleText(replies);
    expect(text).toMatch(/Veilig Thuis/);
    expect(text).toMatch(/0800-2000/);
    expect(openUrls(replies).length).toBeGreaterThan(0);
    expect(openUrls(replies).every((u) => u.startsWith("https://"))).toBe(true);
    expect(actionsOf(replies).filter((a) => a.verb === "kb.feedback")).toHaveLength(2);
  });

  it("should still find the topic of a question with typos", async () => {
    const replies = await bot.say(makeUser(), "wat zijn de signalen van arbeidsuitbuitng?");
    const feedback = actionsOf(replies).find((a) => a.verb === "kb.feedback");
    const suggestions = actionsOf(replies)
      .filter((a) => a.verb === "kb.topic")
      .map((a) => a.data.topicId);
    expect(
      feedback?.data.topicId === "signalen-arbeidsuitbuiting" ||
        suggestions.includes("signalen-arbeidsuitbuiting"),
    ).toBe(true);
  });

  it("should answer an English question in English", async () => {
    const replies = await bot.say(makeUser(), "Can I report a suspicion without the person's consent?");
    expect(actionsOf(replies).find((a) => a.verb === "kb.feedback")?.data.topicId).toBe(
      "privacy-mag-ik-melden",
    );
    expect(visibleText(replies)).toMatch(/Was this helpful|Sources|consent/i);
  });

  it("should decline an unrelated question politely and keep it, redacted, for curators", async () => {
    const user = makeUser();
    const replies = await bot.say(user, "Hoeveel kost een nieuw paspoort? Bel me op 06-12345678");
    expect(visibleText(replies)).toMatch(/niet mee helpen/);
    expect(visibleText(replies)).toMatch(/aanspreekpunt/i);
    await bot.stop({ keepData: true });
    const log = await openLowdbKnowledgeLog(bot.dataDir);
    const gaps = await log.listGaps();
    await log.close();
    expect(gaps.unanswered.map((u) => u.question)).toEqual([expect.stringContaining("[telefoon]")]);
    expect(JSON.stringify(gaps)).not.toContain("12345678");
    bot = await startTestBot();
  });

  it("should store feedback once per answer card", async () => {
    const user = makeUser();
    const answer = await bot.say(user, "Wanneer schakel ik Veilig Thuis in?");
    const no = actionsOf(answer).find((a) => a.verb === "kb.feedback" && a.data.useful === false)!;
    expect(no).toBeDefined();
    const first = await bot.click(user, "kb.feedback", no.data);
    expect(visibleText(first)).toMatch(/reactie is opgeslagen/);
    const second = await bot.click(user, "kb.feedback", no.data);
    expect(JSON.stringify(second)).toMatch(/al opgeslagen/);
    await bot.stop({ keepData: true });
    const log = await openLowdbKnowledgeLog(bot.dataDir);
    const gaps = await log.listGaps();
    await log.close();
    expect(gaps.negativeFeedback).toEqual([expect.objectContaining({ topicId: no.data.topicId, no: 1 })]);
    bot = await startTestBot();
  });

  it("should open a related topic from its button", async () => {
    const user = makeUser();
    const replies = await bot.click(user, "kb.topic", { topicId: "bedenktijd" });
    expect(visibleText(replies)).toMatch(/Bedenktijd/);
    const unknown = await bot.click(user, "kb.topic", { topicId: "bestaat-niet" });
    expect(visibleText(unknown)).toMatch(/bestaat niet/);
  });
});
