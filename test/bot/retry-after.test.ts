import { retryAfterMs } from "../../src/bot/teams-delivery.js";

/** A connector error as @azure/core-rest-pipeline raises it: the response headers behind `get`. */
const failed = (headers: Record<string, string>) => ({
  statusCode: 429,
  response: { headers: { get: (name: string) => headers[name.toLowerCase()] } },
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-12-03T10:00:00.000Z");

  it("should read seconds and HTTP dates, and cap what is too long", () => {
    expect(retryAfterMs(failed({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMs(failed({ "retry-after": "Thu, 03 Dec 2026 10:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(failed({ "retry-after": "86400" }), now)).toBe(10 * 60_000);
  });

  it("should say nothing when the header is absent, unreadable or in the past", () => {
    expect(retryAfterMs(failed({}), now)).toBeUndefined();
    expect(retryAfterMs(failed({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(failed({ "retry-after": "Thu, 03 Dec 2026 09:00:00 GMT" }), now)).toBeUndefined();
    expect(retryAfterMs(new Error("no response"), now)).toBeUndefined();
  });
});
