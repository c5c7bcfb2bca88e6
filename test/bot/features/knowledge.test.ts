import type { Counter } from "../../../src/insight/counters.js";
import type { AcuteDeps } from "../../../src/bot/bot.js";
import { card, textBlock } from "../../../src/bot/cards/adaptive.js";
import type { CheckTextHandler } from "../../../src/bot/feature.js";
import { knowledgeFeature, type KnowledgeFeature } from "../../../src/bot/features/knowledge.js";
import { handled } from "../../../src/bot/reply.js";
import { loadKnowledgeBase } from "../../../src/knowledge/load.js";
import { buildKnowledgeIndex, type KnowledgeIndex } from "../../../src/knowledge/search-index.js";
import type { KnowledgeBase } from "../../../src/knowledge/topic-schema.js";
import type { KnowledgeLog } from "../../../src/storage/knowledge-log.js";
import { keyId } from "../../../src/util/key-id.js";
import {
  actionsOf,
  cardsOf,
  hasInvokeAnswer,
  invokeBody,
  visibleText,
  type BotActivity,
} from "../../harness/replies.js";
import { cardTexts } from "../../helpers/cards.js";
import {
  cardTitles,
  featureBot,
  inChannel,
  INVALID_INPUT,
  KNOWLEDGE_DIR,
  messagesOf,
  NOW,
  personal,
  PERSONAL_ONLY,
  recordingLogger,
  said,
  welcomed,
} from "./setup.js";

const VEILIG_THUIS = "Wanneer schakel ik Veilig Thuis in?";
const UNRELATED = "Hoeveel kost een nieuw paspoort? Bel me op 06-12345678";

let kb: KnowledgeBase;
let index: KnowledgeIndex;
beforeAll(async () => {
  kb = await loadKnowledgeBase(KNOWLEDGE_DIR);
  index = buildKnowledgeIndex(kb);
});

const title = (topicId: string, lang: "nl" | "en" = "nl") =>
  kb.topics.find((t) => t.id === topicId)!.title[lang];

/** A knowledge log that keeps what it is given. */
function recordingLog() {
  const feedback: Array<Parameters<KnowledgeLog["recordFeedback"]>[0]> = [];
  const unanswered: Array<Parameters<KnowledgeLog["recordUnanswered"]>[0]> = [];
  const log: KnowledgeLog = {
    recordFeedback: async (entry) => void feedback.push(entry),
    recordUnanswered: async (entry) => void unanswered.push(entry),
    listGaps: async () => ({ unanswered: [], negativeFeedback: [] }),
    purgeUnanswered: async () => 0,
    close: async () => undefined,
  };
  return { log, feedback, unanswered };
}

/** A bot whose every question goes to the knowledge feature; `check` and `acute` when a test needs them. */
function knowledgeBot(
  options: { check?: (k: KnowledgeFeature) => CheckTextHandler; acute?: AcuteDeps } = {},
) {
  const { log, feedback, unanswered } = recordingLog();
  const { logger, entries } = recordingLogger();
  const counted: Counter[] = [];
  const countUnanswered = async (counters: Counter[]) => void counted.push(...counters);
  const knowledge = knowledgeFeature({ kb, index, log, countUnanswered, logger });
  const made = featureBot({
    features: [knowledge],
    knowledge,
    check: options.check?.(knowledge),
    acute: options.acute,
    logger,
  });
  return { ...made, feedback, unanswered, entries, counted };
}

const feedbackButtons = (replies: BotActivity[]) =>
  actionsOf(replies).filter((a) => a.verb === "kb.feedback");

describe("knowledge feature", () => {
  describe("questions", () => {
    it("should answer a question it is sure of with the topic's card and Ja/Nee feedback", async () => {
      const { chat, unanswered } = knowledgeBot();
      const tess = await welcomed(chat, personal("Tess"));
      const replies = await chat.say(tess, VEILIG_THUIS);
      expect(cardTitles(replies)).toEqual([title("veilig-thuis")]);
      expect(visibleText(replies)).toContain("Was dit nuttig?");
      expect(feedbackButtons(replies)).toEqual([
        { title: "Ja", verb: "kb.feedback", data: { topicId: "veilig-thuis", useful: true } },
        { title: "Nee", verb: "kb.feedback", data: { topicId: "veilig-thuis", useful: false } },
      ]);
      expect(unanswered).toEqual([]);
    });

    it("should answer in the question's language, unless the user chose one", async () => {
      const { chat } = knowledgeBot();
      const tess = await welcomed(chat, personal("Tess"));
      const english = await chat.say(tess, "Can I report a suspicion without the person's consent?");
      expect(cardTitles(english)).toEqual([title("privacy-mag-ik-melden", "en")]);
      expect(feedbackButtons(english).map((a) => a.title)).toEqual(["Yes", "No"]);
      await chat.say(tess, "english");
      expect(cardTitles(await chat.say(tess, VEILIG_THUIS))).toEqual([title("veilig-thuis", "en")]);
    });

    it("should offer choices for a question that fits several topics", async () => {
      const { chat, unanswered } = knowledgeBot();
      const tess = await welcomed(chat, personal("Tess"));
      // One word that names a theme, not a question: several topics fit it.
      const replies = await chat.say(tess, "uitbuiting");
      expect(cardTitles(replies)).toEqual(["Bedoelde je ...?"]);
      const choices = actionsOf(replies);
      expect(choices.map((a) => a.verb)).toEqual(["kb.topic", "kb.topic", "kb.topic", "check.menu"]);
      expect(choices[0]).toEqual({
        title: title("vormen-van-uitbuiting"),
        verb: "kb.topic",
        data: { topicId: "vormen-van-uitbuiting", lang: "nl" },
      });
      expect(visibleText(replies)).toContain(
        "Staat je vraag er niet bij? Stel hem op een andere manier, of typ 'help'.",
      );
      expect(unanswered).toEqual([]);
    });

    it("should decline an unrelated question honestly and keep it, redacted, for curators", async () => {
      const { chat, unanswered, counted } = knowledgeBot();
      const tess = await welcomed(chat, personal("Tess"));
      const replies = await chat.say(tess, UNRELATED);
      expect(cardTitles(replies)).toEqual(["Daar kan ik je niet mee helpen"]);
      const text = visibleText(replies);
      expect(text).toContain(`${kb.settings.aanspreekpunt.naam} (${kb.settings.aanspreekpunt.team})`);
      expect(text).toContain(kb.settings.aanspreekpunt.telefoon);
      expect(text).toContain("Is er nu gevaar? Bel 112.");
      expect(unanswered).toEqual([
        {
          question: expect.stringContaining("[telefoon]"),
          lang: "nl",
          at: NOW,
          candidates: expect.any(Array),
          asker: keyId(tess.id),
        },
      ]);
      expect(unanswered[0]?.question).not.toContain("12345678");
      // The statistics get the month and the closest topic's area, never the question.
      const closest = kb.topics.find((t) => t.id === unanswered[0]?.candidates[0]);
      expect(counted).toEqual([
        { month: NOW.toISOString().slice(0, 7), metric: "kb_unanswered", key: closest?.area ?? "none", n: 1 },
      ]);
    });

    it("should send only the 112 card, and keep nothing, for danger it cannot answer", async () => {
      const acute: AcuteDeps = {
        detect: (text) => ({ acute: /mes/.test(text), cues: ["weapon"] }),
        card: () => card([textBlock("112-kaart")]),
      };
      const { chat, unanswered } = knowledgeBot({ acute });
      const tess = await welcomed(chat, personal("Tess"));
      const replies = await chat.say(tess, "Er staat iemand met een mes voor de deur");
      expect(cardsOf(replies).map((c) => cardTexts(c))).toEqual([["112-kaart"]]);
      expect(unanswered).toEqual([]);
    });

    it("should log the decision and topics of a question, never its text", async () => {
      const { chat, entries } = knowledgeBot();
      const tess = await welcomed(chat, personal("Tess"));
      await chat.say(tess, VEILIG_THUIS);
      await chat.say(tess, UNRELATED);
      expect(entries.filter((e) => e.msg === "question").map((e) => e.decision)).toEqual([
        "answer",
        "decline",
      ]);
      expect(entries.find((e) => e.msg === "question")?.topics).toContain("veilig-thuis");
      expect(JSON.stringify(entries)).not.toMatch(/schakel|paspoort|12345678/);
    });

    it("should keep questions typed in a channel out of it, and out of the curators' list", async () => {
      const { chat, unanswered } = knowledgeBot();
      const replies = await chat.say(inChannel(personal("Kanaallid")), UNRELATED);
      expect(said(replies)).toEqual([[PERSONAL_ONLY]]);
      expect(unanswered).toEqual([]);
    });
  });

  describe("mid-check (answerQuestion)", () => {
    /** A running check that hands what it cannot read to the knowledge base, as the check feature does. */
    const running = (knowledge: KnowledgeFeature): CheckTextHandler => ({
      position: () => "running",
      onCheckText: async (turn, text) => {
        const replies = await knowledge.answerQuestion(turn, text, { decline: text.endsWith("?") });
        return handled(replies ?? ["check: niet begrepen"]);
      },
    });

    it("should answer only what it is sure of, and decline only when the check says it is a question", async () => {
      const { chat, unanswered } = knowledgeBot({ check: running });
      const tess = await welcomed(chat, personal("Tess"));
      expect(cardTitles(await chat.say(tess, VEILIG_THUIS))).toEqual([title("veilig-thuis")]);
      expect(said(await chat.say(tess, "uitbuiting"))).toEqual(["check: niet begrepen"]);
      expect(said(await chat.say(tess, "blauw"))).toEqual(["check: niet begrepen"]);
      expect(unanswered).toEqual([]);
      expect(cardTitles(await chat.say(tess, "Hoeveel kost een nieuw paspoort?"))).toEqual([
        "Daar kan ik je niet mee helpen",
      ]);
      expect(unanswered.map((u) => u.question)).toEqual(["Hoeveel kost een nieuw paspoort?"]);
    });
  });

  describe("kb.topic", () => {
    it("should show a topic from its button, in the language the button asks for", async () => {
      const { chat } = knowledgeBot();
      const tess = personal("Tess");
      const replies = await chat.click(tess, "kb.topic", { topicId: "bedenktijd" });
      expect(hasInvokeAnswer(replies)).toBe(false);
      expect(cardTitles(replies)).toEqual([title("bedenktijd")]);
      expect(feedbackButtons(replies).map((a) => a.data.topicId)).toEqual(["bedenktijd", "bedenktijd"]);
      expect(cardTitles(await chat.click(tess, "kb.topic", { topicId: "bedenktijd", lang: "en" }))).toEqual([
        title("bedenktijd", "en"),
      ]);
    });

    it("should say so for a topic that no longer exists, in the user's language", async () => {
      const { chat } = knowledgeBot();
      const nl = await chat.click(personal("Tess"), "kb.topic", { topicId: "bestaat-niet" });
      expect(said(nl)).toEqual(["Dat onderwerp bestaat niet (meer). Stel je vraag opnieuw."]);
      const en = await chat.click(personal("Ann", { locale: "en-US" }), "kb.topic", {
        topicId: "bestaat-niet",
      });
      expect(said(en)).toEqual(["That topic does not exist (any more). Please ask your question again."]);
    });
  });

  describe("kb.feedback", () => {
    it("should store one vote per answer card and thank at the card", async () => {
      const { chat, feedback } = knowledgeBot();
      const tess = personal("Tess");
      const vote = { topicId: "veilig-thuis", useful: false };
      const first = await chat.click(tess, "kb.feedback", vote, { replyToId: "card-1" });
      expect(invokeBody(first).value).toBe("Dank je, je reactie is opgeslagen.");
      expect(messagesOf(first)).toEqual([]);
      const again = await chat.click(tess, "kb.feedback", { ...vote, useful: true }, { replyToId: "card-1" });
      expect(invokeBody(again).value).toBe("Je reactie was al opgeslagen.");
      await chat.click(tess, "kb.feedback", { ...vote, useful: true }, { replyToId: "card-2" });
      expect(feedback).toEqual([
        { topicId: "veilig-thuis", useful: false, lang: "nl", at: NOW },
        { topicId: "veilig-thuis", useful: true, lang: "nl", at: NOW },
      ]);
    });

    it("should store a vote once when its turn is run again after another instance saved the conversation", async () => {
      const { chat, feedback, kv } = knowledgeBot();
      const tess = personal("Tess");
      await chat.say(tess, "hallo");
      // Two clicks at one moment on two instances: the other instance's turn saves first, ours is retried.
      const write = kv.write.bind(kv);
      let raced = 0;
      kv.write = async (changes) => {
        const conversation = Object.keys(changes).find((k) => k.startsWith("conversation/"));
        if (conversation && raced++ === 0) {
          const current = (await kv.read([conversation]))[conversation]!;
          await write({ [conversation]: { ...current, handled: ["kb.feedback:bedenktijd:card-9"] } });
        }
        await write(changes);
      };
      const thanks = await chat.click(
        tess,
        "kb.feedback",
        { topicId: "veilig-thuis", useful: true },
        {
          replyToId: "card-1",
        },
      );
      expect(invokeBody(thanks).value).toBe("Dank je, je reactie is opgeslagen.");
      expect(raced).toBe(2); // the write that lost, and the retry that won
      expect(feedback).toEqual([{ topicId: "veilig-thuis", useful: true, lang: "nl", at: NOW }]);
    });

    it("should thank in English, and store nothing for a topic that does not exist", async () => {
      const { chat, feedback } = knowledgeBot();
      const ann = personal("Ann", { locale: "en-US" });
      const thanks = await chat.click(ann, "kb.feedback", { topicId: "bedenktijd", useful: true });
      expect(invokeBody(thanks).value).toBe("Thank you, your feedback has been saved.");
      const gone = await chat.click(ann, "kb.feedback", { topicId: "bestaat-niet", useful: true });
      expect(invokeBody(gone).value).toBe(
        "That topic does not exist (any more). Please ask your question again.",
      );
      expect(feedback.map((f) => [f.topicId, f.lang])).toEqual([["bedenktijd", "en"]]);
    });
  });

  it("should refuse a payload no card could send for both verbs, and store nothing", async () => {
    const { chat, feedback } = knowledgeBot();
    const tess = personal("Tess");
    const bad: Array<[string, unknown]> = [
      ["kb.topic", {}],
      ["kb.topic", { topicId: "veilig-thuis", lang: "de" }],
      ["kb.feedback", { topicId: "veilig-thuis" }],
      ["kb.feedback", { topicId: "veilig-thuis", useful: "nee" }],
      ["kb.feedback", { topicId: "", useful: true }],
    ];
    for (const [verb, data] of bad) {
      // A refused click is told in one line: at the card for an invoke, as the one message for a posted click.
      expect([verb, visibleText(await chat.click(tess, verb, data))]).toEqual([verb, INVALID_INPUT]);
    }
    expect(feedback).toEqual([]);
  });

  it("should answer in the language the user chose, in every conversation of theirs", async () => {
    const { chat } = knowledgeBot();
    const tess = await welcomed(chat, personal("Tess"));
    await chat.say(tess, "english");
    const second = { ...tess, conversation: { id: "a:second-chat", conversationType: "personal" as const } };
    await welcomed(chat, second);
    expect(said(await chat.say(second, "help"))).toEqual(["This part is not available yet."]);
    expect(cardTitles(await chat.say(second, VEILIG_THUIS))).toEqual([title("veilig-thuis", "en")]);
  });
});
