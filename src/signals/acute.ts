/**
 * @module signals/acute
 * Detects messages that suggest danger NOW (violence, confinement, a weapon, serious injury, self-harm,
 * kidnapping, a child with adults, a plea to get out), in Dutch and English, so the bot can show the 112 card
 * before anything else. The design is a lexicon, not phrase patterns: each category lists danger words (exact
 * words, word starts, word ends) and short word groups that must occur close together in any order. Words of
 * five or more letters also match with one typo. Recall matters more than precision: a false alarm costs a
 * card, a miss can cost a life. A cue is set aside only when the message is clearly not about now — a general or
 * hypothetical question, a training, a court case, or a clause clearly set in the past — and never when the
 * message also says "nu", "hier", "right now" or similar.
 */

/** The result of the check: whether to show the 112 card, and the ids of the rules that matched (never the text). */
export interface AcuteCheck {
  acute: boolean;
  cues: string[];
}

/** Cue ids a message can raise; "minor", "adult" and "place" only help build "minor_with_adults". */
type Category =
  | "violence"
  | "threat"
  | "kill_threat"
  | "weapon"
  | "confinement"
  | "injury"
  | "self_harm"
  | "kidnapping"
  | "escape_request"
  | "distress"
  | "harm_now"
  | "coercion_now"
  | "minor"
  | "adult"
  | "place";

/**
 * Lexicon. An entry is one term or a group of terms separated by " + " that must all occur within a few words of
 * each other (any order, same sentence). A term is `word` (exact, one typo allowed from five letters), `=word`
 * (exact, no typo), `start*` (word start), `*end` (word end) or alternatives joined by "|".
 */
const LEXICON: Record<Category, readonly string[]> = {
  violence: [
    "slaat|slaan|sloeg|sloegen|geslagen|=geslaan|=slaag|neergeslagen|doodgeslagen|afgeranseld",
    "in + elkaar + =geslagen|=getrapt|=geschopt|gebeukt|getimmerd|=gemept",
    "klap|klappen|=mept|=meppen|=mepte|=gemept|=stompt|=stompen|=stompte|=gestompt|=beukt|=gebeukt",
    "schopt|schoppen|schopte|schopten|geschopt|=trapt|trappen|=trapte|trapten|getrapt",
    "wurg*|gewurgd|=keel",
    "steekt + haar|hem|me|mij|iemand|ze|hen|ons",
    "gestoken|neergestoken|steekpartij*|doodgestoken",
    "neer|=dood + =te + steken",
    "schiet|schieten|=schoot|geschoten|beschoten|neergeschoten|schoten|schietpartij*|schietgeluid*",
    "mishandeld|mishandelt|mishandelen|mishandelde|mishandelden|aangevallen|aanvallen|verkracht|verkrachten|verkrachtte",
    "=misbruikt",
    "=valt + =aan",
    "=geweld + =met",
    "=duwt|=duwde|geduwd + =trap|=raam|balkon|=water",
    "vecht|vechten|gevochten|vechtpartij*|knokpartij*",
    "=beat|beats|beating|beaten|=hit|=hits|hitting|=kick|kicks|kicking|kicked|=punch|punched|punching",
    "slaps|slapped|slapping|stabbed|stabbing|=stab|=shoot|shooting|=shot|=shots|chokes|choking|choked|=choke",
    "strangl*|assault*|attacked|attacking|=rape|raped|raping|=abused",
    "=beat + =up",
  ],
  threat: [
    "bedreigt|bedreigd|bedreigen|bedreigde|bedreigden|threatening|threatens",
    "achtervolg*|=stalkt|gestalkt",
    "!=dreigt|=dreigen|=dreigde|gedreigd|=threaten|=threatened",
  ],
  kill_threat: [
    "vermoord*|vermoorden|doodmak*|doodgemaakt|=dood|doodschieten|doodsteken|doodslaan",
    "afmaken|afmaakt|afgemaakt",
    "=maakt + =af + =haar|=hem|=ze|=me|=mij",
    "=af + =te + maken",
    "=kill|kills|killing|killed|murder*",
  ],
  weapon: [
    "=mes|=messen|kapmes*|keukenmes*|zakmes*|vleesmes*|broodmes*|slagersmes*|stiletto|machete*",
    "pistool|pistolen|revolver|geweer|geweren|vuurwapen*|wapen|wapens|*wapen|*wapens|gewapend*",
    "knuppel*|*knuppel|*knuppels|=bijl|boksbeugel*",
    "=gun|=guns|handgun*|pistol|pistols|rifle|knife|knives|firearm*|weapon*|=armed",
    "baseball + =bat",
  ],
  confinement: [
    "opgesloten|opsluiten|opgeslot*|opgesloot",
    "=sluit|=sloot|sluiten|=sloten + =op",
    "vastgehoud*|vasthoud*|vastgehouden",
    "=vast|=gevangen + gehouden|gehoude",
    "houden|=houdt|=hield|hielden + =vast",
    "vastgebonden|vastgeketend|vastgemaakt|vastgezet|geboeid|gegijzeld|gijzel*|gevangen|ontvoerd",
    "kofferbak|bewaakt|bewaking",
    "afgesloten + =kamer|*kamer|ruimte|=deur|*deur|kelder|container|schuur|=loods|=kast|=hok",
    "=op + =slot",
    "=zit|zitten|=zat + =vast",
    "=kan|kunnen|=kon|=mag|mogen|mocht|durft|durven|=lukt + =niet + =weg|=uit|eruit|=buiten|vertrekken|ontsnappen|=af",
    "=laat|laten|=liet + =niet + =gaan|=weg|vertrekken|=los|eruit|=uit",
    "=deur + dicht",
    "locked|trapped|captive|hostage",
    "=held + captive|against|hostage|prisoner",
    "being + =kept|=held",
    "=kept + =in|inside|locked",
    "can't|=cant|cannot|unable + leave|escape|=out",
    "=can|allowed + =not + leave|escape|=out|outside",
    "won't|=wont|don't|=dont|doesn't|=not + =let + =go|leave|=out",
    "=tied + =up|chained|handcuffed",
  ],
  injury: [
    "=bloed|bloedt|bloeden|bloedend|bloedde|bloeding|bloedneus|=bloedt",
    "bewusteloos|flauwgevallen",
    "=buiten + westen|bewustzijn",
    "ademt|=adem|ademen + =niet|=geen",
    "reageert + =niet + =meer",
    "gewond|zwaargewond|verwond*|=letsel|*letsel|doorgesneden|steekwond*|schotwond*|brandwond*",
    "gebroken + =arm|=been|=enkel|=neus|=kaak|ribben|=rib|=pols|=hand|schedel",
    "blauwe + plekken",
    "=blauw + =oog",
    "=kan + =niet + lopen|staan|ademen",
    "overdosis|gedrogeerd|verdoofd|bedwelmd|doodgaan",
    "=gaat + =dood",
    "unconscious",
    "breathing|responding + =not|=isn't|=isnt|=stopped",
    "injured|wounded|=wound|bleeding|=bleeds|=blood|bloody|=hurt|overdose*|drugged",
    "=passed + =out",
    "=broken + =arm|=leg|ankle|=nose|=jaw|ribs|wrist|skull",
    "can't|=cant|cannot + breathe|=walk|=stand",
    "bruises|bruised",
  ],
  self_harm: [
    "zelfmoord*|zelfdoding|suicid*|zelfbeschadig*",
    "zichzelf + aandoen|=doden|snijden|ophangen|verhangen|=kant|=pijn",
    "=zich + ophangen|verhangen|snijden|snijdt|=kant|=doden",
    "eind|einde + =aan + =leven",
    "=er + eind|einde + =aan + =maken|=maakt",
    "=wil|=wilt + =dood|=sterven",
    "=niet + =meer + leven",
    "nergens + =meer + =zin",
    "polsen + doorgesneden|gesneden|snijden|=snijdt",
    "pillen + verzameld|geslikt|ingenomen|slikken|gespaard",
    "springen|=springt + =brug|=dak|=flat|balkon|=raam",
    "=kill|=hurt|killing|=cut|=hang|=harm + herself|himself|myself|themselves",
    "=self + =harm|selfharm",
    "=end + =it|=life|=all",
    "wants + =die",
    "=want + =to + =die",
    "=own + =life",
  ],
  kidnapping: [
    "ontvoer*|ontvoert|gekidnapt|kidnap*|abduct*",
    "meegesleurd|sleurt|sleuren|gesleurd|gesleept|sleept|meegetrokken|meegesleept",
    "busje|=bus|bestelbus|=auto|=wagen|kofferbak + getrokken|geduwd|gegooid|gestopt|gedwongen|getild|gesleept|gesleurd",
    "=van|=car|=truck|trunk + pulled|pushed|thrown|=threw|forced|dragged|shoved|bundled",
    "tegen + =haar|=zijn|=hun + =zin|=wil",
    "against + =her|=his|=their + =will",
    "being|=wordt|worden|=word + =sold|verkocht|verhandeld",
    "gebracht|meegenomen|weggebracht + =wil|=wilt + =niet",
    "grabbed|dragged|dragging|snatched",
  ],
  escape_request: [
    "=help + =me|=mij|=ons|=us|=haar|=hem|please|alsjeblieft|=weg|eruit",
    "=wil|=wilt|willen + =er|=hier|=daar + =uit",
    "=haal + =me|=mij|=ons|=haar|=hem + =weg|=uit|eruit",
    "=wil|=wilt|willen + =weg|eruit|vluchten|ontsnappen",
    "ontsnap*|escape",
    "=get|=take + =me|=her|=him|=us|=them + =out",
    "=wants|=want + =out|=leave|=escape",
    "=red + =haar|=hem|=mij|=ons",
    "save + =her|=him|=me|=us",
  ],
  distress: [
    "=gilt|gillen|=gegil|gillend|schreeuw*|geschreeuw",
    "roept|roepen|=riep|schreeuwt|smeekt|=gilt + =om + hulp",
    "=kom + snel|=nu|direct|alsjeblieft|=gauw",
    "doodsbang|levensgevaar|noodgeval",
    "=bang + leven",
    "=in + gevaar",
    "!=niet + veilig",
    "ambulance",
    "=bel + politie",
    "smeek*|smeken",
    "screaming|screams|=scream|terrified|=hurry",
    "=for + =help",
    "=come + quickly|=fast|=now|=quick",
    "danger",
    "=not + =safe",
    "=call + police|ambulance",
  ],
  harm_now: [
    "=iets + aandoen|aandoet|=doet|aangedaan + =haar|=hem|=me|=mij|=ons|=ze|=zij|=hen|=jou",
    "=pijn + =doen|gedaan",
    "=grazen",
    "=hurt|=harm|hurting + =her|=him|=me|=them|=us|=you|=his|=kids|=family",
  ],
  coercion_now: ["!dwingt|dwingen|gedwongen|=forcing|=forces|=forced"],
  minor: [
    "meisje*|=meid|=meiden|jongen|jongens|jongetje|=kind|kinderen|kindje|minderjarig*|tiener*|puber|scholier*",
    "=girl|=girls|=boy|=kid|=kids|=child|children|=minor|=minors|teen*|#age",
  ],
  adult: [
    "=man|mannen|volwassen*|oudere|=ouderen|kerel*|=vent|=venten|klant|klanten|pooier*|loverboy*",
    "=men|=guy|=guys|adult*|=older|=grown|punter*",
  ],
  place: [
    "hotel*|motel*|=kamer|*kamer|airbnb|vakantiehuis*|vakantiepark*|bungalow*|=auto|busje|bestelbus|woning",
    "=room|=car|apartment",
  ],
};

// Helper categories never fire on their own.
const HELPERS: ReadonlySet<Category> = new Set(["minor", "adult", "place"]);

// Real words one letter away from a danger word, so the typo rule must not read them as one ("gezond" is not
// "gewond", "stappen" not "trappen"). Generated from Debian's wdutch and wamerican word lists: every word one edit
// from a lexicon word of six or more letters, unless the edit is in the last two letters (an inflection such as
// "gewonde" or "bloedende", which should match); plus words found in the knowledge base.
const NO_TYPO = new Set(
  (
    "aandien aangegaan aantallen aanvullen aanzoet adelen aderen afbaken afdaken afgefloten afgehaakt " +
    "afgeraakt afgeronseld afgesleten afgeslopen afgesnoten afgespoten afgestoten afhaakt afhaken afmalen " +
    "afraakt afraken alloyed asemen attached attaching baaten baeten baljon ballon banger bannen bating " +
    "beading beamen beaming beaning bearing bedaking bedriegen bedriegt bedwongen behouden bekten belder " +
    "belten belting bemand berating bergens berten berting bescheten beschoren beslagen beslikt bespaard " +
    "besten besting bestoken betaking betimmerd betrapt betrokken betten betting beuting bevaar bevangen " +
    "bevochten bewaart bewaring beweer beweren bezaten billed billen billing bitten blaten bleating " +
    "bleeping blekken blending blikken blocked bloeide bloeiden bloeien bloeiend bloemde bloemden bloemen " +
    "bloeming bloesde bloesden bloezen bloezend blonden blooding boating boeschoten boning borden boudere " +
    "bounded bragged bragging braised braises breaching breeding broedde broeden broedend broedt bruines " +
    "bulled bunched bunching bungled bunnen bushed carnot chaired chocked chocking choose choppen chores " +
    "chowed chowing clapped clapping clocked cocked coking cooked cooking crabbed crapped creaming creams " +
    "cruised cruises culled curven daemen dagger dancer dander danker danser demand derven dillen dilling " +
    "dingen dirven docked dongen dongens doodssteken doodstaken doorgaan doorgemaakt doorgeslagen " +
    "doorgestoken doorschieten doorslaan doorsteken dorden dranger draping dringen dringt drudged " +
    "drugging duiven dulled dunnen dwongen eating echten eesten eindje enable ergens fallowed festen " +
    "fielden filled filling fitten fitting flapped flappen flapping flauwe fleuren fleurt flikken flocked " +
    "fluiten forded forged forked formed founded frappen fulled gabbed gallen gaping gaslagen gebaar " +
    "gebeid gebild geblikt gebloeid gebreid gebreken gebroeid gebukt gedaan gedauwd gederogeerd gedeukt " +
    "gedongen gedooid gedouwd gedreigde gedreigden gedriegd gedrongen gefleurd geflikt gegaan gegild " +
    "geglooid gegrapt gehangen geholde geholden gehooid gehoord gehouwen gehuwd geijzeld gejeukt gejond " +
    "gekeer gekild gekleurd geklikt gekochten gekooid gelagen gelder geleurd gelikt gelild geloeid " +
    "gelooid geluwd gemand gemeukt gemoeid gemond geneer generen geneukt genoeg gepaard gepild gepleurd " +
    "gepooid gerapt gerild geroeid geroken gerond gerooid geruwd geschept gescheten geschokten gescholen " +
    "geschopten geschoren geschoven geshopt geslaagd geslapen geslempt gesloken geslokt gesloten gesnikt " +
    "gesopt gespeurd gestaard gestapt gestept gesteurd gestikt gestild gestipt gestolen gestonken " +
    "gestoten gestoven gestropt getapt geteld getjapt getold getond getooid getopt getracht getrild " +
    "getript gevangenis gevechten gevijzeld gevild gevlochten gewaakt gewaar gewand geweien geweken " +
    "gewend geweten geweven gewezen gewild gewone gewoon geworgd gewroken gezangen gezochten gezond " +
    "gielen gijlen gilden gilling gitten gorden gouden grappen grapten grillen groepen grubbed gulled " +
    "gullen gunnen gushed hallowed hanger hannen harting hatting heating hechten heelden heilig helden " +
    "helder hielpen hierden hillen hinderen hinting hitten hocked hoeden hoepen holden honden honing " +
    "hooting horden hotting houben hounded housen houten houwen hueting huiting hulled hunched hunching " +
    "hunnen hunting hurling hurtling hushed hutting ingekomen insured inured jannen japing joegen joepen " +
    "joggen jongmens jonken jonnen jorgen jorgens jungen kamers kannen kanten kaping kappen keller kelner " +
    "kennen kilder killen killend kilned kilning kindeken kinked kinking kinkje kinnen kipling kitten " +
    "klakten klampen klanken klapten kleppen kleuren kleurt klikken klippen klonten kloppen kluchten " +
    "kluiten knappen knaves knifes kolder koning korden koudere kranten krappen kribben kuenen kwanten " +
    "kwelder lacked langer lapped lappen lapping lekken lesten letten leuren licked licking likken lillen " +
    "loepen longen longetje looked lorden luchten lucked luiten lulled lunched lunching lurven maanen " +
    "maenen manden manger manken manten medegesleept meegekomen melder mennen mensen mesten mijnen milled " +
    "millen milling minderen minnen misbruik mishandled mitten mocked morden mounded mulled munched " +
    "munching mushed nannen neergestoten negens nesten nicked nicking niemand norden oerkracht " +
    "oerkrachten omhangen omsluiten ontroerd ontroert ontsnapten ontvangen oorden opgangen opgespoten " +
    "opgestoten ophanden ophingen opspuiten opstuiten opvangen ouders overhangen overtrekken owning " +
    "palled pallen pannen paping pekken pellen pesten picked picking pielen pijlen pilled pilling pilsen " +
    "pinched pinching pistils pitten pitting plakken planten plekten pleuren pleurt ploegen plokken " +
    "plukken pocked poepen poisoner polled pollen porden positie postage pounded pullen pulped pulsed " +
    "purled racing rading ragged ragging raging raking raming ranger rapped rappen rapping raring rasing " +
    "rasping rating raving razing reaping rebben rechten regeert remand reopen resolver resten ricked " +
    "ricking riepen rillen rillend rilling ritten robben rocked roeden roeien roeipen roeken roelen " +
    "roemen roeren roerpen roeten roeven roezen rompen rongen roping roppen rounded rugged ruigte ruiste " +
    "ruitte runnen rushed sanger sannen sapped sapping scabbed scabbing schappen scheet schemel schepel " +
    "scheppen schept schepte schepten scheten scheur schiep schiepen schieven schiften schijten schikten " +
    "schoepen schoften schokte schokten scholen scholte scholten schonen schoon schooten schoren schorten " +
    "schotte schotten schoute schouten schoven schroten scooting scrams seating selder seringen seuren " +
    "shaved shitting shooed shooing shoppen shopte shored shorting shouting showed sibben sicked sicking " +
    "sikken sillen sinderen sitting skilled slaapt slabbed slabbing slakken slapen slappen slempt sleuven " +
    "slikten slinken slipped slipping sloepen sloesen sloeven slokken slopped slopping sluiken sluipen " +
    "sluiven sluizen smaken smeden smeren smeten smoken snapped snapping snikken snitched snuiten socked " +
    "soepen sounded sparingen speken speuren speurt spillen sprangen sprengen sprinten sprongen spuiten " +
    "stabled stabling staken steden steeen stegen steken stelen stenen steren sterken sterkt steuren " +
    "steurt steven stikken stoken strapped streaming streams streken strekt stubbed stubbing stuiten " +
    "stuken swabbed swabbing swapped swapping swingen swingt tabbed tabbing tanger taping tapped tappen " +
    "tapten testen tibben ticked ticking tilled tillen tillend tilling tjappen toepen tongen tongetje " +
    "toning tramped trasten tripped trippen tripten troepen turven uitten usable vachten vademen vandoen " +
    "vanger vannen vaping veerkracht vellig verbocht verhaagen verhaegen verhagen verhingen verhoorden " +
    "verknocht verlangen verlig verloofd vermocht verrekken versmoorden verstrekken vertrokken vervangen " +
    "vervracht vervrachten vervrachtte verwoorden verzocht vesten villen vitten vlechten vlekken vlochten " +
    "vloeden vochten vorden vruchten wagens wakens wallen wallowed waning wannen warden wasten wekten " +
    "welder wellen welten wening wensten werden wersten wespen wetten weusten wicked wielden wielen " +
    "wijlen wilden wilfen wilgen wilken willed willend willing wilten windje wining wisten witten witting " +
    "woeden woerden woesten wolden wollen wonden wooden wooing wooning woorden worgden worgen wormen " +
    "worpen worsen wouden wowing wrapped wrappen wreathe wreathing zanger zelder zetten ziften zinderen " +
    "zitten zitting zongen zoning zotten zouden zwingen"
  ).split(" "),
);
// Saying it is happening now overrides every reason to set a cue aside.
const PRESENT =
  /\b(?:nu|nou|op dit moment|momenteel|op het moment|net|zojuist|zonet|nog steeds|vandaag|vanochtend|vanmiddag|vanavond|vannacht|hier|ik sta|ik zie|ik hoor|staat|zit|ligt|right now|now|currently|at the moment|just now|tonight|today|here|still)\b/;

// Clearly about the past: a time expression, "toen ze 16 was", or a plain past passive ("werd", "werden").
const PAST =
  /\b(?:vroeger|(?:jaar|jaren|maand|maanden|week|weken) geleden|vorig jaar|vorige (?:week|maand)|in (?:19|20)\d\d|destijds|toen (?:ze|hij|ik|zij|we) (?:\d+|jong|klein|kind|nog)|inmiddels|werd|werden|gebeurde|last (?:year|month|week)|(?:years|months|weeks) ago|used to|back then|in the past)\b/;

// A general, hypothetical or procedural question about the topic, not a report of something happening.
const GENERAL_QUESTION = new RegExp(
  [
    "(?:^|[.?!] )(?:wat (?:moet|doe|kan|zou|moeten|kunnen) (?:ik|je|jij|men|we)(?: \\w+)?(?: doen)? (?:als|bij|wanneer|indien)",
    "wat als|stel (?:dat|je voor)|what if|suppose|imagine",
    "hoe (?:herken|handel|reageer|ga|weet|meld|praat|voer|moet|kan|zie) (?:ik|je|we|men)",
    "(?:wat zijn|welke) (?:de )?(?:signalen|indicatoren|tekenen)|what are (?:the |common )?signs|signs that",
    "wat te doen (?:als|bij)|what to do (?:if|when)|what (?:should|do|can|must) (?:i|we|you) do (?:if|when)",
    "wanneer (?:moet|bel|meld|schakel|is) (?:ik|je|we|er)|how (?:do|should|can) (?:i|we|you))\\b",
  ].join("|"),
);

// A yes/no or wh-question with a condition about someone unnamed ("als iemand ...", "als er mensen ...").
const CONDITIONAL_QUESTION =
  /^(?:kan|mag|moet|is|zijn|wat|hoe|wie|wanneer|welke|waar|heeft|what|how|who|when|can|should|is|are|do|does|may|must)\b[^?]*\b(?:als|wanneer|indien|if|when)\b(?! (?:hij|zij|ze|he|she|they|mijn|my|de man|die man)\b)[^?]*\?/;

// Talk about a training, a court case or the news rather than a situation.
const NOT_A_SITUATION =
  /\b(?:training|trainingen|workshop|cursus|scholing|oefening|rollenspel|e-learning|webinar|casus|in de zaak|rechtszaak|uitspraak|documentaire|in het nieuws|in de krant)\b/;

const BOT_HELP = /^\/?(?:help|hulp)\s*\??$/;
const SENTENCE_BREAK = /[.?!;\n]/;
const CLAUSE_BREAK = /^(?:en|maar|but|and)$/;
// Words that place a number next to it as an age ("meisje van 14", "15 jaar", "she's 15").
const AGE_CONTEXT = new Set(
  "van is jaar jarig jarige jr years year yo old aged age maybe about ongeveer pas nog she's he's is".split(
    " ",
  ),
);
const TYPO_MIN = 6;
const WINDOW_EXTRA = 3;

interface Atom {
  kind: "exact" | "prefix" | "suffix";
  value: string;
  typo: boolean;
}
interface Entry {
  category: Category;
  /** Each slot lists atom ids; one atom of every slot must occur within the window. */
  slots: number[][];
  /** Only counts when the message also says it happens now (entries written with a leading "!"). */
  needsPresent: boolean;
}

const atoms: Atom[] = [];
const atomIndex = new Map<string, number>();
const entries: Entry[] = [];
const exactAtoms = new Map<string, number[]>();
const prefixAtoms = new Map<string, number[]>();
const suffixAtoms: number[] = [];
// Symmetric-delete index: each exact word (5+ letters) and every form with one letter removed.
const typoAtoms = new Map<string, number[]>();
const entriesByAtom = new Map<number, number[]>();

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function atomId(spec: string): number {
  const known = atomIndex.get(spec);
  if (known !== undefined) return known;
  const exactOnly = spec.startsWith("=");
  const raw = exactOnly ? spec.slice(1) : spec;
  const atom: Atom = raw.endsWith("*")
    ? { kind: "prefix", value: raw.slice(0, -1), typo: false }
    : raw.startsWith("*")
      ? { kind: "suffix", value: raw.slice(1), typo: false }
      : { kind: "exact", value: raw, typo: !exactOnly && raw.length >= TYPO_MIN && !raw.startsWith("#") };
  const id = atoms.length;
  atoms.push(atom);
  atomIndex.set(spec, id);
  if (atom.kind === "prefix") push(prefixAtoms, atom.value, id);
  else if (atom.kind === "suffix") suffixAtoms.push(id);
  else {
    push(exactAtoms, atom.value, id);
    if (atom.typo) {
      push(typoAtoms, atom.value, id);
      for (const d of deletions(atom.value)) push(typoAtoms, d, id);
    }
  }
  return id;
}

for (const [category, lines] of Object.entries(LEXICON) as [Category, readonly string[]][]) {
  for (const line of lines) {
    const needsPresent = line.startsWith("!");
    const slots = (needsPresent ? line.slice(1) : line)
      .split(" + ")
      .map((slot) => slot.split("|").map((spec) => atomId(spec.trim())));
    const index = entries.length;
    entries.push({ category, slots, needsPresent });
    for (const slot of slots) for (const id of slot) push(entriesByAtom, id, index);
  }
}
const maxPrefix = Math.max(...[...prefixAtoms.keys()].map((p) => p.length));

/** True when `a` and `b` differ by at most one added, dropped, replaced or swapped letter. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The atoms a single word matches: exact, word start, word end, then (only if none) one typo away. */
function matchWord(word: string, out: Set<number>): void {
  for (const id of exactAtoms.get(word) ?? []) out.add(id);
  for (let len = 3; len <= Math.min(word.length, maxPrefix); len++) {
    for (const id of prefixAtoms.get(word.slice(0, len)) ?? []) out.add(id);
  }
  for (const id of suffixAtoms) {
    const atom = atoms[id];
    if (atom !== undefined && word.length > atom.value.length && word.endsWith(atom.value)) out.add(id);
  }
  if (out.size > 0 || word.length < TYPO_MIN || NO_TYPO.has(word)) return;
  // Typo: a letter added (word minus one letter is the atom), dropped, swapped or replaced.
  const candidates = [...(typoAtoms.get(word) ?? [])];
  for (const d of deletions(word)) candidates.push(...(typoAtoms.get(d) ?? []));
  for (const id of candidates) {
    const atom = atoms[id];
    if (atom !== undefined && withinOneEdit(word, atom.value)) out.add(id);
  }
}

interface Token {
  atoms: Set<number>;
  sentence: number;
  clause: number;
}

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

function tokenise(normalised: string): { tokens: Token[]; clauses: string[] } {
  const tokens: Token[] = [];
  const clauses: string[] = [""];
  const parts = normalised.match(/[a-z0-9']+|[.?!;\n,:]/g) ?? [];
  let sentence = 0;
  const words: string[] = [];
  for (const part of parts) {
    if (SENTENCE_BREAK.test(part) || part === "," || part === ":" || CLAUSE_BREAK.test(part)) {
      if (SENTENCE_BREAK.test(part)) sentence++;
      if (clauses[clauses.length - 1] !== "") clauses.push("");
      if (!CLAUSE_BREAK.test(part)) continue;
    }
    const word = part.replace(/^'+|'+$/g, "");
    if (word === "") continue;
    const found = new Set<number>();
    matchWord(word, found);
    tokens.push({ atoms: found, sentence, clause: clauses.length - 1 });
    words.push(word);
    clauses[clauses.length - 1] += ` ${word}`;
  }
  // A number from 8 to 17 next to an age word is a child's age ("meisje van 14", "15-jarige", "she's 15").
  const age = atomIndex.get("#age");
  words.forEach((word, i) => {
    const n = /^\d{1,2}$/.test(word) ? Number(word) : NaN;
    if (age === undefined || !(n >= 8 && n <= 17)) return;
    if (AGE_CONTEXT.has(words[i - 1] ?? "") || AGE_CONTEXT.has(words[i + 1] ?? "")) tokens[i]?.atoms.add(age);
  });
  return { tokens, clauses: clauses.map((c) => c.trim()) };
}

/** Token positions where one group entry matches (all slots within its window, same sentence), or undefined. */
function matchEntry(
  entry: Entry,
  tokens: readonly Token[],
  where: ReadonlyMap<number, number[]>,
): number[] | undefined {
  const positions = entry.slots.map((slot) => slot.flatMap((id) => where.get(id) ?? []));
  if (positions.some((p) => p.length === 0)) return undefined;
  const window = entry.slots.length + WINDOW_EXTRA;
  for (const anchor of positions[0] ?? []) {
    const chosen = [anchor];
    const ok = positions.slice(1).every((list) => {
      const near = list.find(
        (p) =>
          !chosen.includes(p) &&
          Math.abs(p - anchor) <= window &&
          tokens[p]?.sentence === tokens[anchor]?.sentence,
      );
      if (near === undefined) return false;
      chosen.push(near);
      return true;
    });
    if (ok) return chosen;
  }
  return undefined;
}

/**
 * Checks a message for signs of danger now. Returns `acute: true` with the ids of the matching categories, or
 * `acute: false` with no cues, also when cues were set aside as past events or general questions. Pure and fast
 * (word look-ups only), so it can run on every message before anything else.
 */
export function detectAcuteDanger(text: string): AcuteCheck {
  const normalised = normalise(text);
  // A bare "help" asks the bot for its help text; "help!" or "help me" still counts as a cry for help.
  if (BOT_HELP.test(normalised)) return { acute: false, cues: [] };
  const present = PRESENT.test(normalised);
  if (
    !present &&
    (GENERAL_QUESTION.test(normalised) ||
      CONDITIONAL_QUESTION.test(normalised) ||
      NOT_A_SITUATION.test(normalised))
  ) {
    return { acute: false, cues: [] };
  }
  const { tokens, clauses } = tokenise(normalised);
  const clausePast = clauses.map((c) => PAST.test(c) && !PRESENT.test(c));

  const candidates = new Set<number>();
  const where = new Map<number, number[]>();
  tokens.forEach((token, i) => {
    for (const id of token.atoms) {
      push(where, id, i);
      for (const e of entriesByAtom.get(id) ?? []) candidates.add(e);
    }
  });
  const found = new Set<string>();
  for (const index of candidates) {
    const entry = entries[index];
    if (entry === undefined || found.has(entry.category) || (entry.needsPresent && !present)) continue;
    const at = matchEntry(entry, tokens, where);
    // Past and present are judged per clause, so "vroeger werd ze geslagen, nu woont ze alleen" is set aside
    // while "vorig jaar gevlucht, maar nu slaat hij haar weer" is not.
    if (at === undefined || at.every((p) => clausePast[tokens[p]?.clause ?? 0] === true)) continue;
    found.add(entry.category);
  }
  // A child with adults in a closed place (hotel room, car); when it happens now, the place may be left out.
  if (found.has("minor") && found.has("adult") && (found.has("place") || present)) {
    if (present || !PAST.test(normalised)) found.add("minor_with_adults");
  }
  const cues = [...found].filter((c) => !HELPERS.has(c as Category));
  if (/\bhelp\s*!/.test(normalised) || /^help\b/.test(normalised)) cues.push("escape_request");
  const unique = [...new Set(cues)];
  return { acute: unique.length > 0, cues: unique };
}
