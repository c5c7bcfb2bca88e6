/**
 * Reminders through the running app: a case nobody claims within its urgency's time is re-announced in the
 * channel and sent to the fallback, once. The test runs the reminder checks itself (a manual schedule) and looks
 * at what each did, so it neither sleeps past the interval nor misses a check that did something.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReminderCheck, ReminderSchedule } from "../../src/notify/notifier.js";
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
    let runCheck: (() => Promise<ReminderCheck>) | undefined;
    const reminderSchedule: ReminderSchedule = (check) => {
      runCheck = check;
      return () => (runCheck = undefined);
    };
    const checkReminders = () => {
      if (!runCheck) throw new Error("the notifier has not started its reminder checks");
      return runCheck();
    };
    const bot = await startTestBot(
      { COORDINATORS: "coord-1", DISPATCH_INTERVAL_MS: "50", WEBHOOK_URL: webhook },
      { serviceUrl: connector.url, clock: () => new Date(now), reminderSchedule },
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
      // Three hours in, the check runs and finds nothing overdue (so it starts no delivery either).
      expect(await checkReminders()).toEqual({ status: "checked", reminded: [] });
      expect(reminders()).toHaveLength(0);
      now += 2 * 3600_000;
      const due = await checkReminders();
      expect(due).toEqual({ status: "checked", reminded: [expect.any(String)] });
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
      // Once: a later check finds the case already reminded and re-announces nothing.
      now += 3600_000;
      expect(await checkReminders()).toEqual({ status: "checked", reminded: [] });
      expect(reminders()).toHaveLength(1);
    } finally {
      await bot.stop();
      await connector.close();
      await new Promise((resolve) => sink.close(resolve));
    }
  }, 40_000);
});
