/**
 * @module bot/cards/acute-card
 * The 112 card, shown before anything else when a message suggests danger now. It is always in Dutch AND
 * English, because in an emergency nobody should have to switch language. Facts: 112 for acute danger
 * (BRIEF.md §3); do not confront anyone, make no promises, then inform the contact point (BRIEF.md §6).
 */
import { textsFor, type Lang } from "../../i18n/index.js";
import { card, factSet, textBlock, type AdaptiveCard, type CardElement } from "./adaptive.js";
import { cardButton } from "../actions.js";

// At most 40 characters: Teams clips longer button titles, and the text above says whom to report to.
const BUTTON = `${textsFor("nl").acute.button} / ${textsFor("en").acute.button}`;

function section(lang: Lang): CardElement[] {
  const t = textsFor(lang).acute;
  return [
    textBlock(t.whileWaiting),
    textBlock(t.steps.map((step) => `- ${step}`).join("\n")),
    textBlock(t.thenReport),
  ];
}

/**
 * Builds the 112 card with the contact point's name and phone from the municipality settings. The phone is shown
 * as text because tel: links do not work reliably in Teams cards; the button starts an urgent report.
 */
export function acuteCard(settings: { contactPointName: string; contactPointPhone: string }): AdaptiveCard {
  const [nl, en] = [textsFor("nl").acute, textsFor("en").acute];
  return card(
    [
      {
        type: "Container",
        style: "attention",
        bleed: true,
        items: [textBlock(nl.heading, "heading"), textBlock(en.heading, "heading")],
      },
      ...section("nl"),
      factSet([
        [nl.contactPoint, settings.contactPointName],
        [nl.phone, settings.contactPointPhone],
      ]),
      { type: "Container", separator: true, spacing: "Medium", items: section("en") },
      factSet([
        [en.contactPoint, settings.contactPointName],
        [en.phone, settings.contactPointPhone],
      ]),
    ],
    [cardButton("report.start", BUTTON, { urgent: true })],
  );
}
