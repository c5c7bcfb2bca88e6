/**
 * @module log
 * The root pino logger. Modules take a child (`logger.child({ module: "dialogs" })`) and log ids and counts,
 * never what a user typed, names, tokens or secrets.
 */
import { pino, type Logger } from "pino";

/** How long a buffered logger keeps lines before it writes them out, at most. */
export const LOG_FLUSH_MS = 100;
/** A buffered logger writes once this many bytes are waiting (or after LOG_FLUSH_MS). */
const LOG_BUFFER_BYTES = 4096;

/**
 * Creates the root logger; `level` "silent" is what tests use. `buffered` (the server): lines are collected and
 * written to stdout in one write per 4 KB or per LOG_FLUSH_MS instead of one write per line, which a busy server
 * feels on every turn; pino writes what is left when the process exits (also after an uncaught error), so only a
 * SIGKILL can lose the last LOG_FLUSH_MS of lines. Tools and tests write each line at once.
 */
export function createLogger(level: string = "info", options: { buffered?: boolean } = {}): Logger {
  const settings = {
    level,
    base: { app: "signaalwijzer" },
    redact: {
      paths: ["*.text", "*.password", "*.token", "authorization", "*.authorization"],
      censor: "[redacted]",
    },
  };
  if (!options.buffered) return pino(settings);
  const destination = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
  setInterval(() => destination.flush(), LOG_FLUSH_MS).unref();
  return pino(settings, destination);
}

export type { Logger };
