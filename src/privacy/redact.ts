/**
 * @module privacy/redact
 * Masks personal identifiers in text that leaves the case itself (logs, statistics, gap reports, fallback e-mail
 * subjects). The case keeps what the reporter wrote; everything derived from it goes through `redact`.
 *
 * Masked: e-mail addresses, IBANs (mod-97 valid), BSNs (11-proof valid), Dutch phone numbers, postcode + house
 * number (and a bare postcode), Dutch licence plates. Deliberately NOT masked: public service numbers that no
 * private person can hold (112, 0800-/0900-/0906-/0909- numbers, 14 + area code) and the public numbers and
 * address of the organisations named in the domain brief (CoMensha, Arbeidsinspectie from abroad), because they
 * carry meaning in gap reports ("wat is het nummer van Veilig Thuis, 0800-2000?") and identify no one.
 * Numbers that fail their checksum (an invalid BSN or IBAN) stay as written: they are not those identifiers.
 */

/** The replacement tokens, one per kind of identifier. */
export const REDACTION_TOKENS = {
  email: "[e-mail]",
  iban: "[IBAN]",
  bsn: "[BSN]",
  phone: "[telefoon]",
  address: "[adres]",
  postcode: "[postcode]",
  plate: "[kenteken]",
} as const;

// Public organisation contacts from the domain brief §3 (digits only / lower-case): not personal data.
const PUBLIC_PHONE_DIGITS = new Set(["0334481186", "0703334444"]);
const PUBLIC_EMAILS = new Set(["info@comensha.nl"]);
// National prefixes of free / paid service numbers: only organisations hold these.
const SERVICE_PREFIXES = ["0800", "0900", "0906", "0909"];

/** True when `digits` (9 digits, leading zeros allowed) passes the BSN 11-proof (weights 9..2, -1). */
export function isValidBsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/** True when `iban` (spaces allowed, any case) has a plausible length and passes the ISO 13616 mod-97 check. */
export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  // Process digit by digit so the number never exceeds what a double holds exactly.
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= "A" && ch <= "Z" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of value) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// A run that may hold an IBAN: country + check digits, then up to 30 alphanumerics in groups of any size
// separated by single spaces. The longest valid prefix ending on a word boundary is masked.
const IBAN_RUN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}/g;

// 9 digits plain, 4-2-3 (passport style, "1234.56.782") or 3-3-3, with one consistent separator.
const BSN = /(?<![\d.])(?:\d{9}|\d{4}([. ])\d{2}\1\d{3}|\d{3}([. ])\d{3}\2\d{3})(?!\d)/g;

// International (+31 / 0031, optional "(0)") or national: an area code (06, or 3-4 digits such as 020, 0111),
// then digits with single separators. The area code must come first so a date like "01-02-2024 12" is no phone.
const PHONE =
  /(?:(?<![\w+])(?:\+|00)31[ .-]?(?:\(0\)[ .-]?)?[1-9](?:[ .-]?\d){8}|(?<![\w+(])\(0[1-9]\d{0,2}\)[ .-]?\d(?:[ .-]?\d){5,7}|(?<![\w+])0(?:6|[1-57-9]\d{1,2})(?:[ .-]?\d){6,8})(?!\d)/g;

// Postcode: 4 digits (no leading 0), optional space, 2 letters; upper case is required when a space separates them
// so "in 2024 en 12 gevallen" is not taken for an address. House number with optional letter or addition.
const POSTCODE_HOUSE =
  /\b[1-9]\d{3}(?:[A-Za-z]{2}| [A-Z]{2})(?:,? +(?:nr\.? ?)?\d{1,5}(?:[ -]?[A-Za-z](?![A-Za-z])|-\d{1,4})?)?(?![\w-])/g;

// A street name with a common Dutch street suffix followed by a house number ("Dorpsstraat 12a"), because the
// usual written order puts the house number before the postcode. Over-masking is the safe direction here.
const STREET_HOUSE =
  /(?<![\p{L}])\p{L}[\p{L}'-]+(?:straat|weg|laan|plein|gracht|kade|singel|dijk|dreef|steeg|hof|park|markt)\s+\d{1,5}(?:[ -]?[A-Za-z](?!\p{L})|-\d{1,4})?(?!\d)/gu;

// Dutch sidecodes 1-14 (RDW). With dashes any case; without dashes only upper case, to spare ordinary words.
const SIDECODES = [
  "L2-D2-D2",
  "D2-D2-L2",
  "D2-L2-D2",
  "L2-D2-L2",
  "L2-L2-D2",
  "D2-L2-L2",
  "D2-L3-D1",
  "D1-L3-D2",
  "L2-D3-L1",
  "L1-D3-L2",
  "L3-D2-L1",
  "L1-D2-L3",
  "D1-L2-D3",
  "D3-L2-D1",
];

function sidecodePattern(code: string, dashed: boolean): string {
  const letters = dashed ? "[A-Za-z]" : "[A-Z]";
  return code
    .split("-")
    .map((part) => `${part.startsWith("L") ? letters : "\\d"}{${part.slice(1)}}`)
    .join(dashed ? "[-]" : "");
}

const PLATE = new RegExp(
  `(?<![\\w-])(?:${SIDECODES.map((c) => sidecodePattern(c, true)).join("|")}|${SIDECODES.map((c) =>
    sidecodePattern(c, false),
  ).join("|")})(?![\\w-])`,
  "g",
);

// A Dutch-shaped IBAN (NL99 BANK 0123 4567 89) that fails mod 97 is kept whole, so its digits are not misread as
// a phone number; anything else in an invalid run goes through the other passes.
const NL_IBAN_SHAPE = /^[A-Za-z]{2}\d{2} ?[A-Za-z]{4}(?: ?\d){10}(?![A-Za-z0-9])/;

/** Masks valid IBANs, keeps Dutch-shaped invalid ones whole, and runs `redactRest` on all other text. */
function maskIbans(text: string, redactRest: (segment: string) => string): string {
  const finder = new RegExp(IBAN_RUN.source, "g");
  let out = "";
  let last = 0;
  for (let match = finder.exec(text); match !== null; match = finder.exec(text)) {
    const run = match[0];
    const validEnd = validIbanEnd(run);
    const kept = validEnd !== undefined ? REDACTION_TOKENS.iban : NL_IBAN_SHAPE.exec(run)?.[0];
    if (kept === undefined) {
      // Not an IBAN here; a real one may start further inside this run.
      finder.lastIndex = match.index + 1;
      continue;
    }
    out += redactRest(text.slice(last, match.index)) + kept;
    last = match.index + (validEnd ?? kept.length);
    finder.lastIndex = last;
  }
  return out + redactRest(text.slice(last));
}

/** The end of the longest mod-97 valid prefix of `run` that stops at a word boundary, if any. */
function validIbanEnd(run: string): number | undefined {
  for (let end = run.length; end >= 15; end--) {
    const next = run[end];
    if (run[end - 1] === " " || (next !== undefined && next !== " ")) continue;
    if (isValidIban(run.slice(0, end))) return end;
  }
  return undefined;
}

function maskPhones(text: string): string {
  return text.replace(PHONE, (match) => {
    let digits = match.replace(/\D/g, "");
    if (digits.startsWith("0031")) digits = "0" + digits.slice(4);
    else if (digits.startsWith("31") && match.trimStart().startsWith("+")) digits = "0" + digits.slice(2);
    // "+31 (0)6 ..." leaves a doubled zero after the rewrite above.
    if (digits.startsWith("00")) digits = digits.slice(1);
    if (digits.length !== 10) return match;
    if (SERVICE_PREFIXES.some((p) => digits.startsWith(p))) return match;
    if (PUBLIC_PHONE_DIGITS.has(digits)) return match;
    return REDACTION_TOKENS.phone;
  });
}

/**
 * Returns `text` with personal identifiers replaced by tokens such as "[BSN]" and "[telefoon]". Pure and
 * idempotent: redacting twice gives the same result as once.
 */
export function redact(text: string): string {
  const out = text.replace(EMAIL, (m) => (PUBLIC_EMAILS.has(m.toLowerCase()) ? m : REDACTION_TOKENS.email));
  return maskIbans(out, redactNonIban);
}

/** The passes after e-mail and IBAN, run on the text between IBAN-like runs. */
function redactNonIban(text: string): string {
  let out = text.replace(BSN, (m) => (isValidBsn(m.replace(/\D/g, "")) ? REDACTION_TOKENS.bsn : m));
  out = maskPhones(out);
  out = out.replace(STREET_HOUSE, REDACTION_TOKENS.address);
  out = out.replace(POSTCODE_HOUSE, (m) =>
    /^\d{4} ?[A-Za-z]{2}$/.test(m) ? REDACTION_TOKENS.postcode : REDACTION_TOKENS.address,
  );
  out = out.replace(PLATE, REDACTION_TOKENS.plate);
  return out;
}
