import { credentialCheck } from "../../src/bot/credential-check.js";

describe("credentialCheck", () => {
  it("should warn when no token can be obtained, say what to check, and ask again only after the cache time", async () => {
    let calls = 0;
    let fail = true;
    let clock = 0;
    const check = credentialCheck(
      async () => {
        calls += 1;
        if (fail) throw new Error("AADSTS7000222: the provided client secret keys are expired");
      },
      { cacheMs: 1000, now: () => clock },
    );
    const warning = await check();
    expect(warning).toMatch(/could not obtain a token \(refused\): check MicrosoftAppId, the client secret/);
    expect(warning).not.toMatch(/AADSTS/);
    expect(await check()).toBe(warning);
    expect(calls).toBe(1);
    fail = false;
    clock = 1500;
    expect(await check()).toBeUndefined();
    expect(calls).toBe(2);
  });

  it("should give up on a token request that hangs, and never run two at once", async () => {
    let calls = 0;
    const check = credentialCheck(
      () => {
        calls += 1;
        return new Promise(() => undefined);
      },
      { timeoutMs: 50 },
    );
    const [a, b] = await Promise.all([check(), check()]);
    expect(a).toMatch(/no answer in time/);
    expect(b).toBe(a);
    expect(calls).toBe(1);
  });
});
