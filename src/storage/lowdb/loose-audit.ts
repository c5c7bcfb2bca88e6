/**
 * @module storage/lowdb/loose-audit
 * Audit entries that belong to no stored case ("*", or an id that is not a case), kept per UTC day under
 * `<cases>/_audit`: one JSON line per entry, appended and flushed (the cost does not grow with the day), and the
 * older one-document-per-day layout (`<day>.json`), still read and purged.
 */
import { open as openFile, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { AuditEntry } from "../../cases/case-schema.js";
import { StorageError } from "../../errors.js";
import { readValidated, writeJsonDurably } from "../stored-json.js";
import { AUDIT_DIR, AuditDayFile } from "./case-files.js";

// `.jsonl` is the current layout, `.json` the older one.
const AUDIT_FILE_NAME = /^(\d{4}-\d{2}-\d{2})\.jsonl?$/;

/** The loose audit days under the cases folder `dir`. */
export class LooseAudit {
  constructor(private readonly dir: string) {}

  private file(day: string, layout: "lines" | "document" = "lines"): string {
    return join(this.dir, AUDIT_DIR, `${day}.${layout === "lines" ? "jsonl" : "json"}`);
  }

  /** The days that have a file, in either layout, sorted. */
  async days(): Promise<string[]> {
    const names = (await readdir(join(this.dir, AUDIT_DIR))).filter((n) => AUDIT_FILE_NAME.test(n));
    return [...new Set(names.map((name) => AUDIT_FILE_NAME.exec(name)?.[1] ?? ""))].sort();
  }

  /** The loose audit entries of one day, from both layouts (a torn last line after a crash is skipped). */
  async read(day: string): Promise<AuditEntry[]> {
    const legacy = (await readValidated(this.file(day, "document"), AuditDayFile))?.entries ?? [];
    let text = "";
    try {
      text = await readFile(this.file(day), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new StorageError(`could not read ${this.file(day)}`, { cause: error, file: this.file(day) });
      }
    }
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    const entries = lines.flatMap((line, i) => {
      try {
        return [AuditEntry.parse(JSON.parse(line))];
      } catch (cause) {
        if (i === lines.length - 1 && !text.endsWith("\n")) return []; // the write a crash interrupted
        throw new StorageError(`corrupt audit line ${i + 1} in ${this.file(day)}`, {
          cause,
          file: this.file(day),
        });
      }
    });
    return [...legacy, ...entries];
  }

  /** Appends one entry to its day and flushes it. */
  async append(day: string, entry: AuditEntry): Promise<void> {
    const file = this.file(day);
    try {
      const handle = await openFile(file, "a");
      try {
        await handle.appendFile(`${JSON.stringify(AuditEntry.parse(entry))}\n`, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (cause) {
      throw new StorageError(`could not append to ${file}`, { cause, file });
    }
  }

  /** Writes a whole day in the document layout (the legacy migration does; later entries are appended as lines). */
  async writeDocument(day: string, entries: AuditEntry[]): Promise<void> {
    await writeJsonDurably(this.file(day, "document"), { schemaVersion: 1, entries } satisfies AuditDayFile);
  }

  /** Deletes both layouts of a day. */
  async remove(day: string): Promise<void> {
    await rm(this.file(day), { force: true });
    await rm(this.file(day, "document"), { force: true });
  }
}
