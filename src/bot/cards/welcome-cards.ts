/**
 * @module bot/cards/welcome-cards
 * The welcome card (first contact or install) and the help/menu card.
 */
import { texts, type Lang } from "../texts.js";
import { band, card, factSet, textBlock, type AdaptiveCard } from "./adaptive.js";
import { executeAction } from "../actions.js";

function mainActions(lang: Lang) {
  return [
    executeAction("check.menu", texts.buttonCheck[lang], {}),
    executeAction("help.ask", texts.buttonAsk[lang], {}),
    executeAction("report.start", texts.buttonReport[lang], {}),
    executeAction("help.show", texts.buttonHelp[lang], {}),
  ];
}

/** What the bot can do, in three lines, with the 112 reminder and the main buttons. */
export function welcomeCard(lang: Lang): AdaptiveCard {
  return card(
    [
      textBlock(texts.welcomeTitle[lang], "heading"),
      ...texts.welcomeLines[lang].map((line) => textBlock(line)),
      band("attention", [{ ...textBlock(texts.acuteFirst[lang]), weight: "Bolder" }]),
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
      band("attention", [{ ...textBlock(texts.acuteFirst[lang]), weight: "Bolder" }]),
    ],
    mainActions(lang),
  );
}

/**
 * Said in a group chat or channel to anything but the channel commands: what is typed there is seen by everyone,
 * so checks, reports and questions go to the personal chat (a button opens it when the bot's app id is known).
 */
export function personalOnlyCard(lang: Lang, personalChatUrl: string | undefined): AdaptiveCard {
  return card(
    [textBlock(texts.personalOnly[lang])],
    personalChatUrl
      ? [{ type: "Action.OpenUrl", title: texts.personalOnlyButton[lang], url: personalChatUrl }]
      : [],
  );
}
