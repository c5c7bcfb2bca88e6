/**
 * @module cli/insight
 * `npm run insight [-- --from 2026-01 --to 2026-12] [--csv]`: the municipality's anonymous statistics (cases by
 * outcome, department and form, signals, referrals, time to claim and to close, signal checks) per month, with
 * small-cell suppression (INSIGHT_MIN_CELL), as text tables or as CSV for reports to CoMensha and the Nationaal
 * Rapporteur. Reads the configured storage; with the embedded storage the bot must be stopped (the folder lock).
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { monthOf } from "../insight/counters.js";
import {
  addMonths,
  insightCsv,
  insightReport,
  medianBucket,
  monthRange,
  type Cell,
} from "../insight/report.js";
import { createLogger } from "../log.js";
import { environmentWithDotEnv } from "../main.js";
import { openStorage } from "../storage/open-storage.js";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const { values } = parseArgs({
  options: { from: { type: "string" }, to: { type: "string" }, csv: { type: "boolean", default: false } },
});
const to = values.to ?? monthOf(new Date().toISOString());
const from = values.from ?? addMonths(to, -11);
if (!MONTH.test(from) || !MONTH.test(to) || from > to) {
  process.stderr.write("--from and --to are months like 2026-01, with --from not after --to\n");
  process.exit(2);
}
const config = loadConfig(environmentWithDotEnv(process.env));
const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
const storage = await openStorage(config, logger).catch((error: unknown) => {
  // A clear line instead of a stack: most often the bot itself holds the embedded storage (see data-dir-lock).
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
try {
  const { minCell } = config.insight;
  const tables = insightReport(await storage.cases.insightCounters(), {
    minCell,
    months: monthRange(from, to),
  });
  if (values.csv) {
    process.stdout.write(insightCsv(tables, minCell));
  } else {
    const shown = (c: Cell) => (c === "suppressed" ? `<${minCell}` : String(c));
    for (const t of tables) {
      const rows = [
        [t.id, ...t.months, "total"],
        ...t.rows.map((r) => [r.key, ...r.cells.map(shown), shown(r.total)]),
        ...(t.totals ? [["total", ...t.totals.cells.map(shown), shown(t.totals.total)]] : []),
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      const lines = rows.map((r) =>
        r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  "),
      );
      process.stdout.write(`${lines.join("\n")}\n`);
      if (t.id === "claimHours" || t.id === "closeDays") {
        const median = medianBucket(t);
        const unit = t.id === "claimHours" ? "hours" : "days";
        process.stdout.write(
          `median: ${median === undefined ? "not shown (too few)" : `at most ${median} ${unit}`}\n`,
        );
      }
      process.stdout.write("\n");
    }
  }
} finally {
  await storage.close();
}
