import { normalisePlace, placeKeyer, placeKeyHash } from "../../src/cases/place-key.js";

describe("place key", () => {
  describe("normalisePlace", () => {
    it("should give one key for a postcode and house number however they are spelled", () => {
      const variants = [
        "Dorpsstraat 1, 1234 AB",
        "1234ab dorpsstraat 1",
        "1234 AB Dorpsstraat 1",
        "dorpsstraat 1 1234ab Ons Dorp",
        "Dorpstraat 1 (1234  ab)",
        "bij Dorpsstraat 01, 1234 Ab",
      ];
      for (const v of variants) expect([v, normalisePlace(v)]).toEqual([v, "pc:1234ab:1"]);
    });

    it("should normalise house number additions", () => {
      const key = (text: string) => normalisePlace(`${text}, 1234 AB`);
      for (const v of ["Kerkstraat 12a", "Kerkstraat 12 A", "Kerkstraat 12-a", "kerkstraat 12 / A"]) {
        expect([v, key(v)]).toEqual([v, "pc:1234ab:12-a"]);
      }
      expect(key("Kerkstraat 12-2")).toBe("pc:1234ab:12-2");
      expect(key("Kerkstraat 12/02")).toBe("pc:1234ab:12-2");
      expect(key("Kerkstraat 12 bis")).toBe("pc:1234ab:12-bis");
      expect(key("Kerkstraat 12bis")).toBe("pc:1234ab:12-bis");
      expect(key("Kerkstraat 12 huis")).toBe("pc:1234ab:12-hs");
      expect(key("Kerkstraat 12 hs")).toBe("pc:1234ab:12-hs");
      // Different additions are different homes; no addition is the main address.
      expect(key("Kerkstraat 12")).toBe("pc:1234ab:12");
      expect(key("Kerkstraat 12b")).not.toBe(key("Kerkstraat 12a"));
      // "en" is a word, not an addition.
      expect(key("Kerkstraat 12 en 14")).toBe("pc:1234ab:12");
    });

    it("should key a street and number without a postcode, with accents and filler words folded away", () => {
      expect(normalisePlace("Dorpsstraat 1")).toBe("adr:dorpsstraat:1");
      expect(normalisePlace("naast de Dorpsstraat 1, Ons Dorp")).toBe("adr:dorpsstraat:1");
      expect(normalisePlace("DORPSSTRAAT 1A")).toBe("adr:dorpsstraat:1-a");
      expect(normalisePlace("Kérkplein 3")).toBe(normalisePlace("kerkplein 3"));
      expect(normalisePlace("Vincent van Goghstraat 3")).toBe(normalisePlace("van Goghstraat 3"));
      expect(normalisePlace("1e Hugo de Grootstraat 3")).toBe("adr:grootstraat:3");
      // A street and number is not the same key as that address with its postcode (no look-up to prove it).
      expect(normalisePlace("Dorpsstraat 1")).not.toBe(normalisePlace("Dorpsstraat 1, 1234 AB"));
    });

    it("should key a named location: lower case, accents, punctuation, filler and word order folded", () => {
      expect(normalisePlace("camping De Berk")).toBe("loc:berk camping");
      expect(normalisePlace("Camping 'de Berk'!")).toBe("loc:berk camping");
      expect(normalisePlace("bij camping De Berk, Ons Dorp")).toBe("loc:berk camping");
      expect(normalisePlace("De Berk (camping)")).toBe("loc:berk");
      expect(normalisePlace("Café Zoë")).toBe("loc:cafe zoe");
      expect(normalisePlace("Hotel De Zon, Parkweg")).toBe("loc:hotel zon");
    });

    it("should give null when the text names no usable place", () => {
      const vague = [
        "",
        "   ",
        "bij de supermarkt",
        "Wijk Noord",
        "centrum",
        "Industrieweg", // a whole street
        "1234 AB", // a postcode without a house number covers a street
        "nummer 12",
        "weet ik niet",
        "?!",
      ];
      for (const v of vague) expect([v, normalisePlace(v)]).toEqual([v, null]);
    });

    it("should read at most the form's 200 characters and stay fast on long or odd input", () => {
      const long = `${"a ".repeat(99)}Dorpsstraat 1`;
      expect(normalisePlace(long)).not.toBe("adr:dorpsstraat:1");
      const started = Date.now();
      normalisePlace(`${"1".repeat(100)} ${"-/".repeat(50)}`);
      normalisePlace("a1".repeat(5000));
      expect(Date.now() - started).toBeLessThan(200);
    });
  });

  describe("hash", () => {
    it("should hash with the secret, so another secret gives another key and the plain key is not in it", () => {
      const a = placeKeyer("secret-a");
      const b = placeKeyer("secret-b");
      const hashed = a("Dorpsstraat 1, 1234 AB");
      expect(hashed).toMatch(/^[0-9a-f]{64}$/);
      expect(hashed).toBe(a("1234ab dorpsstraat 1"));
      expect(hashed).toBe(placeKeyHash("pc:1234ab:1", "secret-a"));
      expect(b("Dorpsstraat 1, 1234 AB")).not.toBe(hashed);
      expect(a("bij de supermarkt")).toBeUndefined();
    });
  });
});
