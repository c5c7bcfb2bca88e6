/**
 * @module notify/notifier
 * Runs delivery in the background: the dispatcher on an interval, a pass as soon as a case changed (`notify`),
 * and the reminder check for cases nobody picked up in time. `stop` waits for the pass in progress, so a shutdown
 * never cuts a delivery in half; whatever is left is pending in the store and goes out after the restart.
 */
import type { CaseService } from "../cases/case-service.js";
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

/** Creates the notifier around a dispatcher and the case service's reminder check. */
export function createNotifier(deps: {
  dispatcher: Dispatcher;
  cases: CaseService;
  reminders: ReminderSettings;
  intervalMs: number;
  logger: Logger;
}): Notifier {
  const log = deps.logger.child({ module: "notifier" });
  let queued = false;
  let stopped = false;
  let reminderTimer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<unknown>>();

  const track = (work: Promise<unknown>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
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

  const remind = () => {
    if (stopped) return;
    track(
      deps.cases
        .remindOverdue(deps.reminders)
        .then(({ reminded }) => {
          if (reminded.length > 0) pass();
        })
        .catch((error: unknown) => {
          log.error({ err: { name: (error as Error).name } }, "reminder check failed");
        }),
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
      reminderTimer = setInterval(remind, Math.max(deps.intervalMs, 1000));
      reminderTimer.unref();
      pass();
    },
    stop: async () => {
      stopped = true;
      clearInterval(reminderTimer);
      await deps.dispatcher.stop();
      await Promise.all([...running]);
    },
  };
}
