/**
 * @module bot/cards/knowledge-cards
 * Adaptive Cards for knowledge answers: the answer (title, lead, details behind "Meer", sources as links,
 * related topics and "Was dit nuttig?" as buttons), the "Bedoelde je ...?" choice, and the polite decline with
 * the way to the contact point. Pure functions returning plain card objects; Dutch or English per `lang`.
 */
import { textsFor, type Lang } from "../../i18n/index.js";
import { fillPlaceholders, renderTopic } from "../../knowledge/render.js";
import type { MunicipalitySettings, Topic } from "../../knowledge/topic-schema.js";
import { type AdaptiveCard, buttonList, card, type CardElement } from "./adaptive.js";
import { cardButton } from "../actions.js";

const text = (value: string, extra: CardElement = {}): CardElement => ({
  type: "TextBlock",
  text: value,
  wrap: true,
  ...extra,
});

const topicButton = (topic: Topic, lang: Lang): CardElement =>
  cardButton("kb.topic", topic.title[lang], { topicId: topic.id, lang });

/**
 * The answer to a question: title, lead, details (hidden until "Meer"), sources as links, related topics as
 * buttons (verb kb.topic) and "Was dit nuttig?" Ja/Nee (verb kb.feedback, data {topicId, useful}).
 */
export function answerCard(
  topic: Topic,
  settings: MunicipalitySettings,
  lang: Lang,
  related: readonly Topic[],
): AdaptiveCard {
  const t = textsFor(lang).knowledgeCard;
  const rendered = renderTopic(topic, settings, lang);
  const detailsId = `details-${topic.id}`;
  const body: CardElement[] = [
    text(rendered.title, { size: "Medium", weight: "Bolder" }),
    text(rendered.lead),
  ];
  if (rendered.details !== "") {
    body.push({ type: "Container", id: detailsId, isVisible: false, items: [text(rendered.details)] });
  }
  body.push(text(t.sources, { weight: "Bolder", spacing: "Medium" }));
  body.push(
    ...buttonList(rendered.sources.map((s) => ({ type: "Action.OpenUrl", title: s.title, url: s.url }))),
  );
  if (related.length > 0) {
    body.push(text(t.related, { weight: "Bolder", spacing: "Medium" }));
    body.push(...buttonList(related.map((r) => topicButton(r, lang))));
  }
  body.push(text(t.useful, { spacing: "Medium" }));
  body.push({
    type: "ActionSet",
    actions: [true, false].map((useful) =>
      cardButton("kb.feedback", useful ? t.yes : t.no, { topicId: topic.id, useful }),
    ),
  });
  const actions: CardElement[] =
    rendered.details !== ""
      ? [{ type: "Action.ToggleVisibility", title: t.more, targetElements: [detailsId] }]
      : [];
  return card(body, actions);
}

/**
 * "Bedoelde je ...?": up to three topics as buttons (verb kb.topic), with a hint when none fits and the signal
 * check (verb check.menu): an uncertain question is often a situation described, and the check is the way to
 * advice on one, whichever topic the words happened to match.
 */
export function suggestCard(topics: readonly Topic[], lang: Lang): AdaptiveCard {
  const texts = textsFor(lang);
  const t = texts.knowledgeCard;
  return card(
    [
      text(t.didYouMean, { weight: "Bolder" }),
      ...buttonList(topics.slice(0, 3).map((topic) => topicButton(topic, lang))),
      text(t.notListed, { isSubtle: true, spacing: "Medium" }),
      text(t.checkHint, { isSubtle: true }),
    ],
    [cardButton("check.menu", texts.bot.buttonCheck, {})],
  );
}

/** The polite decline: what the bot is for, how to reach the contact point (from settings), 112, and "help". */
export function declineCard(settings: MunicipalitySettings, lang: Lang): AdaptiveCard {
  const t = textsFor(lang).knowledgeCard;
  return card([
    text(t.declineTitle, { size: "Medium", weight: "Bolder" }),
    text(fillPlaceholders(t.declineBody, settings)),
    text(t.declineDanger, { weight: "Bolder" }),
    text(t.declineHelp, { isSubtle: true }),
  ]);
}
