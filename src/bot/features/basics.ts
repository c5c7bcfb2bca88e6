/**
 * @module bot/features/basics
 * Help and menu: the command overview (for "help", "menu" and greetings, and the help buttons), the "ask a
 * question" hint, and the user's department (`afdeling`), kept per person for the anonymous statistics.
 */
import { fill, textsFor } from "../../i18n/index.js";
import { card, textBlock } from "../cards/adaptive.js";
import { departmentCard, helpCard } from "../cards/welcome-cards.js";
import type { Feature } from "../feature.js";
import { handled } from "../reply.js";
import type { TurnView } from "../turn.js";

const help = async (turn: TurnView) => handled([helpCard(turn.lang, turn.user.isCoordinator)]);

/** The help feature. */
export function basicsFeature(): Feature {
  return {
    name: "basics",
    commands: {
      help,
      department: async (turn) => handled([departmentCard(turn.lang, turn.user.department)]),
    },
    actions: {
      "help.show": help,
      "help.ask": async (turn) => handled([textsFor(turn.lang).bot.askHint]),
      // The choice card becomes the confirmation, so its buttons are gone.
      "prefs.department": async (turn, data) => {
        const t = textsFor(turn.lang);
        const department = t.caseLabels.department[data.department] ?? data.department;
        return handled([], {
          update: card([textBlock(fill(t.bot.departmentSaved, { department }))]),
          prefs: { department: data.department },
        });
      },
    },
  };
}
