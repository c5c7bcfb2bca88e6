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
  /** Answers `text` if the search is confident enough to answer or suggest; false when it would decline. */
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
   * Searches and shows. In the main flow (`midCheck` false) declined questions are kept for curators and get the
   * honest "cannot help" card. During a check, text that is not an answer is only treated as a question when the
   * search is confident or the text reads as a question, so a mistyped answer does not bring up topic choices.
   */
  const respond = async (turn: Turn, text: string, midCheck: boolean): Promise<boolean> => {
    const result = findAnswers(deps.index, text, turn.data.lang);
    if (midCheck && result.decision === "suggest" && !looksLikeQuestion(text)) return false;
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
      if (choices.length > 0) {
        await turn.say(suggestCard(choices, lang));
        return true;
      }
    }
    // After a 112 card, a "cannot help" card would only distract.
    if (!midCheck && !turn.acuteShown) {
      await deps.log.recordUnanswered({
        question: redact(text),
        lang,
        at: turn.now,
        candidates: result.hits.map((h) => h.topicId),
      });
      await turn.say(declineCard(deps.kb.settings, lang));
    }
    return false;
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
  /^(wat|wie|waar|wanneer|waarom|welke?|hoe|mag|moet|kan|kun|is|zijn|heb|wordt|geldt|what|who|where|when|why|which|how|can|may|must|should|is|are|do|does)\b/i;

/** True when the text reads as a question (a question mark or a question word first). */
function looksLikeQuestion(text: string): boolean {
  return text.includes("?") || QUESTION_START.test(text.trim());
}
