/**
 * @module bot/features/acute
 * Acute danger first: the detector over typed text and the 112 card it leads to, as the bot needs them. The bot
 * checks every typed message before anything else and puts the card first in the reply; only cue ids are logged.
 */
import { detectAcuteDanger } from "../../signals/acute.js";
import type { AcuteLexicon } from "../../signals/acute-lexicon.js";
import type { AcuteDeps } from "../bot.js";
import { acuteCard } from "../cards/acute-card.js";
import type { ContactPointSettings } from "../cards/check-cards.js";

/** The acute-danger detector and 112 card for the bot. */
export function acuteDanger(contactPoint: ContactPointSettings, lexicon: AcuteLexicon): AcuteDeps {
  const card = acuteCard(contactPoint);
  return {
    detect: (text) => detectAcuteDanger(lexicon, text),
    card: () => card,
  };
}
