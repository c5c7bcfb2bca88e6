/**
 * @module bot/features/acute
 * Acute danger first: every typed message is checked for danger now before anything else; when it fires, the
 * 112 card (Dutch and English) is sent and the message is then handled as usual. Only rule ids are logged.
 */
import { detectAcuteDanger } from "../../signals/acute.js";
import type { Logger } from "../../log.js";
import { acuteCard } from "../cards/acute-card.js";
import type { ContactPointSettings } from "../cards/check-cards.js";
import type { Feature } from "../feature.js";
import type { Turn } from "../turn.js";

/** Sends the 112 card once per turn. */
export async function sendAcuteCard(turn: Turn, contactPoint: ContactPointSettings): Promise<void> {
  if (turn.acuteShown) return;
  turn.acuteShown = true;
  await turn.say(acuteCard(contactPoint));
}

/** The acute-danger check on typed text. */
export function acuteFeature(deps: { contactPoint: ContactPointSettings; logger: Logger }): Feature {
  const log = deps.logger.child({ module: "acute" });
  return {
    name: "acute",
    beforeText: async (turn, text) => {
      const check = detectAcuteDanger(text);
      if (!check.acute) return;
      log.info({ cues: check.cues }, "acute danger cue");
      await sendAcuteCard(turn, deps.contactPoint);
    },
  };
}
