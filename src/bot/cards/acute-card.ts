/**
 * @module bot/cards/acute-card
 * The 112 card, shown before anything else when a message suggests danger now. It is always in Dutch AND
 * English, because in an emergency nobody should have to switch language. Facts: 112 for acute danger
 * (BRIEF.md §3); do not confront anyone, make no promises, then inform the contact point (BRIEF.md §6).
 */
import { card, factSet, textBlock, type AdaptiveCard, type CardElement } from "./adaptive.js";
import { executeAction } from "../actions.js";

const TEXTS = {
  nl: {
    heading: "Is er nu gevaar? Bel 112.",
    whileWaiting: "Terwijl je wacht op hulp:",
    steps: [
      "Zorg eerst voor je eigen veiligheid en die van anderen.",
      "Spreek niemand aan op wat je ziet en ga geen confrontatie aan.",
      "Beloof niets en stel alleen vragen die nu nodig zijn.",
    ],
    thenReport: "Laat het daarna zo snel mogelijk weten aan het aanspreekpunt mensenhandel van de gemeente.",
    contactPoint: "Aanspreekpunt",
    phone: "Telefoon",
  },
  en: {
    heading: "Danger right now? Call 112.",
    whileWaiting: "While you wait for help:",
    steps: [
      "Keep yourself and others safe first.",
      "Do not confront anyone about what you see.",
      "Make no promises and only ask what is needed right now.",
    ],
    thenReport: "Then inform the municipality's human trafficking contact point as soon as possible.",
    contactPoint: "Contact point",
    phone: "Phone",
  },
  // At most 40 characters: Teams clips longer button titles, and the text above says whom to report to.
  button: "Melden bij aanspreekpunt / Report",
} as const;

function section(lang: "nl" | "en"): CardElement[] {
  const t = TEXTS[lang];
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
  return card(
    [
      {
        type: "Container",
        style: "attention",
        bleed: true,
        items: [textBlock(TEXTS.nl.heading, "heading"), textBlock(TEXTS.en.heading, "heading")],
      },
      ...section("nl"),
      factSet([
        [TEXTS.nl.contactPoint, settings.contactPointName],
        [TEXTS.nl.phone, settings.contactPointPhone],
      ]),
      { type: "Container", separator: true, spacing: "Medium", items: section("en") },
      factSet([
        [TEXTS.en.contactPoint, settings.contactPointName],
        [TEXTS.en.phone, settings.contactPointPhone],
      ]),
    ],
    [executeAction("report.start", TEXTS.button, { urgent: true })],
  );
}
