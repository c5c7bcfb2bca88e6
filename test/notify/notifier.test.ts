import type { Dispatcher, DispatchStats } from "../../src/notify/dispatcher.js";
import {
  createNotifier,
  type OverdueCases,
  type ReminderCheck,
  type ReminderSchedule,
} from "../../src/notify/notifier.js";
import { createLogger } from "../../src/log.js";

const settings = { escalateHours: 4, consultWorkdays: 2 };

/** A notifier over a counting dispatcher and scripted reminder results, with the checks run by hand. */
function setUp(results: Array<{ reminded: string[] } | Error>) {
  let passes = 0;
  const stats: DispatchStats = { claimed: 0, delivered: 0, retried: 0, dead: 0 };
  const dispatcher: Dispatcher = {
    runOnce: async () => {
      passes += 1;
      return stats;
    },
    start: () => undefined,
    stop: async () => undefined,
  };
  const cases: OverdueCases = {
    remindOverdue: async () => {
      const next = results.shift();
      if (!next) throw new Error("no scripted result left");
      if (next instanceof Error) throw next;
      return next;
    },
  };
  let check: (() => Promise<ReminderCheck>) | undefined;
  let intervalMs: number | undefined;
  const schedule: ReminderSchedule = (run, ms) => {
    check = run;
    intervalMs = ms;
    return () => (check = undefined);
  };
  const notifier = createNotifier({
    dispatcher,
    cases,
    reminders: settings,
    intervalMs: 50,
    logger: createLogger("silent"),
    schedule,
  });
  return {
    notifier,
    passes: () => passes,
    intervalMs: () => intervalMs,
    runCheck: () => {
      if (!check) throw new Error("reminder checks not scheduled");
      return check();
    },
  };
}

describe("notifier", () => {
  it("should schedule reminder checks no more often than once a second", async () => {
    const f = setUp([]);
    f.notifier.start();
    expect(f.intervalMs()).toBe(1000);
    await f.notifier.stop();
  });

  it("should start a delivery pass after a check that re-announced a case, and none after one that did not", async () => {
    const f = setUp([{ reminded: [] }, { reminded: ["case-1"] }]);
    f.notifier.start();
    expect(f.passes()).toBe(1); // the pass `start` runs at once
    expect(await f.runCheck()).toEqual({ status: "checked", reminded: [] });
    expect(f.passes()).toBe(1);
    expect(await f.runCheck()).toEqual({ status: "checked", reminded: ["case-1"] });
    expect(f.passes()).toBe(2);
    await f.notifier.stop();
  });

  it("should report a failed check as a value and keep running", async () => {
    const f = setUp([new Error("database down"), { reminded: [] }]);
    f.notifier.start();
    expect(await f.runCheck()).toEqual({ status: "failed" });
    expect(await f.runCheck()).toEqual({ status: "checked", reminded: [] });
    await f.notifier.stop();
  });

  it("should stop scheduling checks when stopped", async () => {
    const f = setUp([]);
    f.notifier.start();
    await f.notifier.stop();
    expect(() => f.runCheck()).toThrow("reminder checks not scheduled");
  });
});
