/**
 * Reminders through the running app: a case nobody claims within its urgency's time is re-announced in the
 * channel and sent to the fallback, once.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startFakeConnector } from "../harness/fake-connector.js";
import { makeUser, startTestBot } from "../harness/bot-server.js";
import { CHANNEL, channelUser, reportFromAdvice, setUpContactPoint } from "../harness/escalation.js";

describe("reminders", () => {
  it("should re-announce an unclaimed ESCALATE case after 4 hours, to the channel and the fallback, once", async () => {
    const hooks: string[] = [];
    const sink = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        hooks.push(body);
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
    const webhook = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;
    const connector = await startFakeConnector();
    let now = new Date("2026-11-30T09:00:00Z").getTime(); // a Monday
    const bot = await startTestBot(
      { COORDINATORS: "coord-1", DISPATCH_INTERVAL_MS: "50", WEBHOOK_URL: webhook },
      { serviceUrl: connector.url, clock: () => new Date(now) },
    );
    try {
      await setUpContactPoint(bot, channelUser("coord-1", "Carla Coördinator"));
      const { number } = await reportFromAdvice(bot, makeUser("Rita Melder"));
      await connector.waitFor((calls) =>
        calls.some((c) => c.conversationId === CHANNEL && JSON.stringify(c.body).includes(number)),
      );
      const reminders = () =>
        connector
          .sent(CHANNEL)
          .filter(
            (c) => /Herinnering/.test(JSON.stringify(c.body)) && JSON.stringify(c.body).includes(number),
          );
      now += 3 * 3600_000;
      await new Promise((r) => setTimeout(r, 1500));
      expect(reminders()).toHaveLength(0);
      now += 2 * 3600_000;
      await connector.waitFor(() => reminders().length > 0, 10_000);
      await new Promise((resolve, reject) => {
        const end = Date.now() + 10_000;
        const tick = () =>
          hooks.some((h) => h.includes(number))
            ? resolve(undefined)
            : Date.now() > end
              ? reject(new Error("no fallback"))
              : setTimeout(tick, 25);
        tick();
      });
      await new Promise((r) => setTimeout(r, 1500));
      expect(reminders()).toHaveLength(1);
    } finally {
      await bot.stop();
      await connector.close();
      await new Promise((resolve) => sink.close(resolve));
    }
  }, 40_000);
});
