/**
 * @module bot/features/basics
 * Help and menu: the command overview, greetings, and the "ask a question" hint.
 */
import { helpCard } from "../cards/welcome-cards.js";
import type { Feature } from "../feature.js";
import { texts } from "../texts.js";

const HELP =
  /^(help|hulp|menu|\?|start|hallo|hoi|hey|hi|hello|goedemorgen|goedemiddag|wat kun je|wat kan je( doen)?)[.!?]*$/i;

/** Shows the help card for "help", "menu" and greetings, and for the help buttons. */
export function basicsFeature(): Feature {
  return {
    name: "basics",
    actions: {
      "help.show": async (turn) => {
        await turn.say(helpCard(turn.lang, turn.user.isCoordinator));
      },
      "help.ask": async (turn) => {
        turn.invokeAnswer = { kind: "message", text: texts.askHint[turn.lang] };
        await turn.say(texts.askHint[turn.lang]);
      },
    },
    onText: async (turn, text) => {
      if (!HELP.test(text.trim())) return false;
      await turn.say(helpCard(turn.lang, turn.user.isCoordinator));
      return true;
    },
  };
}
