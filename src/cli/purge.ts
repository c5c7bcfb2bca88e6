/**
 * @module cli/purge
 * `npm run purge [-- --dry-run]`: applies the retention settings (privacy/retention) to the configured storage
 * once and prints what was deleted (or, with --dry-run, what would be) as one JSON line. With the embedded lowdb
 * storage, run it only while the bot is stopped (the bot purges by itself every RETENTION_INTERVAL_HOURS); a dry
 * run is always safe.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { environmentWithDotEnv } from "../main.js";
import { createLogger } from "../log.js";
import { applyRetention } from "../privacy/retention.js";
import { openStorage } from "../storage/open-storage.js";

const { values } = parseArgs({ options: { "dry-run": { type: "boolean", default: false } } });
const config = loadConfig(environmentWithDotEnv(process.env));
const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
const storage = await openStorage(config, logger).catch((error: unknown) => {
  // A clear line instead of a stack: most often the bot itself holds the embedded storage (see data-dir-lock).
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
try {
  const report = await applyRetention(storage, config.retention, new Date(), values["dry-run"] ?? false);
  process.stdout.write(`${JSON.stringify({ storage: storage.kind, ...report })}\n`);
} finally {
  await storage.close();
}
