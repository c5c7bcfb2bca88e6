/**
 * @module bot/texts
 * What the bot itself says (welcome, help, errors, commands), Dutch first and English second, in one place.
 * Feature texts (knowledge, checks, cases) live beside their card builders.
 */

/** The languages the bot speaks; Dutch is the default. */
export type Lang = "nl" | "en";

/** The bot's own texts. */
export const texts = {
  welcomeTitle: { nl: "Welkom bij Signaalwijzer", en: "Welcome to Signaalwijzer" },
  welcomeLines: {
    nl: [
      "Heb je iets gezien dat niet klopt? Doe een **signaalcheck**: een paar vragen over wat je zag, en je krijgt advies.",
      "Heb je een vraag over mensenhandel? **Typ je vraag**, ik zoek het antwoord op.",
      "Wil je iets doorgeven? **Meld** het in één stap bij het aanspreekpunt mensenhandel van de gemeente.",
    ],
    en: [
      "Did you see something odd? Run a **signal check**: a few questions about what you saw, then advice.",
      "A question about human trafficking? **Type your question** and I will look up the answer.",
      "Want to pass something on? **Report** it in one step to the municipality's trafficking contact point.",
    ],
  },
  acuteFirst: {
    nl: "Is er nu gevaar? Bel direct 112.",
    en: "Is someone in danger right now? Call 112 immediately.",
  },
  helpTitle: { nl: "Wat kan ik voor je doen?", en: "What can I do for you?" },
  helpCommands: {
    nl: [
      ["check", "start een signaalcheck"],
      ["melden", "meld een signaal bij het aanspreekpunt"],
      ["mijn meldingen", "bekijk je meldingen en hun status"],
      ["een vraag", "typ gewoon je vraag, bijvoorbeeld: wat zijn signalen van arbeidsuitbuiting?"],
      ["english", "switch to English"],
      ["help", "dit overzicht"],
    ],
    en: [
      ["check", "start a signal check"],
      ["melden", "report a signal to the contact point"],
      ["mijn meldingen", "see your reports and their status"],
      ["a question", "just type it, for example: what are signs of labour exploitation?"],
      ["nederlands", "schakel naar Nederlands"],
      ["help", "this overview"],
    ],
  },
  coordinatorCommandsTitle: { nl: "Voor coördinatoren", en: "For coordinators" },
  coordinatorCommands: {
    nl: [
      ["registreer meldpunt", "typ dit in het kanaal van het meldpunt om meldingen daar te ontvangen"],
      ["meldpunt status", "open meldingen en meldingen die niet bezorgd konden worden"],
    ],
    en: [
      ["registreer meldpunt", "type this in the contact point's channel to receive reports there"],
      ["meldpunt status", "open reports and notifications that could not be delivered"],
    ],
  },
  buttonCheck: { nl: "Start signaalcheck", en: "Start signal check" },
  buttonReport: { nl: "Melden", en: "Report" },
  buttonHelp: { nl: "Help", en: "Help" },
  buttonAsk: { nl: "Stel een vraag", en: "Ask a question" },
  askHint: {
    nl: "Typ je vraag in je eigen woorden, bijvoorbeeld: “Wat doe ik als iemand geen eigen paspoort heeft?”",
    en: "Type your question in your own words, for example: “What do I do if someone does not have their own passport?”",
  },
  languageSet: { nl: "Ik spreek nu Nederlands met je.", en: "I will speak English with you now." },
  turnError: {
    nl: "Sorry, er ging bij mij iets mis. Je gegevens zijn niet verloren; probeer het nog eens of typ **help**. Bij acuut gevaar: bel 112.",
    en: "Sorry, something went wrong on my side. Nothing you sent was lost; please try again or type **help**. In acute danger: call 112.",
  },
  rateLimited: {
    nl: "Je stuurt veel berichten kort achter elkaar. Wacht even een halve minuut en probeer het dan opnieuw. Bij acuut gevaar: bel 112.",
    en: "You are sending many messages in a short time. Please wait half a minute and try again. In acute danger: call 112.",
  },
  storageError: {
    nl: "Sorry, ik kan mijn opslag nu even niet bereiken. Wat je eerder stuurde is bewaard; probeer het over een paar minuten opnieuw. Bij acuut gevaar: bel 112.",
    en: "Sorry, I cannot reach my storage right now. What you sent before is kept; please try again in a few minutes. In acute danger: call 112.",
  },
  turnErrorReset: {
    nl: "Sorry, dit gesprek loopt steeds vast. Ik begin daarom opnieuw; een check of melding die nog niet verstuurd was, moet je opnieuw invullen. Typ **help** om verder te gaan. Bij acuut gevaar: bel 112.",
    en: "Sorry, this conversation keeps failing, so I am starting over; a check or report you had not sent yet must be filled in again. Type **help** to go on. In acute danger: call 112.",
  },
  stateReset: {
    nl: "Ik ben de draad kwijtgeraakt en begin opnieuw. Typ **check** om een signaalcheck te starten.",
    en: "I lost track and will start over. Type **check** to start a signal check.",
  },
  unknownAction: {
    nl: "Deze knop werkt niet meer. Typ **help** voor wat je nu kunt doen.",
    en: "This button no longer works. Type **help** to see what you can do now.",
  },
  invalidInput: {
    nl: "Dat kon ik niet verwerken: de invoer klopt niet. Probeer het opnieuw of typ **help**.",
    en: "I could not process that: the input is not valid. Please try again or type **help**.",
  },
  tooLong: {
    nl: "Je bericht is te lang voor mij (meer dan 4.000 tekens). Maak het korter en probeer het opnieuw.",
    en: "Your message is too long for me (more than 4,000 characters). Please shorten it and try again.",
  },
  noCheck: {
    nl: "Er loopt geen check. Typ **check** om er een te beginnen, of stel je vraag.",
    en: "There is no check running. Type **check** to start one, or ask your question.",
  },
  personalOnly: {
    nl: "Checks, meldingen en vragen horen in je persoonlijke chat met mij, zodat alleen jij ziet wat je invult. Ga verder in de persoonlijke chat. Bij acuut gevaar: bel 112.",
    en: "Checks, reports and questions belong in your personal chat with me, so only you see what you fill in. Please continue in the personal chat. In acute danger: call 112.",
  },
  personalOnlyButton: { nl: "Open de persoonlijke chat", en: "Open the personal chat" },
  notAvailable: {
    nl: "Dit onderdeel is nog niet beschikbaar.",
    en: "This part is not available yet.",
  },
} as const;
