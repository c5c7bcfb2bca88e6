import { isValidBsn, isValidIban, redact } from "../../src/privacy/redact.js";

describe("isValidBsn", () => {
  it("should accept numbers that pass the 11-proof and reject others", () => {
    expect(isValidBsn("123456782")).toBe(true);
    expect(isValidBsn("111222333")).toBe(true);
    expect(isValidBsn("123456789")).toBe(false);
    expect(isValidBsn("000000000")).toBe(false);
    expect(isValidBsn("12345678")).toBe(false);
  });
});

describe("isValidIban", () => {
  it("should accept mod-97 valid IBANs with or without spaces and reject a changed digit", () => {
    expect(isValidIban("NL91ABNA0417164300")).toBe(true);
    expect(isValidIban("nl91 abna 0417 1643 00")).toBe(true);
    expect(isValidIban("DE89370400440532013000")).toBe(true);
    expect(isValidIban("NL91ABNA0417164301")).toBe(false);
    expect(isValidIban("NL91")).toBe(false);
  });
});

describe("redact", () => {
  it.each([
    ["BSN plain", "BSN 123456782 staat op de brief", "BSN [BSN] staat op de brief"],
    ["BSN with dots", "bsn: 1234.56.782.", "bsn: [BSN]."],
    ["BSN with spaces", "nummer 123 456 782 genoemd", "nummer [BSN] genoemd"],
    ["IBAN compact", "rekening NL91ABNA0417164300.", "rekening [IBAN]."],
    ["IBAN with spaces", "op NL91 ABNA 0417 1643 00 gestort", "op [IBAN] gestort"],
    ["foreign IBAN", "konto DE89 3704 0044 0532 0130 00", "konto [IBAN]"],
    ["mobile with dash", "bel 06-12345678 morgen", "bel [telefoon] morgen"],
    ["mobile grouped", "06 1234 5678", "[telefoon]"],
    ["mobile in pairs", "06 12 34 56 78", "[telefoon]"],
    ["mobile +31", "+31 6 12345678", "[telefoon]"],
    ["mobile +31 compact", "+31612345678", "[telefoon]"],
    ["mobile +31 (0)", "+31 (0)6 1234 5678", "[telefoon]"],
    ["mobile 0031", "0031 6 12345678", "[telefoon]"],
    ["landline 020-", "020-1234567", "[telefoon]"],
    ["landline 020 spaced", "020 123 4567", "[telefoon]"],
    ["landline 010", "010 1234567", "[telefoon]"],
    ["landline 4-digit area", "0111-123456", "[telefoon]"],
    ["landline with parentheses", "(020) 123 4567", "[telefoon]"],
    ["e-mail", "mail naar jan.de.vries+werk@voorbeeld-bedrijf.nl.", "mail naar [e-mail]."],
    ["plate sidecode 9", "auto AB-123-C reed weg", "auto [kenteken] reed weg"],
    ["plate sidecode 7", "busje 12-ABC-3", "busje [kenteken]"],
    ["plate sidecode 1", "XX-99-99", "[kenteken]"],
    ["plate lower case with dashes", "kenteken gh-456-k", "kenteken [kenteken]"],
    ["plate without dashes", "kenteken GHJ12K gezien", "kenteken [kenteken] gezien"],
    ["postcode + number", "woont op 1234 AB 12", "woont op [adres]"],
    ["postcode + number with letter", "1234AB 12a is het pand", "[adres] is het pand"],
    ["postcode + number with addition", "1234 AB 12-3", "[adres]"],
    ["bare postcode", "postcode 1234 AB", "postcode [postcode]"],
    ["street + number", "in de Dorpsstraat 12a woonden", "in de [adres] woonden"],
  ])("should mask %s", (_label, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ["invalid BSN", "nummer 123456789"],
    ["invalid BSN with dots", "nummer 1234.56.789"],
    ["invalid IBAN", "rekening NL91ABNA0417164301"],
    ["invalid IBAN with spaces", "rekening NL91 ABNA 0417 1643 01"],
    ["Veilig Thuis", "bel Veilig Thuis 0800-2000"],
    ["Politie", "politie 0900-8844"],
    ["Arbeidsinspectie", "Arbeidsinspectie 0800-5151"],
    ["112", "bel 112 bij acuut gevaar"],
    ["CoMensha phone and e-mail", "CoMensha 033-448 11 86, info@comensha.nl"],
    ["municipal 14 number", "bel 14 020"],
    ["year and count", "in 2024 en 12 gevallen"],
    ["date and time", "gezien op 01-02-2024 12:00"],
    ["date only", "op 12-03-2025"],
    ["amounts", "betaalt 1250 euro voor 3 maanden"],
    ["words with digits", "WOZ-waarde, A4, Covid19, mp3"],
  ])("should keep %s", (_label, input) => {
    expect(redact(input)).toBe(input);
  });

  it("should mask every kind in one text and be idempotent", () => {
    const text =
      "Man (BSN 111222333) belde vanaf 06-98765432, mail x@y.nl, IBAN NL91ABNA0417164300, auto 12-ABC-3, " +
      "adres 1234 AB 5.";
    const once = redact(text);
    expect(once).toBe(
      "Man (BSN [BSN]) belde vanaf [telefoon], mail [e-mail], IBAN [IBAN], auto [kenteken], adres [adres].",
    );
    expect(redact(once)).toBe(once);
  });

  it("should mask an IBAN followed by a word without swallowing the word", () => {
    expect(redact("NL91ABNA0417164300 ABCD daarna")).toBe("[IBAN] ABCD daarna");
  });
});

describe("redact edge cases", () => {
  it("should still mask a phone number that follows an IBAN-like word run", () => {
    expect(redact("NL12 woningen bel 0612345678 nu")).toBe("NL12 woningen bel [telefoon] nu");
  });

  it("should find a valid IBAN that starts inside a longer alphanumeric run", () => {
    expect(redact("ZZ12 ab NL91ABNA0417164300")).toBe("ZZ12 ab [IBAN]");
  });
});
