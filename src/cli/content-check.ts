/**
 * @module cli/content-check
 * `npm run content:check`: validates knowledge/ and dialogs/ (schemas, ids, links, graph checks, the acute-danger
 * lexicon, sources, review dates, stand dates of status facts, settings placeholders) and prints each problem with
 * file and field. Exits 1 when there are errors; warnings (stale reviews, status facts older than
 * --max-status-age-months, default STATUS_MAX_AGE_MONTHS, example settings, typo-list words without effect) are
 * printed but do not fail. Exits 2 on an invalid flag.
 */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, repoRoot } from "../config.js";
import { checkContent } from "../content/content.js";
import { checkStatusDates, parseMaxStatusAge } from "../knowledge/status-dates.js";

const { values } = parseArgs({
  options: {
    knowledge: { type: "string" },
    dialogs: { type: "string" },
    quiet: { type: "boolean", default: false },
    "max-status-age-months": { type: "string" },
  },
});
let maxStatusAgeMonths: number;
try {
  maxStatusAgeMonths = parseMaxStatusAge(values["max-status-age-months"]);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
const config = loadConfig(process.env);
const dirs = {
  knowledgeDir: values.knowledge ?? config.knowledgeDir,
  dialogsDir: values.dialogs ?? config.dialogsDir,
};
const now = new Date();
const { errors, warnings: contentWarnings } = await checkContent(dirs, now);
const warnings = [
  ...contentWarnings,
  ...(await checkStatusDates(dirs.knowledgeDir, now, maxStatusAgeMonths)),
];
const show = (kind: string, i: { file: string; path: string; message: string }) =>
  `${kind} ${relative(repoRoot, i.file) || i.file}${i.path ? ` at ${i.path}` : ""}: ${i.message}`;
if (!values.quiet) for (const w of warnings) process.stdout.write(`${show("warning", w)}\n`);
for (const e of errors) process.stderr.write(`${show("error", e)}\n`);
process.stdout.write(`content check: ${errors.length} error(s), ${warnings.length} warning(s)\n`);
process.exitCode = errors.length > 0 ? 1 : 0;
