/**
 * @module i18n/nl
 * Everything the bot says in Dutch, grouped by where it is said. The shape of this catalogue is the shape of
 * every language (`Catalogue`); `{name}` marks a placeholder filled by `fill`, `{{name}}` one filled from the
 * municipality settings. Phone numbers follow the domain brief §3 (to verify before go-live).
 */

/** The one name of each advice level: cards, case labels and the knowledge base use these words. */
const outcome = {
  ACUTE: "Acuut",
  ESCALATE: "Melden",
  CONSULT: "Overleggen",
  MONITOR: "Alert blijven",
} as const;

/** The Dutch catalogue. */
export const nl = {
  /** What the bot itself says: welcome, help, errors, commands. */
  bot: {
    welcomeTitle: "Welkom bij Signaalwijzer",
    welcomeLines: [
      "Heb je iets gezien dat niet klopt? Doe een **signaalcheck**: een paar vragen over wat je zag, en je krijgt advies.",
      "Heb je een vraag over mensenhandel? **Typ je vraag**, ik zoek het antwoord op.",
      "Wil je iets doorgeven? **Meld** het in één stap bij het aanspreekpunt mensenhandel van de gemeente.",
    ],
    acuteFirst: "Is er nu gevaar? Bel direct 112.",
    helpTitle: "Wat kan ik voor je doen?",
    helpCommands: [
      ["check", "start een signaalcheck"],
      ["melden", "meld een signaal bij het aanspreekpunt"],
      ["mijn meldingen", "bekijk je meldingen en hun status"],
      ["afdeling", "kies je afdeling (alleen voor de anonieme cijfers van de gemeente)"],
      ["oefenen", "oefen met een verzonnen situatie; er wordt niets gemeld"],
      ["een vraag", "typ gewoon je vraag, bijvoorbeeld: wat zijn signalen van arbeidsuitbuiting?"],
      ["english", "switch to English"],
      ["help", "dit overzicht"],
    ],
    coordinatorCommandsTitle: "Voor coördinatoren",
    coordinatorCommands: [
      ["registreer meldpunt", "typ dit in het kanaal van het meldpunt om meldingen daar te ontvangen"],
      ["meldpunt status", "open meldingen en meldingen die niet bezorgd konden worden"],
    ],
    buttonCheck: "Start signaalcheck",
    buttonReport: "Melden",
    buttonHelp: "Help",
    buttonAsk: "Stel een vraag",
    departmentTitle: "Bij welke afdeling werk je?",
    departmentWhy:
      "Alleen voor de anonieme cijfers van de gemeente: die tellen signaalchecks per afdeling, nooit per persoon. Je melding vult de afdeling ook vanzelf in.",
    departmentCurrent: "Nu gekozen: {department}.",
    departmentSaved: "Opgeslagen: {department}. Je kunt dit altijd wijzigen met **afdeling**.",
    askHint:
      "Typ je vraag in je eigen woorden, bijvoorbeeld: “Wat doe ik als iemand geen eigen paspoort heeft?”",
    languageSet: "Ik spreek nu Nederlands met je.",
    turnError:
      "Sorry, er ging bij mij iets mis. Je gegevens zijn niet verloren; probeer het nog eens of typ **help**. Bij acuut gevaar: bel 112.",
    rateLimited:
      "Je stuurt veel berichten kort achter elkaar. Wacht even een halve minuut en probeer het dan opnieuw. Bij acuut gevaar: bel 112.",
    storageError:
      "Sorry, ik kan mijn opslag nu even niet bereiken. Wat je eerder stuurde is bewaard; probeer het over een paar minuten opnieuw. Bij acuut gevaar: bel 112.",
    turnErrorReset:
      "Sorry, dit gesprek loopt steeds vast. Ik begin daarom opnieuw; een check of melding die nog niet verstuurd was, moet je opnieuw invullen. Typ **help** om verder te gaan. Bij acuut gevaar: bel 112.",
    stateReset:
      "Ik ben de draad kwijtgeraakt en begin opnieuw. Typ **check** om een signaalcheck te starten.",
    unknownAction: "Deze knop werkt niet meer. Typ **help** voor wat je nu kunt doen.",
    invalidInput: "Dat kon ik niet verwerken: de invoer klopt niet. Probeer het opnieuw of typ **help**.",
    tooLong:
      "Je bericht is te lang voor mij (meer dan 4.000 tekens). Maak het korter en probeer het opnieuw.",
    noCheck: "Er loopt geen check. Typ **check** om er een te beginnen, of stel je vraag.",
    personalOnly:
      "Checks, meldingen en vragen horen in je persoonlijke chat met mij, zodat alleen jij ziet wat je invult. Ga verder in de persoonlijke chat. Bij acuut gevaar: bel 112.",
    personalOnlyButton: "Open de persoonlijke chat",
    notAvailable: "Dit onderdeel is nog niet beschikbaar.",
  },
  /** The running signal check's messages around its cards. */
  practice: {
    banner: "Oefening: er wordt niets gemeld en niemand krijgt bericht.",
    intro: "Lees de situatie. Doe dan de signaalcheck alsof je dit echt meemaakte.",
    askHint:
      "Wil je meer weten? Typ je vraag aan de situatie, bijvoorbeeld: heeft ze een eigen paspoort? Typ **oefenen stop** om te stoppen.",
    begin: "Start de check",
    another: "Andere oefening",
    pick: "Zelf kiezen",
    listTitle: "Kies een oefening",
    listIntro: "Alle situaties zijn verzonnen. Oefeningen van jouw afdeling staan bovenaan.",
    stop: "Stoppen",
    next: "Volgende oefening",
    none: "Er zijn nog geen oefeningen.",
    stopped: "Je bent gestopt met oefenen. Typ **oefenen** om verder te gaan.",
    notPractising: "Je bent niet aan het oefenen. Typ **oefenen** om te beginnen.",
    unknownCase: "Die oefening bestaat niet (meer). Typ **oefenen** voor een nieuwe.",
    factUnknown: "Dat weet je in deze situatie niet.",
    resume: "We gaan verder met de check:",
    doneTitle: "Oefening klaar: {title}",
    found: "Signalen gevonden",
    foundCount: "{found} van {present}",
    adviceYours: "Jouw advies",
    adviceExpected: "Het advies bij deze situatie",
    adviceRight: "Je kwam op het goede advies uit.",
    adviceWrong: "Je advies wijkt af. Kijk hieronder welke signalen het verschil maken.",
    foundHeading: "Gezien",
    missedHeading: "Gemist",
    wrongHeading: "Aangevinkt, maar niet in deze situatie",
    noSignals: "In deze situatie waren er geen signalen van mensenhandel.",
    lesson: "Wat je hiervan leert",
    progress: "Je hebt {runs} oefening(en) gedaan en {share}% van de signalen gevonden.",
    acuteNote: "In het echt zou je nu meteen 112 bellen. Bij oefenen gaat er niets uit.",
  },
  check: {
    stopped: "De check is gestopt. Typ **check** om opnieuw te beginnen, of stel een vraag.",
    noCheck: "Er loopt geen check meer. Typ **check** om te beginnen.",
    treeChanged:
      "De vragen van deze check zijn intussen aangepast. Om geen fouten te maken begin ik opnieuw.",
    notUnderstood:
      "Dat antwoord begreep ik niet. Klik op een knop, typ het nummer of het antwoord, of typ **terug**, **overslaan** of **stop**.",
    resume: "We gaan verder met de check:",
    stale: "Die vraag is al beantwoord. Hier ben je nu:",
    unknownTree: "Die check bestaat niet (meer). Kies er een uit de lijst.",
    skipped: "Overgeslagen",
    noneChosen: "Geen van deze",
    staleAdvice:
      "Die vraag is al beantwoord en het advies staat hierboven. Typ **terug** om je laatste antwoord te wijzigen.",
  },
  /** The check's cards: the menu, a question, an info step and the advice. */
  checkCard: {
    menuTitle: "Welke signaalcheck wil je doen?",
    menuAcute: "Is er nu direct gevaar? Bel eerst 112.",
    start: "Start",
    progress: "Vraag {n} van ~{total}",
    hintSingle: "Je kunt ook typen: het nummer (bijvoorbeeld 2) of het antwoord.",
    hintMulti: 'Je kunt ook typen: de nummers (bijvoorbeeld "1 en 3"), of "geen".',
    earlier: "Je eerdere antwoord staat aangevinkt.",
    submitMulti: "Volgende",
    back: "Terug",
    skip: "Overslaan",
    stop: "Stop",
    continue: "Verder",
    reasonsTitle: "Waarom dit advies",
    noReasons: "Er zijn geen signalen gekozen.",
    todoTitle: "Wat doe je nu?",
    notAConclusion:
      "Dit is advies over een signaal, geen conclusie. Je hoeft het niet zeker te weten. Het aanspreekpunt kan het advies aanpassen.",
    numbersNote: "Telefoonnummers volgens de Wegwijzer mensenhandel en de organisaties zelf (stand 2025).",
    topicsTitle: "Meer weten",
    report: "Meld bij aanspreekpunt",
    explain: "Uitleg",
    restart: "Opnieuw",
    outcome: {
      ACUTE: {
        title: `${outcome.ACUTE}: bel nu 112`,
        meaning: "Er is nu direct gevaar. Veiligheid gaat voor alles.",
      },
      ESCALATE: {
        title: `${outcome.ESCALATE}: vandaag bij het aanspreekpunt`,
        meaning: "De signalen zijn ernstig genoeg om vandaag te melden.",
      },
      CONSULT: {
        title: `${outcome.CONSULT}: binnen twee werkdagen`,
        meaning: "Bespreek de signalen met het aanspreekpunt. Samen bepaal je de volgende stap.",
      },
      MONITOR: {
        title: outcome.MONITOR,
        meaning: "Nu is geen melding nodig. Kijk bij het volgende contact opnieuw.",
      },
    },
    /** The steps of the advice; `{name}`, `{phone}` and `{email}` are the contact point's. */
    todo: {
      call112: "Bel nu 112.",
      thenContactPoint: "Meld het daarna meteen bij het aanspreekpunt: {name}, {phone}.",
      reportToday:
        "Meld het vandaag bij het aanspreekpunt mensenhandel: {name}, {phone}, {email}. Gebruik de knop hieronder.",
      consult: "Bespreek het binnen twee werkdagen met het aanspreekpunt: {name}, {phone}, {email}.",
      monitor: "Leg alleen de feiten kort vast: wat je zag, waar en wanneer. Geen meningen.",
      monitorConsult: "Twijfel je? Overleg gerust met {name} ({phone}).",
      veiligThuis: "Gaat het om een kind? Overleg ook met Veilig Thuis: 0800-2000 (gratis, dag en nacht).",
      labourInspection: "Arbeidsuitbuiting: de Nederlandse Arbeidsinspectie, 0800-5151.",
      police: "Politie: 0900-8844. Anoniem melden: Meld Misdaad Anoniem, 0800-7000.",
      dangerAnyway: "Wordt het toch gevaarlijk? Bel 112.",
    },
  },
  /** The reporter's messages around the report form. */
  report: {
    invalid: "Er ontbreekt iets of iets is te lang: {fields}. Vul het formulier opnieuw in.",
    /** The form's fields as the error line names them. */
    fields: {
      description: "wat je zag",
      place: "plaats",
      seenAt: "wanneer",
      department: "afdeling",
      contact: "bereikbaarheid",
    },
    cancelled: "De melding is geannuleerd. Er is niets verstuurd.",
    noDraft: "Er is geen melding meer om te versturen. Typ **melden** om opnieuw te beginnen.",
    duplicate: "Deze melding was al verstuurd als {number}.",
    answerThanks: "Dank je. Je antwoord is doorgegeven aan het aanspreekpunt.",
    answerAlready: "Deze vraag had je al beantwoord.",
    answerClosed: "Deze melding is al afgesloten; je antwoord is niet meer nodig.",
    answerEmpty: "Je antwoord is leeg of te lang (maximaal 2.000 tekens).",
    notYours: "Deze vraag is niet aan jou gesteld.",
  },
  /** The reporter's cards: the form, the summary, the receipt and the card to answer a question. */
  reportCard: {
    formTitle: "Melden bij het aanspreekpunt mensenhandel",
    formIntro:
      "Geef alleen door wat het aanspreekpunt nodig heeft. Het aanspreekpunt neemt contact met je op.",
    checkResult: "Uitkomst van je signaalcheck",
    description: "Wat heb je gezien of gehoord?",
    descriptionPlaceholder:
      "Alleen feiten: wat, wie (rol, geen namen tenzij nodig), hoe vaak. Geen meningen of diagnoses.",
    place: "Waar? (wijk of adres, wat jij kiest)",
    seenAt: "Wanneer gezien?",
    seenAtPlaceholder: "bijvoorbeeld: maandag 2 maart, ochtend",
    department: "Jouw afdeling",
    contact: "Hoe ben je bereikbaar?",
    contactPlaceholder: "bijvoorbeeld: via Teams, of je werktelefoon",
    review: "Controleren",
    summaryTitle: "Klopt dit?",
    summaryIntro: "Dit gaat naar het aanspreekpunt mensenhandel. Controleer het en kies Versturen.",
    notGiven: "(niet opgegeven)",
    send: "Versturen",
    edit: "Aanpassen",
    cancel: "Annuleren",
    receivedTitle: "Melding ontvangen: {number}",
    receivedText:
      "Je melding is opgeslagen en gaat naar het aanspreekpunt mensenhandel. Je hoort in deze chat wat ermee gebeurt. Typ **mijn meldingen** voor een overzicht.",
    urgentNote: "Je melding is als spoed gemarkeerd. Is er nu gevaar? Bel 112.",
    questionTitle: "Vraag over je melding {number}",
    questionFrom: "{by} vraagt:",
    answer: "Jouw antwoord",
    answerPlaceholder: "Alleen feiten; geen namen tenzij nodig.",
    // Shown by Teams under a required field left empty, when the button is pressed.
    descriptionRequired: "Beschrijf kort wat je hebt gezien of gehoord.",
    departmentRequired: "Kies je afdeling.",
    answerRequired: "Typ je antwoord.",
  },
  /** The contact point's side: registering the channel, the status overview, answers to case actions. */
  coordinator: {
    registered:
      "Dit kanaal is nu geregistreerd als meldpunt mensenhandel. Nieuwe meldingen verschijnen hier als kaart.",
    registerInChannel:
      "Typ **registreer meldpunt** in het kanaal van het meldpunt (na het toevoegen van de app aan het team), niet in een persoonlijke chat.",
    onlyCoordinators:
      "Alleen coördinatoren van het meldpunt kunnen dit doen. Je poging is vastgelegd. Vraag het aanspreekpunt als je denkt dat dit niet klopt.",
    alreadyClaimed: "Deze melding is al opgepakt door {name}.",
    closed: "Deze melding is al afgesloten.",
    notFound: "Deze melding bestaat niet (meer).",
    invalid: "Er ontbreekt iets of iets is te lang: {fields}.",
    /** The case fields as an error line names them (keys: the case service's issue paths). */
    fields: {
      question: "je vraag",
      answer: "het antwoord",
      to: "organisatie",
      note: "toelichting",
      closeReason: "reden van afsluiten",
      outcome: "advies",
      overrideReason: "reden van de aanpassing",
      skipReason: "reden van overslaan",
      stepNote: "notitie",
      playbook: "draaiboek",
      stepChange: "wat je met de stap wilt doen",
    },
    done: "{number} is bijgewerkt.",
    statusTitle: "Status meldpunt",
    channelYes: "Nieuwe meldingen komen als kaart in het kanaal van het meldpunt.",
    channelNo:
      "Er is nog geen kanaal geregistreerd. Typ **registreer meldpunt** in het kanaal van het meldpunt, anders komen meldingen nergens aan.",
    fallbackYes:
      "Lukt bezorgen in Teams niet, dan gaat de melding naar de terugvaloptie (e-mail of webhook).",
    fallbackNo: "Er is geen terugvaloptie (e-mail of webhook) ingesteld.",
    waitingTitle: "Nog niet bij een coördinator",
    waitingItem: "{number} (gemeld {when}): wacht tot er een kanaal is.",
    notPosted: "{number} (gemeld {when}): nog niet in het kanaal bezorgd.",
    openTitle: "Open meldingen ({count})",
    openItem: "{number} · {outcome} · {status}",
    noneOpen: "Er zijn geen open meldingen.",
    moreOpen: "En nog {count} meer.",
    state: {
      new: "nog niet opgepakt, wacht {waited}",
      claimed: "opgepakt door {name}",
      referred: "doorverwezen",
      closed: "afgesloten",
    },
    deadTitle: "Niet bezorgd ({count})",
    deadItem: "{number}: {event} aan {target}. {reason}",
    queued: "Berichten die nog verstuurd worden: {count}.",
    events: {
      "case.created": "de nieuwe melding",
      "case.updated": "de bijgewerkte kaart",
      "case.reminder": "de herinnering",
      "case.answered": "het bericht over een antwoord",
      "reporter.status": "een statusbericht",
      "reporter.question": "een vraag",
    },
    targets: {
      channel: "het kanaal",
      user: "een persoonlijke chat",
      fallback: "de terugvaloptie",
    },
    reasons: {
      no_target: "Er was geen adres: de app is niet bij deze persoon geïnstalleerd of er is geen kanaal.",
      conversation_not_found: "Teams kent dit gesprek niet (meer).",
      unauthorized: "Teams weigerde de app: controleer de app-registratie.",
      other: "Teams was niet bereikbaar of gaf een fout.",
    },
  },
  /** The case card in the coordinator channel, the reporter's status messages and "mijn meldingen". */
  caseCard: {
    urgent: "SPOED",
    advice: "Advies",
    signalsTitle: "Aangevinkte signalen (sterkste eerst)",
    deciding: "weegt het zwaarst",
    overridden: "Advies aangepast door {by}: {outcome}. Reden: {reason}",
    description: "Wat is er gezien",
    place: "Plaats",
    seenAt: "Gezien op",
    reportedAt: "Gemeld op",
    reporter: "Melder",
    department: "Afdeling",
    contact: "Bereikbaar via",
    notGiven: "(niet opgegeven)",
    statusNew: "Nog niet opgepakt.",
    statusClaimed: "Opgepakt door {by}.",
    statusReferred: "Doorverwezen naar {to} door {by}.",
    statusClosed: "Afgesloten door {by}. Reden: {reason}",
    referralNote: "Notitie: {note}",
    questions: "Vragen aan de melder",
    question: "Vraag van {by} ({at}): {text}",
    answer: "Antwoord ({at}): {text}",
    noAnswer: "Nog geen antwoord.",
    claim: "Oppakken",
    ask: "Vraag aanvulling",
    askLabel: "Wat wil je de melder vragen?",
    send: "Versturen",
    refer: "Doorverwijzen",
    referTo: "Naar wie?",
    referNote: "Notitie (optioneel)",
    close: "Afsluiten",
    closeReason: "Reden van afsluiten",
    override: "Advies aanpassen",
    overrideTo: "Nieuw advies",
    overrideReason: "Waarom? (wordt bij de melding bewaard)",
    // Shown by Teams under a required field left empty, when Versturen is pressed.
    askRequired: "Typ je vraag aan de melder.",
    referToRequired: "Kies naar wie je doorverwijst.",
    closeReasonRequired: "Geef een reden van afsluiten.",
    overrideToRequired: "Kies het nieuwe advies.",
    overrideReasonRequired: "Geef aan waarom je het advies aanpast.",
    reporterReceived:
      "Je melding {number} is ontvangen door het aanspreekpunt mensenhandel. Je hoort hier wat ermee gebeurt.",
    reporterClaimed: "Je melding {number} is opgepakt door {by}.",
    reporterReferred: "Je melding {number} is doorverwezen naar {to}.",
    reporterClosed:
      "Je melding {number} is afgesloten. Heb je nog vragen? Neem contact op met het aanspreekpunt.",
    myReports: "Mijn meldingen",
    noReports: "Je hebt nog geen meldingen gedaan.",
    status: {
      new: "ontvangen",
      claimed: "opgepakt",
      referred: "doorverwezen",
      closed: "afgesloten",
    },
  },
  /** Other reports about the same place on the case card (coordinators only; cases/place-links). */
  /** The follow-up playbook on the case card, the step actions and the referral summary. */
  playbook: {
    title: "Draaiboek: {title}",
    closedOpen: "Afgesloten terwijl {count} stappen nog open stonden (vastgelegd).",
    progress: "{done} van {total} stappen klaar",
    open: "Open",
    done: "Gedaan",
    skipped: "Overgeslagen",
    viaReferral: "via doorverwijzing",
    skippedBecause: "overgeslagen: {reason}",
    notes: "{count} notities",
    partner: "Met: {partner}",
    more: "En nog {count} stappen. Zie het tabblad Meldpunt.",
    unknownStep: "(stap {id} staat niet meer in het draaiboek)",
    update: "Stap bijwerken",
    stepLabel: "Welke stap?",
    stepRequired: "Kies een stap.",
    changeLabel: "Wat wil je doen?",
    changeRequired: "Kies wat je wilt doen.",
    changes: {
      done: "Afvinken",
      skip: "Overslaan (met reden)",
      reopen: "Weer openzetten",
      note: "Notitie toevoegen",
    },
    textLabel: "Reden of notitie",
    switch: "Ander draaiboek",
    switchLabel: "Welk draaiboek past beter?",
    switchRequired: "Kies een draaiboek.",
    overrideLabel: "Toch afsluiten, ook als er nog stappen open staan (wordt vastgelegd)",
    withReporterLabel: "Naam en bereikbaarheid van de melder meesturen in de samenvatting",
    stepsOpen:
      "Afsluiten kan nog niet: deze stappen staan nog open: {steps}. Vink ze af, sla ze over met een reden, of kies 'Toch afsluiten'.",
    noStep: "Die stap staat niet (meer) in het draaiboek van deze melding.",
    stepFull: "Bij deze stap staan al het maximum aantal notities.",
    summaryTitle: "Doorverwijzing {number} aan {partner}",
    summaryIntro:
      "Samenvatting voor {partner}. Alleen wat deze partner nodig heeft; geef dit via de afgesproken route door, niet via gewone e-mail.",
    route: "Route",
    reportedAt: "Gemeld op",
    advice: "Advies van de signaalcheck",
    forms: "Mogelijke vorm van uitbuiting",
    signals: "Signalen",
    place: "Plaats",
    seenAt: "Gezien op",
    description: "Wat is er gezien",
    note: "Toelichting van het meldpunt",
    reporter: "Melder",
    noReporter: "Niet meegestuurd. Het meldpunt kan contact leggen als dat nodig is.",
    sender: "Doorverwezen door {name} ({contactPoint}) op {at}",
    formNames: {
      sexual: "seksuele uitbuiting",
      labour: "arbeidsuitbuiting",
      criminal: "criminele uitbuiting",
      organ: "orgaanhandel",
    },
  },
  placeLinks: {
    earlier: "Eerdere meldingen over dit adres",
    later: "Latere meldingen over dit adres",
    item: "{number} · {date} · {outcome} · {department} · {status}",
    more: "En nog {count} meldingen. Zie het tabblad Meldpunt.",
    cluster: "{reports} meldingen uit {departments} afdelingen in {months} maanden",
    clusterNote: "Dit is een hint. Het advies verandert er niet door.",
  },
  /** Labels of outcomes, referral targets and departments, on the case card and the report cards. */
  caseLabels: {
    outcome: {
      ACUTE: `${outcome.ACUTE} (112)`,
      ESCALATE: `${outcome.ESCALATE} (vandaag)`,
      CONSULT: `${outcome.CONSULT} (binnen twee werkdagen)`,
      MONITOR: outcome.MONITOR,
      NONE: "Geen signaalcheck gedaan",
    },
    referral: {
      politie: "Politie",
      arbeidsinspectie: "Nederlandse Arbeidsinspectie",
      "veilig-thuis": "Veilig Thuis",
      zorgcoordinator: "Zorgcoördinator mensenhandel",
      comensha: "CoMensha",
      riec: "RIEC",
      "zorg-en-veiligheidshuis": "Zorg- en Veiligheidshuis",
    },
    department: {
      wijkteam: "Wijkteam",
      wmo: "Wmo",
      schuldhulp: "Schuldhulp",
      handhaving: "Handhaving",
      leerplicht: "Leerplicht",
      burgerzaken: "Burgerzaken",
      kcc: "KCC",
      anders: "Anders",
    },
  },
  /** Answers to clicks on knowledge cards. */
  knowledge: {
    thanks: "Dank je, je reactie is opgeslagen.",
    thanksAgain: "Je reactie was al opgeslagen.",
    unknownTopic: "Dat onderwerp bestaat niet (meer). Stel je vraag opnieuw.",
  },
  /** The knowledge cards: answer, "Bedoelde je ...?" and the polite decline. */
  knowledgeCard: {
    more: "Meer",
    sources: "Bronnen",
    related: "Zie ook",
    useful: "Was dit nuttig?",
    yes: "Ja",
    no: "Nee",
    didYouMean: "Bedoelde je ...?",
    notListed: "Staat je vraag er niet bij? Stel hem op een andere manier, of typ 'help'.",
    checkHint: "Gaat het om iets wat je zag? De signaalcheck stelt je een paar vragen en geeft advies.",
    declineTitle: "Daar kan ik je niet mee helpen",
    declineBody:
      "Ik beantwoord vragen over het herkennen en melden van mensenhandel. Voor andere vragen over mensenhandel " +
      "kun je terecht bij {{aanspreekpunt.naam}} ({{aanspreekpunt.team}}): {{aanspreekpunt.telefoon}}, " +
      "{{aanspreekpunt.email}}.",
    declineDanger: "Is er nu gevaar? Bel 112.",
    declineHelp: "Typ 'help' om te zien wat ik wel kan.",
  },
  /** The 112 card; it shows this language and the other one together. */
  acute: {
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
    /** This language's half of the one button title "<nl> / <en>". */
    button: "Melden bij aanspreekpunt",
  },
  /** Proactive Teams messages beside the case card. */
  delivery: {
    reminder: "Herinnering: melding {number} is nog niet opgepakt.",
    answered:
      "De melder heeft je vraag over melding {number} beantwoord. Je ziet het antwoord op de kaart in het kanaal.",
  },
  /** The redacted e-mail / webhook message; its labels otherwise come from `caseCard`. */
  fallback: {
    events: {
      "case.created": "Nieuwe melding mensenhandel",
      "case.updated": "Melding gewijzigd",
      "case.reminder": "Herinnering: deze melding is nog niet opgepakt",
      "case.answered": "De melder heeft een vraag beantwoord",
      "reporter.status": "Een statusbericht aan de melder kon niet worden bezorgd",
      "reporter.question": "Een vraag aan de melder kon niet worden bezorgd",
    },
    teamsFailed: "Dit bericht kon niet in Teams worden bezorgd.",
    normal: "normaal",
    number: "Melding",
    urgency: "Urgentie",
    seeTeams: "Bekijk de melding in Teams.",
  },
  /** The words the assessment adds around signal labels in its reasons. */
  signals: {
    listSeparator: "; ",
    listNone: "geen",
    /** Put first when the age is in doubt: someone who is or seems under 18 counts as a minor. */
    ageDoubtReason:
      "De leeftijd is niet zeker. Bij twijfel over de leeftijd geldt het advies voor een minderjarige.",
    /** The name of each advice level (the ids are for code and logs only). */
    outcome,
  },
  /** Labels of the fixed options of a yes/no question, and of "weet ik niet". */
  dialogs: {
    yes: "Ja",
    no: "Nee",
    unknown: "Weet ik niet",
  },
} as const;
