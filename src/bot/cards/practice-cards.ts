/**
 * @module bot/cards/practice-cards
 * Practice mode's cards: the situation to read, the practice band every practice card carries (nothing is
 * reported), and the score card that compares the check with the case.
 */
import type { PracticeProgress, PracticeScore } from "../../practice/practice.js";
import type { PracticeCase } from "../../practice/practice-schema.js";
import { fill, textsFor, type Lang } from "../../i18n/index.js";
import type { SignalCatalogue } from "../../signals/catalogue.js";
import { cardButton } from "../actions.js";
import {
  band,
  buttonList,
  card,
  factSet,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from "./adaptive.js";

/** The band that marks a card as practice. */
export function practiceBand(lang: Lang): CardElement {
  return band("warning", [{ ...textBlock(textsFor(lang).practice.banner), weight: "Bolder" }]);
}

/** `c` with the practice band on top: every card of a practice check carries it. */
export function markPractice(c: AdaptiveCard, lang: Lang): AdaptiveCard {
  return { ...c, body: [practiceBand(lang), ...c.body] };
}

/** The situation to read, with the buttons to start the check, take another case or stop. */
export function practiceCaseCard(c: PracticeCase, lang: Lang): AdaptiveCard {
  const t = textsFor(lang).practice;
  return card(
    [
      practiceBand(lang),
      textBlock(c.title[lang], "heading"),
      textBlock(t.intro, "subtle"),
      textBlock(c.narrative[lang]),
      textBlock(t.askHint, "subtle"),
    ],
    [
      cardButton("practice.begin", t.begin, { caseId: c.id }, { style: "positive" }),
      cardButton("practice.start", t.another, { skip: c.id }),
      cardButton("practice.list", t.pick, {}),
      cardButton("practice.stop", t.stop, {}),
    ],
  );
}

/** Every practice case to choose from, the user's department first; a choice shows its situation. */
export function practiceListCard(
  cases: readonly PracticeCase[],
  department: string | undefined,
  lang: Lang,
): AdaptiveCard {
  const t = textsFor(lang).practice;
  const own = (c: PracticeCase) => department !== undefined && c.departments.some((d) => d === department);
  const ordered = [...cases.filter(own), ...cases.filter((c) => !own(c))];
  return card([
    practiceBand(lang),
    textBlock(t.listTitle, "heading"),
    textBlock(t.listIntro, "subtle"),
    ...buttonList(ordered.map((c) => cardButton("practice.show", c.title[lang], { caseId: c.id }))),
  ]);
}

/** The score card: signals found, missed and wrongly ticked, the advice reached and expected, and the lesson. */
export function practiceScoreCard(
  c: PracticeCase,
  score: PracticeScore,
  progress: PracticeProgress,
  lang: Lang,
  catalogue: SignalCatalogue,
  topicTitle: (topicId: string) => string,
): AdaptiveCard {
  const t = textsFor(lang).practice;
  const outcome = textsFor(lang).signals.outcome;
  const label = (id: string) => catalogue.signals.find((s) => s.id === id)?.label[lang] ?? id;
  const why = (id: string) => c.explain.find((e) => e.signal === id)?.why[lang];
  const explained = (ids: readonly string[], mark: string) =>
    ids.map((id) => textBlock(`${mark} **${label(id)}**${why(id) ? `: ${why(id)}` : ""}`));
  const present = score.found.length + score.missed.length;
  const share = progress.present > 0 ? Math.round((100 * progress.found) / progress.present) : 100;
  const topics = [
    ...new Set([...score.missed, ...score.found].map((id) => c.explain.find((e) => e.signal === id)?.topic)),
  ]
    .filter((id): id is string => id !== undefined)
    .slice(0, 3);
  return card(
    [
      practiceBand(lang),
      textBlock(fill(t.doneTitle, { title: c.title[lang] }), "heading"),
      factSet([
        [t.found, fill(t.foundCount, { found: String(score.found.length), present: String(present) })],
        [t.adviceYours, outcome[score.reached]],
        [t.adviceExpected, outcome[score.expected]],
      ]),
      band(score.adviceRight ? "good" : "attention", [
        textBlock(score.adviceRight ? t.adviceRight : t.adviceWrong),
      ]),
      ...(present === 0 ? [textBlock(t.noSignals)] : []),
      ...(score.found.length ? [textBlock(t.foundHeading, "heading"), ...explained(score.found, "✓")] : []),
      ...(score.missed.length
        ? [textBlock(t.missedHeading, "heading"), ...explained(score.missed, "✗")]
        : []),
      ...(score.wronglyTicked.length
        ? [
            textBlock(t.wrongHeading, "heading"),
            ...score.wronglyTicked.map((id) => textBlock(`• ${label(id)}`)),
          ]
        : []),
      textBlock(t.lesson, "heading"),
      textBlock(c.debrief[lang]),
      textBlock(fill(t.progress, { runs: String(progress.runs), share: String(share) }), "subtle"),
      ...buttonList(topics.map((id) => cardButton("kb.topic", topicTitle(id), { topicId: id, lang }))),
    ],
    [
      cardButton("practice.start", t.next, {}, { style: "positive" }),
      cardButton("practice.stop", t.stop, {}),
    ],
  );
}
