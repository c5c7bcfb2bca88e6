/**
 * @module bot/features/basics
 * Help and menu: the command overview (for "help", "menu" and greetings, and the help buttons) and the "ask a
 * question" hint.
 */
import { textsFor } from "../../i18n/index.js";
import { helpCard } from "../cards/welcome-cards.js";
import type { Feature } from "../feature.js";
import { handled } from "../reply.js";
import type { TurnView } from "../turn.js";

const help = async (turn: TurnView) => handled([helpCard(turn.lang, turn.user.isCoordinator)]);

/** The help feature. */
export function basicsFeature(): Feature {
  return {
    name: "basics",
    commands: { help },
    actions: {
      "help.show": help,
      "help.ask": async (turn) => handled([textsFor(turn.lang).bot.askHint]),
    },
  };
}
