/**
 * @module cases/place-key
 * Turns the report form's free-text place into a place key, so reports about one address can be brought
 * together however they were typed: a Dutch postcode with house number ("1234 AB 12a" and "Dorpsstraat 12-A,
 * 1234ab" give the same key), else a street with house number, else a named location ("camping De Berk"). Only
 * a keyed hash of the key (HMAC-SHA256 with a secret from the settings) is ever stored: the plain key is never
 * kept or logged, so it cannot be read back from a case file, a log or the statistics. Pure apart from hashing.
 * @example
 * const key = placeKeyer("secret");
 * key("Dorpsstraat 1, 1234 AB") === key("1234ab dorpsstraat 1"); // true
 */
import { createHmac } from "node:crypto";
import { REPORT_TEXT_LIMITS } from "./case-schema.js";

/**
 * Words that carry no place: articles, prepositions and words that only say "address". Dropped everywhere, so
 * "bij de Dorpsstraat 1" and "Dorpsstraat 1" give the same key.
 */
const FILLER = new Set(
  (
    "de het een t s d n bij in op aan van der den te ter ten nabij naast tegenover achter voor voorbij rond " +
    "rondom om omgeving buurt hoogte richting langs tussen en of met zonder onder boven " +
    "adres adressen locatie plek plaats nummer nr no huisnummer postcode pc " +
    "ik je jij u we wij hij zij ze er is was zijn weet weten zo ook nog wel " +
    "the a an at near by of on"
  ).split(" "),
);

/**
 * Words that name a kind of place but not which one, or a whole area: a place made only of these (and filler)
 * is too vague to link ("bij de supermarkt", "Wijk Noord", "centrum").
 */
const GENERIC = new Set(
  (
    "supermarkt winkel winkelcentrum station bushalte halte school kerk moskee park centrum wijk dorp stad " +
    "gemeente straat weg laan plein huis woning woningen pand panden gebouw flat flats portiek galerij " +
    "appartement kamer kamers bedrijf bedrijven bedrijfspand loods kas kassen schuur boerderij garage kantoor " +
    "hotel motel pension hostel camping vakantiepark chalet caravan restaurant cafe bar snackbar salon " +
    "massagesalon nagelstudio kapper haven terrein industrieterrein bedrijventerrein parkeerplaats " +
    "noord zuid oost west midden hier daar ergens overal onbekend weet niet geen zie boven beneden " +
    "north south east west centre center street house home shop unknown"
  ).split(" "),
);

/** Endings of Dutch street names: such a name without a house number is a whole street, too vague to link. */
const STREET_ENDINGS = [
  "straat",
  "weg",
  "laan",
  "plein",
  "gracht",
  "kade",
  "singel",
  "dijk",
  "pad",
  "steeg",
  "dreef",
  "markt",
  "baan",
  "wal",
  "hof",
  "dam",
];

/** A Dutch postcode: four digits (not starting with 0) and two letters, with or without a space. */
const POSTCODE = /(?<![a-z0-9])([1-9][0-9]{3})[ \t]{0,3}([a-z]{2})(?![a-z0-9])/;

/**
 * A house number with its addition: "12-2", "12 / b", "12a", "12bis", "12 A", "12 bis", "12 hs". A separate
 * word only counts as an addition when it is one letter or a known addition word.
 */
const HOUSE_NUMBER =
  /(?<![a-z0-9])0*([1-9][0-9]{0,4})(?:[ \t]*[-/][ \t]*([a-z0-9]{1,4})(?![a-z0-9])|([a-z]{1,3})(?![a-z0-9])|[ \t]+([a-z]|bis|ter|hs|huis|bg|i{1,3}|iv)(?![a-z0-9]))?/g;

/** Parts of a place that separate an address from a town or a description. */
const SEGMENT = /[,;:\n\r()|]+/;

/** At most this many words of a street or a named location go into a key. */
const MAX_WORDS = 6;

/** Lower case, accents folded ("Café Zoë" -> "cafe zoe"), apostrophes dropped ("'s-Hertogenbosch"). */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’`´]/g, "");
}

/** The words of a text: letters and digits only, filler dropped. */
function words(text: string): string[] {
  return text.split(/[^a-z0-9]+/).filter((w) => w.length > 0 && !FILLER.has(w));
}

const isStreetName = (word: string) =>
  STREET_ENDINGS.some((ending) => word.length > ending.length && word.endsWith(ending));
/** A word that tells this place from others of its kind: not generic, not a number, at least two letters. */
const isDistinctive = (word: string) => (word.match(/[a-z]/g)?.length ?? 0) >= 2 && !GENERIC.has(word);

/** "12", "12-a", "12-bis", "12-2": the number without leading zeros and the addition after a dash. */
function houseNumber(match: RegExpExecArray): string {
  const addition = match[2] ?? match[3] ?? match[4];
  const normal = addition === "huis" ? "hs" : addition?.replace(/^0+(?=\d)/, "");
  return normal ? `${match[1]}-${normal}` : (match[1] ?? "");
}

/**
 * The street right before a house number in a segment: the distinctive words just before it, back to the first
 * filler or generic word ("naast de Van Goghstraat 3" -> "goghstraat"); empty when there is none.
 */
function streetBefore(segment: string, index: number): string {
  const before = segment
    .slice(0, index)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const street: string[] = [];
  for (let i = before.length - 1; i >= 0 && street.length < MAX_WORDS; i--) {
    const word = before[i]!;
    if (FILLER.has(word) || GENERIC.has(word) || !/[a-z]/.test(word)) break;
    street.unshift(word);
  }
  return street.some((w) => isDistinctive(w)) ? street.join(" ") : "";
}

/** The first house number in `segments` that follows a street, with that street. */
function addressIn(segments: readonly string[]): { street: string; number: string } | undefined {
  for (const segment of segments) {
    for (const match of segment.matchAll(HOUSE_NUMBER)) {
      const street = streetBefore(segment, match.index);
      if (street) return { street, number: houseNumber(match as RegExpExecArray) };
    }
  }
  return undefined;
}

/** The first house number anywhere, with or without a street (a postcode already says the street). */
function anyNumberIn(segments: readonly string[]): string | undefined {
  for (const segment of segments) {
    const match = new RegExp(HOUSE_NUMBER.source).exec(segment);
    if (match) return houseNumber(match);
  }
  return undefined;
}

/** A named location: the first segment with a distinctive word that is not a bare street name. */
function namedIn(segments: readonly string[]): string | undefined {
  for (const segment of segments) {
    const found = [...new Set(words(segment).filter((w) => !/^\d+$/.test(w)))];
    if (found.some((w) => isDistinctive(w) && !isStreetName(w))) {
      // Sorted, so "camping De Berk" and "De Berk camping" are the same place.
      return found.sort().slice(0, MAX_WORDS).join(" ");
    }
  }
  return undefined;
}

/**
 * The normalised place key of a report's free-text place, or null when it holds nothing usable (empty, "bij de
 * supermarkt", a street without a number, a postcode without a number). `pc:1234ab:12-a` for a postcode and
 * house number, `adr:dorpsstraat:1` for a street and number, `loc:berk camping` for a named location. The
 * plain key is personal data: hash it (placeKeyHash) before it leaves this module's caller.
 */
export function normalisePlace(text: string): string | null {
  const folded = fold(text.slice(0, REPORT_TEXT_LIMITS.place));
  const postcode = POSTCODE.exec(folded);
  const rest = postcode
    ? `${folded.slice(0, postcode.index)},${folded.slice(postcode.index + postcode[0].length)}`
    : folded;
  const segments = rest.split(SEGMENT).map((s) => s.trim());
  if (postcode) {
    const number = addressIn(segments)?.number ?? anyNumberIn(segments);
    if (number) return `pc:${postcode[1]}${postcode[2]}:${number}`;
  } else {
    const address = addressIn(segments);
    if (address) return `adr:${address.street}:${address.number}`;
  }
  const named = namedIn(segments);
  return named ? `loc:${named}` : null;
}

/** The keyed hash of a normalised place key: HMAC-SHA256 with `secret`, as 64 hex digits. */
export function placeKeyHash(key: string, secret: string): string {
  return createHmac("sha256", secret).update(key).digest("hex");
}

/**
 * The function the case service uses: the hashed place key of a free-text place, or undefined when the text
 * holds no usable place. The plain key never leaves it.
 */
export function placeKeyer(secret: string): (place: string) => string | undefined {
  return (place) => {
    const key = normalisePlace(place);
    return key === null ? undefined : placeKeyHash(key, secret);
  };
}
