/**
 * @module notify/notifier
 * Runs delivery in the background: the dispatcher on an interval, a pass as soon as a case changed (`notify`),
 * and the reminder check for cases nobody picked up in time. `stop` waits for the pass in progress, so a shutdown
 * never cuts a delivery in half; whatever is left is pending in the store and goes out after the restart.
 */
import type { Logger } from "../log.js";
import type { Dispatcher } from "./dispatcher.js";
import type { ReminderSettings } from "./reminders.js";

/** The background delivery loop. */
export interface Notifier {
  /** Asks for a delivery pass soon (coalesces bursts). */
  notify(): void;
  start(): void;
  stop(): Promise<void>;
}

/**
 * What the notifier needs of the cases: re-announce the overdue ones and say which. Declared here so notify does
 * not depend on the case service; cases/case-service implements it.
 */
export interface OverdueCases {
  remindOverdue(settings: ReminderSettings): Promise<{ reminded: readonly string[] }>;
}

/**
 * What one reminder check did: the cases it re-announced (a delivery pass follows), that it failed (logged), or
 * that it did not run because the notifier has stopped.
 */
export type ReminderCheck =
  { status: "checked"; reminded: readonly string[] } | { status: "failed" } | { status: "stopped" };

/**
 * Runs `check` every `ms` until the returned function is called. The default is an unref'd interval; a test passes
 * its own to run checks when it chooses and await what each did, instead of sleeping past the interval.
 */
export type ReminderSchedule = (check: () => Promise<ReminderCheck>, ms: number) => () => void;

const everyInterval: ReminderSchedule = (check, ms) => {
  const timer = setInterval(() => void check(), ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** Creates the notifier around a dispatcher and the reminder check of the cases. */
export function createNotifier(deps: {
  dispatcher: Dispatcher;
  cases: OverdueCases;
  reminders: ReminderSettings;
  intervalMs: number;
  logger: Logger;
  schedule?: ReminderSchedule;
}): Notifier {
  const log = deps.logger.child({ module: "notifier" });
  const schedule = deps.schedule ?? everyInterval;
  let queued = false;
  let stopped = false;
  let stopReminders: (() => void) | undefined;
  const running = new Set<Promise<unknown>>();

  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work));
    return work;
  };

  const pass = () => {
    queued = false;
    if (stopped) return;
    track(
      deps.dispatcher.runOnce().catch((error: unknown) => {
        log.error(
          { err: { name: (error as Error).name, message: (error as Error).message } },
          "delivery pass failed",
        );
      }),
    );
  };

  const remind = (): Promise<ReminderCheck> => {
    if (stopped) return Promise.resolve({ status: "stopped" });
    return track(
      deps.cases.remindOverdue(deps.reminders).then(
        ({ reminded }): ReminderCheck => {
          if (reminded.length > 0) pass();
          return { status: "checked", reminded };
        },
        (error: unknown): ReminderCheck => {
          log.error({ err: { name: (error as Error).name } }, "reminder check failed");
          return { status: "failed" };
        },
      ),
    );
  };

  return {
    notify: () => {
      if (queued || stopped) return;
      queued = true;
      setImmediate(pass);
    },
    start: () => {
      deps.dispatcher.start(deps.intervalMs);
      stopReminders = schedule(remind, Math.max(deps.intervalMs, 1000));
      pass();
    },
    stop: async () => {
      stopped = true;
      stopReminders?.();
      await deps.dispatcher.stop();
      await Promise.all([...running]);
    },
  };
}
