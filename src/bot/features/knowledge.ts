/**
 * @module bot/features/knowledge
 * Questions typed in the chat: the knowledge search decides to answer (answer card with sources), to offer
 * choices ("bedoelde je ...?") or to decline honestly with the way to the contact point. Declined questions are
 * kept (redacted) for curators; feedback on answers is stored. Only ids, decisions and scores are logged.
 */
import type { Logger } from "../../log.js";
import { redact } from "../../privacy/redact.js";
import { findAnswers } from "../../knowledge/search.js";
import type { KnowledgeIndex } from "../../knowledge/search-index.js";
import type { KnowledgeBase, Topic } from "../../knowledge/topic-schema.js";
import type { KnowledgeLog } from "../../storage/knowledge-log.js";
import { keyId } from "../../storage/lowdb-kv-store.js";
import { answerCard, declineCard, KNOWLEDGE_VERBS, suggestCard } from "../cards/knowledge-cards.js";
import { markHandled } from "../conversation-data.js";
import type { Feature } from "../feature.js";
import type { Turn } from "../turn.js";

const TEXTS = {
  thanks: { nl: "Dank je, je reactie is opgeslagen.", en: "Thank you, your feedback has been saved." },
  thanksAgain: { nl: "Je reactie was al opgeslagen.", en: "Your feedback was already saved." },
  unknownTopic: {
    nl: "Dat onderwerp bestaat niet (meer). Stel je vraag opnieuw.",
    en: "That topic does not exist (any more). Please ask your question again.",
  },
} as const;

/** The knowledge feature, plus the two calls other features use. */
export interface KnowledgeFeature extends Feature {
  /**
   * Treats text a running check could not read as a question: answer, choices or the decline card when it reads as
   * one (or the search is sure of its answer); false when it is left to the check (a stray word, or after 112).
   */
  answerQuestion(turn: Turn, text: string): Promise<boolean>;
  /** Shows one topic as an answer card. */
  showTopic(turn: Turn, topicId: string): Promise<void>;
}

/** Builds the knowledge feature over the index built at start-up. */
export function knowledgeFeature(deps: {
  kb: KnowledgeBase;
  index: KnowledgeIndex;
  log: KnowledgeLog;
  logger: Logger;
}): KnowledgeFeature {
  const log = deps.logger.child({ module: "knowledge" });
  const topics = new Map(deps.kb.topics.map((t) => [t.id, t]));
  const related = (topic: Topic) =>
    topic.related.map((id) => topics.get(id)).filter((t): t is Topic => t !== undefined);

  const showTopic = async (turn: Turn, topicId: string): Promise<void> => {
    const topic = topics.get(topicId);
    if (!topic) {
      await turn.say(TEXTS.unknownTopic[turn.lang]);
      return;
    }
    await turn.say(answerCard(topic, deps.kb.settings, turn.lang, related(topic)));
  };

  /**
   * Searches and shows. Declined questions are kept for curators and get the honest "cannot help" card with the
   * way to the contact point. During a check (`midCheck`), only text the check could not read as an answer comes
   * here: it is answered, shown choices or declined like any question when it reads as one, so a question about the
   * domain typed mid-check is never met with "not understood"; a short stray word stays a mistyped answer.
   */
  const respond = async (turn: Turn, text: string, midCheck: boolean): Promise<boolean> => {
    const result = findAnswers(deps.index, text, turn.data.lang);
    if (midCheck && result.decision !== "answer" && !looksLikeQuestion(text)) return false;
    const lang = turn.data.lang ?? result.lang;
    log.info(
      { decision: result.decision, reason: result.reason, topics: result.hits.map((h) => h.topicId) },
      "question",
    );
    if (result.decision === "answer" && result.hits[0]) {
      const topic = topics.get(result.hits[0].topicId);
      if (topic) {
        await turn.say(answerCard(topic, deps.kb.settings, lang, related(topic)));
        return true;
      }
    }
    if (result.decision === "suggest") {
      const choices = result.hits
        .map((h) => topics.get(h.topicId))
        .filter((t): t is Topic => t !== undefined);
      // A lone choice says no more than the answer itself: show it as the answer.
      const [only] = choices;
      if (choices.length === 1 && only) {
        await turn.say(answerCard(only, deps.kb.settings, lang, related(only)));
        return true;
      }
      if (choices.length > 1) {
        await turn.say(suggestCard(choices, lang));
        return true;
      }
    }
    // After a 112 card, a "cannot help" card would only distract.
    if (turn.acuteShown) return false;
    await deps.log.recordUnanswered({
      question: redact(text),
      lang,
      at: turn.now,
      candidates: result.hits.map((h) => h.topicId),
      asker: keyId(turn.user.id),
    });
    await turn.say(declineCard(deps.kb.settings, lang));
    return true;
  };

  return {
    name: "knowledge",
    answerQuestion: (turn, text) => respond(turn, text, true),
    showTopic,
    actions: {
      [KNOWLEDGE_VERBS.topic]: async (turn, data) => {
        await showTopic(turn, typeof data.topicId === "string" ? data.topicId : "");
      },
      [KNOWLEDGE_VERBS.feedback]: async (turn, data) => {
        const topicId = typeof data.topicId === "string" ? data.topicId : "";
        if (!topics.has(topicId) || typeof data.useful !== "boolean") {
          turn.invokeAnswer = { kind: "message", text: TEXTS.unknownTopic[turn.lang] };
          return;
        }
        // One vote per answer card: the card's activity id (replyToId) scopes the key.
        const card = turn.ctx.activity.replyToId ?? "card";
        if (!markHandled(turn.data, `kb.feedback:${topicId}:${card}`)) {
          turn.invokeAnswer = { kind: "message", text: TEXTS.thanksAgain[turn.lang] };
          return;
        }
        await deps.log.recordFeedback({ topicId, useful: data.useful, lang: turn.lang, at: turn.now });
        log.info({ topic: topicId, useful: data.useful }, "feedback");
        turn.invokeAnswer = { kind: "message", text: TEXTS.thanks[turn.lang] };
        await turn.say(TEXTS.thanks[turn.lang]);
      },
    },
    onText: async (turn, text) => {
      await respond(turn, text, false);
      return true;
    },
  };
}

const QUESTION_START =
  /^(wat|wie|waar|wanneer|waarom|welke?|hoe|mag|moet|moeten|kan|kun|kunnen|is|zijn|heb|hebben|wordt|geldt|krijg|klopt|what|who|where|when|why|which|how|can|may|must|should|is|are|do|does|will)\b/i;
// Typed answers to a check are a word or two ("ja", "weet niet", a label with a typo); text of this many words
// that the check could not read is a question or a description of a situation.
const QUESTION_WORDS = 4;

/** True when the text reads as a question: a question mark, a question word first, or a whole sentence. */
function looksLikeQuestion(text: string): boolean {
  const trimmed = text.trim();
  return (
    trimmed.includes("?") || QUESTION_START.test(trimmed) || trimmed.split(/\s+/).length >= QUESTION_WORDS
  );
}
