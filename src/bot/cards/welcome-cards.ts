/**
 * @module bot/cards/welcome-cards
 * The welcome card (first contact or install), the help/menu card and the department choice.
 */
import { Department } from "../../cases/case-schema.js";
import { fill, textsFor, type Lang } from "../../i18n/index.js";
import { band, buttonList, card, factSet, textBlock, type AdaptiveCard } from "./adaptive.js";
import { cardButton } from "../actions.js";

function mainActions(lang: Lang) {
  const t = textsFor(lang).bot;
  return [
    cardButton("check.menu", t.buttonCheck, {}),
    cardButton("help.ask", t.buttonAsk, {}),
    cardButton("report.start", t.buttonReport, {}),
    cardButton("help.show", t.buttonHelp, {}),
  ];
}

/** What the bot can do, in three lines, with the 112 reminder and the main buttons. */
export function welcomeCard(lang: Lang): AdaptiveCard {
  const t = textsFor(lang).bot;
  return card(
    [
      textBlock(t.welcomeTitle, "heading"),
      ...t.welcomeLines.map((line) => textBlock(line)),
      band("attention", [{ ...textBlock(t.acuteFirst), weight: "Bolder" }]),
    ],
    mainActions(lang),
  );
}

/** The command overview; coordinators also see their commands. */
export function helpCard(lang: Lang, isCoordinator: boolean): AdaptiveCard {
  const t = textsFor(lang).bot;
  return card(
    [
      textBlock(t.helpTitle, "heading"),
      factSet(t.helpCommands),
      ...(isCoordinator
        ? [textBlock(t.coordinatorCommandsTitle, "heading"), factSet(t.coordinatorCommands)]
        : []),
      band("attention", [{ ...textBlock(t.acuteFirst), weight: "Bolder" }]),
    ],
    mainActions(lang),
  );
}

/**
 * Said in a group chat or channel to anything but the channel commands: what is typed there is seen by everyone,
 * so checks, reports and questions go to the personal chat (a button opens it when the bot's app id is known).
 */
export function personalOnlyCard(lang: Lang, personalChatUrl: string | undefined): AdaptiveCard {
  const t = textsFor(lang).bot;
  return card(
    [textBlock(t.personalOnly)],
    personalChatUrl ? [{ type: "Action.OpenUrl", title: t.personalOnlyButton, url: personalChatUrl }] : [],
  );
}

/** The department choice: why it is asked, what is chosen now, and one button per department. */
export function departmentCard(lang: Lang, current: Department | undefined): AdaptiveCard {
  const t = textsFor(lang);
  const label = (d: Department) => t.caseLabels.department[d] ?? d;
  return card([
    textBlock(t.bot.departmentTitle, "heading"),
    textBlock(t.bot.departmentWhy, "subtle"),
    ...(current ? [textBlock(fill(t.bot.departmentCurrent, { department: label(current) }))] : []),
    ...buttonList(Department.options.map((d) => cardButton("prefs.department", label(d), { department: d }))),
  ]);
}
