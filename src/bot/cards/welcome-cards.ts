/**
 * @module bot/cards/welcome-cards
 * The welcome card (first contact or install) and the help/menu card.
 */
import { texts, type Lang } from "../texts.js";
import { card, executeAction, factSet, textBlock, type AdaptiveCard } from "./adaptive.js";

function mainActions(lang: Lang) {
  return [
    executeAction(texts.buttonCheck[lang], "check.menu"),
    executeAction(texts.buttonAsk[lang], "help.ask"),
    executeAction(texts.buttonReport[lang], "report.start"),
    executeAction(texts.buttonHelp[lang], "help.show"),
  ];
}

/** What the bot can do, in three lines, with the 112 reminder and the main buttons. */
export function welcomeCard(lang: Lang): AdaptiveCard {
  return card(
    [
      textBlock(texts.welcomeTitle[lang], "heading"),
      ...texts.welcomeLines[lang].map((line) => textBlock(line)),
      { ...textBlock(texts.acuteFirst[lang]), color: "Attention", weight: "Bolder" },
    ],
    mainActions(lang),
  );
}

/** The command overview; coordinators also see their commands. */
export function helpCard(lang: Lang, isCoordinator: boolean): AdaptiveCard {
  return card(
    [
      textBlock(texts.helpTitle[lang], "heading"),
      factSet(texts.helpCommands[lang]),
      ...(isCoordinator
        ? [
            textBlock(texts.coordinatorCommandsTitle[lang], "heading"),
            factSet(texts.coordinatorCommands[lang]),
          ]
        : []),
      { ...textBlock(texts.acuteFirst[lang]), color: "Attention", weight: "Bolder" },
    ],
    mainActions(lang),
  );
}
