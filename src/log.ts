/**
 * @module log
 * The root pino logger. Modules take a child (`logger.child({ module: "dialogs" })`) and log ids and counts,
 * never what a user typed, names, tokens or secrets.
 */
import { pino, type Logger } from "pino";

/** Creates the root logger; `level` "silent" is what tests use. */
export function createLogger(level: string = "info"): Logger {
  return pino({
    level,
    base: { app: "signaalwijzer" },
    redact: {
      paths: ["*.text", "*.password", "*.token", "authorization", "*.authorization"],
      censor: "[redacted]",
    },
  });
}

export type { Logger };
