/**
 * @module signals/acute
 * Detects messages that suggest danger NOW (violence, confinement, a weapon, serious injury, self-harm,
 * kidnapping, a child with adults), in Dutch and English, so the bot can show the 112 card before anything else.
 * Rules are regular expressions over normalised text. Recall matters more than precision: a false alarm costs a
 * card, a miss can cost a life. A cue is set aside only when the message is clearly about the past ("vroeger",
 * "jaren geleden") or a general question ("wat moet ik doen als ..."), and never when it also says "nu", "hier",
 * "right now" or similar.
 */

/** The result of the check: whether to show the 112 card, and the ids of the rules that matched (never the text). */
export interface AcuteCheck {
  acute: boolean;
  cues: string[];
}

interface Cue {
  id: string;
  pattern: RegExp;
  /** Only counts when the message also says it happens now ("nu", "right now"). */
  needsPresent?: boolean;
}

// Word gap inside one clause: up to 40 characters without sentence punctuation.
const GAP = "[^.?!;]{0,40}";
const PERSON = "(?:haar|hem|me|mij|ons|ze|zij|hen|d'r|r|zijn (?:vrouw|vriendin|kind|zoon|dochter)|iemand)";
const EN_PERSON = "(?:her|him|me|them|us|someone|his \\w+|her \\w+)";
const any = (parts: readonly string[]): RegExp => new RegExp(parts.join("|"));

const CUES: readonly Cue[] = [
  {
    id: "violence",
    pattern: any([
      `\\b(?:slaat|slaan|schopt|schoppen|trapt|mept|wurgt|steekt|duwt|knijpt|bijt)\\s+${PERSON}\\b`,
      "\\bgeslag\\w*|\\bgeslaan\\b|\\bin elkaar (?:ge)?slagen\\b|\\bklappen\\b|\\bslaag\\b",
      `\\b(?:wordt|word|worden|is|zijn|ben)\\b${GAP}\\b(?:mishandeld|geschopt|getrapt|gewurgd|gestoken|neergestoken|aangevallen|verkracht|misbruikt)\\b`,
      "\\bmishandel(?:t|en)\\b|\\bverkracht\\b|\\b(?:neer)?gestoken\\b|\\bkapot\\b",
      "\\bbij de keel\\b|\\bwurg\\w*|\\bstrangl\\w*|\\bchok(?:e|es|ed|ing)\\b",
      "\\b(?:wordt|word|worden) (?:nu )?gevochten\\b|\\bvechtpartij\\b|\\bvechten\\b",
      "\\bbeing (?:beaten|hit|hurt|attacked|abused|raped|assaulted|choked|stabbed|kicked|punched)\\b",
      `\\b(?:hitting|beating|hurting|attacking|stabbing|raping|kicking|punching|slapping|strangling) ${EN_PERSON}`,
      `\\b(?:beats|hits|kicks|punches|slaps|hurts|hurt) ${EN_PERSON}`,
      "\\b(?:punched|kicked|slapped|beaten up|beat up)\\b|\\bbeat(?:s)?\\b|\\bhit\\b",
      "\\bsloeg\\w*|\\bsla(?:at|an)\\b|\\bklap\\b|\\bstomp\\w*|\\bschop\\w*|\\btrap(?:t|te|ten)\\b",
    ]),
  },
  {
    id: "distress",
    // Screaming or a call for help heard now; rare in questions about the topic.
    pattern: any([
      "\\bgeschreeuw\\b|\\bgegil\\b|\\bgillen\\b|\\bgilt\\b|\\bschreeuwt\\b|\\bschreeuwen\\b|\\bscreaming\\b|\\bscreams\\b",
      "\\b(?:roept|roepen|schreeuwt|schreeuwen|vraagt|smeekt) om hulp\\b|\\b(?:calls?|calling|screaming|begging|crying) for help\\b",
      "\\bkom (?:snel|nu|direct|alsjeblieft)\\b|\\bcome (?:quickly|now|fast|quick)\\b|\\bhurry\\b",
      "\\bambulance\\b|\\bbel (?:de )?politie\\b|\\bcall (?:the )?police\\b|\\bcall 911\\b",
      "\\bbang voor (?:haar|zijn|mijn|hun) leven\\b|\\bdoodsbang\\b|\\bfears? for (?:her|his|my|their) life\\b",
    ]),
  },
  {
    id: "threat",
    pattern: any([
      "\\bbedreigt\\b|\\bbedreigen\\b",
      `\\b(?:wordt|word|worden|ben|is|zijn)\\b${GAP}\\bbedreigd\\b`,
      "\\bdreigt\\b[^.?!;]{0,30}\\b(?:te|met)\\b",
      "\\bthreaten(?:s|ing|ed)?\\b",
    ]),
  },
  {
    id: "kill_threat",
    pattern: any([
      "\\bvermoord\\w*|\\bafmak\\w*|\\baf te maken\\b|\\bafgemaakt\\b",
      "\\bdood\\s*(?:maken|slaan|schieten|steken)\\b|\\bslaat\\b[^.?!;]{0,20}\\bdood\\b",
      "\\bneer\\s*(?:te\\s*)?steken\\b|\\bneersteken\\b",
      "\\bkill(?:s|ing|ed)?\\b|\\bmurder\\w*",
      `\\b(?:gaat|gaan|wil|willen)\\b[^.?!;]{0,20}\\b(?:iets aandoen|pijn doen|te grazen)\\b`,
      `\\b(?:going|gonna|wants?) to (?:hurt|harm) ${EN_PERSON}`,
    ]),
  },
  {
    id: "weapon",
    pattern: any([
      "\\b(?:mes|messen|pistool|pistolen|geweer|geweren|machete|bijl|boksbeugel)\\b|\\w*(?:wapen|knuppel)\\w*",
      "\\b(?:gun|guns|knife|knives|firearm|weapon|weapons|armed|machete|bat)\\b",
      "\\b(?:geschoten|schiet|schieten|schoten|shooting|shots? fired|shot)\\b",
    ]),
  },
  {
    id: "confinement",
    pattern: any([
      "\\bopgeslot\\w*|\\bsluit\\b[^.?!;]{0,20}\\bop\\b|\\bafgesloten (?:kamer|ruimte|deur|kelder|container)\\b",
      "\\bvast\\s*gehoud\\w*|\\bhouden\\b[^.?!;]{0,20}\\bvast\\b|\\b(?:zit|zitten|zat)\\b[^.?!;]{0,20}\\bvast\\b",
      "\\bvastgebonden\\b|\\bvastgeketend\\b|\\bgeboeid\\b|\\btied up\\b|\\bchained\\b|\\bhandcuffed\\b",
      "\\bop slot\\b|\\bkofferbak\\b|\\btrunk\\b|\\btrapped\\b",
      "\\bbewaakt\\b|\\bbewaking\\b|\\bguarded\\b",
      `\\b(?:kan|kunnen|mag|mogen|durft|durven)\\b${GAP}\\bniet\\b[^.?!;]{0,20}\\b(?:weg|uit|af|vertrekken|naar buiten|ontsnappen)\\b`,
      `\\b(?:laat|laten)\\b${GAP}\\bniet\\b[^.?!;]{0,15}\\b(?:gaan|weg|vertrekken|los|eruit|naar buiten)\\b`,
      "\\bbeing (?:kept|held)\\b|\\bkept (?:in|locked|inside)\\b",
      "\\bhouden de deur (?:dicht|op slot)\\b",
      "\\blocked (?:in|up)\\b|\\block(?:s|ed)? (?:her|him|them|me|us) (?:in|up)\\b",
      "\\b(?:can'?t|cannot|can not|not allowed to|unable to) (?:leave|get out|go out|escape)\\b",
      "\\bwon'?t let (?:her|him|them|me|us) (?:go|leave|out)\\b",
      "\\bheld (?:captive|against|hostage|prisoner)\\b|\\bcaptive\\b|\\bhostage\\b|\\bgijzel\\w*",
    ]),
  },
  {
    id: "escape_request",
    pattern: any([
      "^help\\b|\\bhelp\\s*!|\\bhelp (?:me|mij|ons|haar|hem)\\b|\\bplease help\\b|\\bhelp us\\b",
      "\\bhaal (?:me|mij|ons|haar|hem) (?:hier |daar )?(?:weg|uit)\\b",
      "\\b(?:wil|wilt|willen) (?:er ?uit|eruit|weg)\\b|\\b(?:eruit|weg) (?:wil|wilt|willen)\\b|\\bwants? (?:out|to leave|to get out)\\b",
      "\\bontsnap\\w*|\\bescape\\b|\\bget (?:me|her|him|us) out\\b",
      "\\b(?:moet|moeten|wil|willen) (?:nu )?(?:weg|vluchten) (?:daar|hier|uit)\\b",
    ]),
  },
  {
    id: "injury",
    pattern: any([
      "\\bbewusteloos\\b|\\bbuiten bewustzijn\\b|\\breageert niet\\b|\\bademt niet\\b|\\bflauwgevallen\\b",
      "\\bunconscious\\b|\\bnot (?:breathing|responding|moving)\\b|\\bpassed out\\b",
      "\\bbloed(?:t|en|ing)?\\b|\\bbleed(?:s|ing)?\\b|\\bbloody\\b|\\bblood\\b",
      "\\b(?:steek|schot|brand)wond\\w*|\\bstab(?:bed)?\\b|\\bwound(?:ed|s)?\\b|\\bburns\\b",
      "\\bgebroken (?:arm|been|enkel|neus|kaak|ribb?e?n?|pols)\\b|\\bbroken (?:arm|leg|ankle|nose|jaw|ribs?|wrist)\\b",
      "\\b(?:zwaar|ernstig) ?gewond\\b|\\bbadly (?:hurt|injured)\\b|\\bseriously (?:hurt|injured)\\b|\\binjured\\b",
      "\\bgewond\\b|\\bletsel\\b|\\bverwond\\w*|\\bhurt\\b",
      `\\b(?:mag|mogen|durft|durven|kan|kunnen)\\b${GAP}\\bniet\\b${GAP}\\b(?:dokter|arts|huisarts|ziekenhuis|doctor|hospital)\\b`,
      `\\b(?:dokter|arts|huisarts|ziekenhuis|doctor|hospital)\\b${GAP}\\b(?:mag|mogen|not allowed)\\b`,
      "\\bblauwe plekken\\b|\\bbruises?\\b|\\bbruised\\b",
      "\\bkan niet (?:meer )?(?:lopen|staan|ademen)\\b|\\bcan'?t (?:walk|stand|breathe)\\b",
      "\\bligt (?:op (?:straat|de grond|de vloer)|te bloeden)\\b|\\blying on the (?:floor|ground|street)\\b",
      "\\boverdos\\w*|\\bgedrogeerd\\b|\\bdrugged\\b|\\bverdoofd\\b|\\bbedwelmd\\b",
    ]),
  },
  {
    id: "self_harm",
    pattern: any([
      "\\bzelfmoord\\w*|\\bsuicid\\w*|\\bsuicide\\b|\\bzelfdoding\\b",
      "\\bzichzelf\\b[^.?!;]{0,20}\\b(?:aandoen|aan te doen|van kant|doden|snijden|pijn doen|ophangen)\\b",
      "\\beind(?:e)? aan (?:haar|zijn|mijn|hun) leven\\b|\\bniet meer (?:willen )?leven\\b|\\bwil dood\\b",
      "\\bkill (?:herself|himself|myself|themselves)\\b|\\bself[- ]?harm\\b|\\bend (?:her|his|my|their) life\\b",
      "\\bsnijdt (?:zich|zichzelf)\\b|\\bzelfbeschadig\\w*|\\bnergens meer zin\\b|\\bgeen zin meer in (?:het )?leven\\b",
      "\\bspringen\\b[^.?!;]{0,20}\\b(?:brug|dak|flat|raam)\\b|\\bjump (?:off|from)\\b",
    ]),
  },
  {
    id: "harm_now",
    pattern: any([
      "\\biets (?:aan(?:doen)?|aangedaan|doet|aandoet|aan doet)\\b|\\bpijn (?:doen|gedaan)\\b",
      "\\bin (?:acuut |direct |groot |levens)?gevaar\\b|\\bin danger\\b|\\bnot safe\\b|\\bniet veilig\\b",
    ]),
  },
  {
    id: "kidnapping",
    pattern: any([
      "\\bontvoer\\w*|\\bkidnap\\w*|\\babduct\\w*",
      "\\b(?:in|into) (?:een|de|a|the) (?:busje|auto|bus|wagen|car|van)\\b[^.?!;]{0,15}\\b(?:getrokken|gesleurd|geduwd|gedwongen|gezet|pulled|dragged|pushed|forced)\\b",
      "\\b(?:getrokken|gesleurd|geduwd|gedwongen|pulled|dragged|pushed|forced) (?:in|into) (?:een|de|a|the) (?:busje|auto|bus|car|van)\\b",
      "\\b(?:being|wordt|worden|word) (?:sold|verkocht|verhandeld)\\b|\\btegen (?:haar|zijn|hun) (?:zin|wil)\\b|\\bagainst (?:her|his|their) will\\b",
      `\\b(?:gebracht|meegenomen|weggebracht|overgebracht|taken)\\b${GAP}\\b(?:wil(?:t|len)? (?:dat )?niet|does(?:n'?t| not) want)\\b`,
      "\\bsleur\\w*|\\bmeegesleurd\\b|\\bsleept\\b|\\bmeegenomen tegen\\b|\\bdragg(?:ed|ing)\\b|\\bgrabbed\\b",
    ]),
  },
  {
    id: "coercion_now",
    pattern: /\b(?:dwingt|dwingen|gedwongen|forcing|forces|forced)\b/,
    needsPresent: true,
  },
  {
    id: "minor_with_adults",
    // A child term together with adults and a closed place (hotel room, car, room).
    pattern: new RegExp(
      "^(?=.*\\b(?:meisje|meid|jongen|kind|kinderen|minderjarige?|tiener|jongere|girl|boy|kid|kids|child|children|minor|teen(?:ager)?" +
        "|(?:van|is|aged?|she'?s|he'?s|was) (?:[89]|1[0-7])|(?:[89]|1[0-7])[- ]?(?:jaar|jr|jarige?|years?[- ]old|yo))\\b)" +
        "(?=.*\\b(?:mannen|man|volwassenen?|ouderen?|oudere|kerels|men|adults?|grown|older|guys)\\b)" +
        "(?=.*\\b(?:hotel\\w*|auto|kamer|motel|car|room|airbnb|vakantiehuis|woning|busje)\\b)",
    ),
  },
];

// Saying it is happening now overrides every reason to set a cue aside.
const PRESENT =
  /\b(?:nu|nou|op dit moment|momenteel|op het moment|net|zojuist|nog steeds|vandaag|vanochtend|vanmiddag|vanavond|vannacht|hier|ik sta|right now|now|currently|at the moment|just now|still|tonight|today|here)\b/;

// Clearly about the past: a time expression, or "toen ze 16 was".
const PAST =
  /\b(?:vroeger|(?:jaar|jaren|maand|maanden|week|weken) geleden|vorig jaar|vorige (?:week|maand)|in (?:19|20)\d\d|destijds|toen (?:ze|hij|ik|zij) (?:\d+|jong|klein|kind)|werd|werden|gebeurde|last (?:year|month|week)|(?:years|months|weeks) ago|used to)\b/;

// A general question about the topic, not a report of something happening.
const GENERAL_QUESTION =
  /^(?:wat (?:moet|doe|kan|zou) (?:ik|je|jij|men)(?: doen)? (?:als|bij|wanneer)|wat als|hoe (?:herken|handel|reageer|ga|weet) (?:ik|je)|wat zijn (?:de )?signalen|welke signalen|what are (?:the |common )?signs|wat te doen (?:als|bij)|hoe (?:moet|kan) (?:ik|je)|what to do (?:if|when)|wanneer (?:moet|bel|meld) (?:ik|je)|what (?:should|do|can) (?:i|we|you) do (?:if|when)|what if|how (?:do|should|can) (?:i|we|you))\b/;

const CLAUSE_BREAK = /[.,;:!?\n]+|\s(?:en|maar|but|and)\s/;

const BOT_HELP = /^\/?(?:help|hulp)\s*\??$/;

/** Lower case, accents and typographic quotes removed, whitespace collapsed: the text the rules run over. */
function normalise(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u0060\u00b4]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Checks a message for signs of danger now. Returns `acute: true` with the ids of the matching rules, or
 * `acute: false` with no cues, also when cues were set aside as past or general questions. Pure and fast
 * (regular expressions only), so it can run on every message before anything else.
 */
export function detectAcuteDanger(text: string): AcuteCheck {
  const normalised = normalise(text);
  // A bare "help" asks the bot for its help text; "help!" or "help me" still counts as a cry for help.
  if (BOT_HELP.test(normalised)) return { acute: false, cues: [] };
  const present = PRESENT.test(normalised);
  if (!present && GENERAL_QUESTION.test(normalised)) return { acute: false, cues: [] };
  // Past and present are judged per clause, so "vroeger werd ze geslagen, nu woont ze alleen" is set aside
  // while "vorig jaar gevlucht, maar nu slaat hij haar weer" is not.
  const clauses = normalised.split(CLAUSE_BREAK).filter((c) => c.trim() !== "");
  const cues = CUES.filter((cue) => {
    if (!cue.pattern.test(normalised)) return false;
    if (cue.needsPresent && !present) return false;
    const inClauses = clauses.filter((clause) => cue.pattern.test(clause));
    // A cue spread over several clauses (a child, men, a hotel room) is judged on the whole message.
    if (inClauses.length === 0) return present || !PAST.test(normalised);
    return inClauses.some((clause) => PRESENT.test(clause) || !PAST.test(clause));
  }).map((cue) => cue.id);
  return { acute: cues.length > 0, cues };
}
