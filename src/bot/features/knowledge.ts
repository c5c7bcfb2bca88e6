/**
 * @module bot/features/knowledge
 * Questions typed in the chat: the knowledge search decides to answer (answer card with sources), to offer
 * choices ("bedoelde je ...?") or to decline honestly with the way to the contact point. Declined questions are
 * kept (redacted) for curators; feedback on answers is stored. Only ids, decisions and scores are logged.
 */
import { unansweredCounter, type Counter } from "../../insight/counters.js";
import { textsFor, type Lang } from "../../i18n/index.js";
import type { Logger } from "../../log.js";
import { redact } from "../../privacy/redact.js";
import { findAnswers } from "../../knowledge/search.js";
import type { KnowledgeIndex } from "../../knowledge/search-index.js";
import type { KnowledgeBase, Topic } from "../../knowledge/topic-schema.js";
import type { KnowledgeLog } from "../../storage/knowledge-log.js";
import { keyId } from "../../util/key-id.js";
import { answerCard, declineCard, suggestCard } from "../cards/knowledge-cards.js";
import type { Feature, QuestionHandler } from "../feature.js";
import { handled, toReply, type Reply } from "../reply.js";
import type { TurnView } from "../turn.js";

/** The knowledge feature, plus the two calls the check uses. */
export interface KnowledgeFeature extends Feature, QuestionHandler {
  /**
   * Treats text a running check could not read as a question: the answer or choices when the search finds them
   * (the answer only, when it is sure, for a stray word), the decline card when `decline` is set; undefined when
   * it is left to the check.
   */
  answerQuestion(turn: TurnView, text: string, options: { decline: boolean }): Promise<Reply[] | undefined>;
  /** One topic as an answer card. */
  showTopic(turn: TurnView, topicId: string, lang?: Lang): Reply;
}

/** Builds the knowledge feature over the index built at start-up. */
export function knowledgeFeature(deps: {
  kb: KnowledgeBase;
  index: KnowledgeIndex;
  log: KnowledgeLog;
  /** Adds an unanswered question's topic area to the anonymous statistics; not counted when absent. */
  countUnanswered?: (counters: Counter[]) => Promise<void>;
  logger: Logger;
}): KnowledgeFeature {
  const log = deps.logger.child({ module: "knowledge" });
  const topics = new Map(deps.kb.topics.map((t) => [t.id, t]));
  const related = (topic: Topic) =>
    topic.related.map((id) => topics.get(id)).filter((t): t is Topic => t !== undefined);

  const showTopic = (turn: TurnView, topicId: string, lang: Lang = turn.lang): Reply => {
    const topic = topics.get(topicId);
    if (!topic) return toReply(textsFor(turn.lang).knowledge.unknownTopic);
    return toReply(answerCard(topic, deps.kb.settings, lang, related(topic)));
  };

  /**
   * Searches and answers. Declined questions are kept (redacted) for curators and get the honest "cannot help"
   * card with the way to the contact point. Mid-check (`midCheck`), a stray word is answered only when the search
   * is sure of its answer, and declined only when the check says it reads as a question.
   */
  const respond = async (
    turn: TurnView,
    text: string,
    midCheck: { decline: boolean } | undefined,
  ): Promise<Reply[] | undefined> => {
    const result = findAnswers(deps.index, text, turn.chosenLang);
    if (midCheck && result.decision !== "answer" && !midCheck.decline) return undefined;
    const lang = turn.chosenLang ?? result.lang;
    log.info(
      { decision: result.decision, reason: result.reason, topics: result.hits.map((h) => h.topicId) },
      "question",
    );
    if (result.decision === "answer" && result.hits[0]) {
      const topic = topics.get(result.hits[0].topicId);
      if (topic) return [toReply(answerCard(topic, deps.kb.settings, lang, related(topic)))];
    }
    if (result.decision === "suggest") {
      const choices = result.hits
        .map((h) => topics.get(h.topicId))
        .filter((t): t is Topic => t !== undefined);
      // A lone choice says no more than the answer itself: show it as the answer.
      const [only] = choices;
      if (choices.length === 1 && only)
        return [toReply(answerCard(only, deps.kb.settings, lang, related(only)))];
      if (choices.length > 1) return [toReply(suggestCard(choices, lang))];
    }
    // After a 112 card, a "cannot help" card would only distract.
    if (turn.acute) return midCheck ? undefined : [];
    const unanswered = {
      question: redact(text),
      lang,
      at: turn.now,
      candidates: result.hits.map((h) => h.topicId),
      asker: keyId(turn.user.id),
    };
    turn.defer(() => deps.log.recordUnanswered(unanswered));
    // The statistics keep only the month and the area of the closest topic, never the question.
    const closest = result.hits[0] ? topics.get(result.hits[0].topicId) : undefined;
    turn.defer(async () => {
      await deps
        .countUnanswered?.([unansweredCounter(turn.now.toISOString(), closest?.area)])
        .catch((error: unknown) =>
          log.warn({ err: { name: (error as Error).name } }, "question not counted"),
        );
    });
    return [toReply(declineCard(deps.kb.settings, lang))];
  };

  return {
    name: "knowledge",
    answerQuestion: (turn, text, options) => respond(turn, text, options),
    showTopic,
    onQuestion: async (turn, text) => handled((await respond(turn, text, undefined)) ?? []),
    actions: {
      "kb.topic": async (turn, data) => handled([showTopic(turn, data.topicId, data.lang)]),
      "kb.feedback": async (turn, data) => {
        const t = textsFor(turn.lang).knowledge;
        if (!topics.has(data.topicId)) return handled([], { notice: t.unknownTopic });
        // One vote per answer card: the card's activity id (replyToId) scopes the key.
        const key = `kb.feedback:${data.topicId}:${turn.activity.replyToId ?? "card"}`;
        if (turn.data.handled.includes(key)) return handled([], { notice: t.thanksAgain });
        const feedback = { topicId: data.topicId, useful: data.useful, lang: turn.lang, at: turn.now };
        turn.defer(() => deps.log.recordFeedback(feedback));
        log.info({ topic: data.topicId, useful: data.useful }, "feedback");
        return handled([], { notice: t.thanks, patch: { handled: [key] } });
      },
    },
  };
}
