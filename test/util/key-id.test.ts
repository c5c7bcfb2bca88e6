import { keyId } from "../../src/util/key-id.js";

describe("keyId", () => {
  it("should give a stable 12-digit hex id that does not contain the key", () => {
    const id = keyId("conversation:a:29:1user-id");
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(keyId("conversation:a:29:1user-id")).toBe(id);
    expect(keyId("conversation:a:29:1user-iD")).not.toBe(id);
  });

  it("should be the first 12 hex digits of the key's SHA-256", () => {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(keyId("abc")).toBe("ba7816bf8f01");
  });
});
