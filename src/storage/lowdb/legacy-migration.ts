/**
 * @module storage/lowdb/legacy-migration
 * The single-document layout of earlier versions (`<dataDir>/cases.json`: every case, outbox item and audit entry
 * in one file), moved once into the per-case layout when the store opens.
 */
import { rename, stat } from "node:fs/promises";
import { z } from "zod";
import { AuditEntry, CaseRecord } from "../../cases/case-schema.js";
import { StorageError } from "../../errors.js";
import { OutboxItem } from "../../notify/outbox-schema.js";
import { readValidated } from "../stored-json.js";
import { type CaseFile, forEachLimited, SCAN_CONCURRENCY } from "./case-files.js";

/** The single-document layout of earlier versions. */
const LegacyDocument = z.object({
  schemaVersion: z.literal(1),
  counters: z.record(z.string(), z.number().int().min(0)),
  cases: z.record(z.string(), CaseRecord),
  outbox: z.record(z.string(), OutboxItem),
  audit: z.array(AuditEntry),
});

/** Where the migration writes: the new layout, before the store scans it. */
export interface MigrationTarget {
  /** Writes a case file as is (numbers and outbox state are kept). */
  importCase(doc: CaseFile): Promise<void>;
  /** Writes the counters (never lowering one) and the audit entries that belong to no case. */
  importRest(counters: Record<string, number>, loose: AuditEntry[]): Promise<void>;
}

/**
 * Moves an old single-document store at `file` into the per-case layout. Re-running after a crash midway writes
 * the same files again; the old file is renamed to `<file>.migrated` (not deleted) only when everything is written.
 */
export async function migrateLegacyDocument(file: string, target: MigrationTarget): Promise<void> {
  const exists = await stat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw new StorageError(`cannot read storage file ${file}`, { cause: error, file });
    },
  );
  if (!exists) return;
  const legacy = await readValidated(file, LegacyDocument);
  if (!legacy) return;
  const docs = new Map<string, CaseFile>();
  for (const c of Object.values(legacy.cases))
    docs.set(c.id, { schemaVersion: 1, case: c, outbox: [], audit: [] });
  const loose: AuditEntry[] = [];
  for (const entry of legacy.audit) {
    const doc = docs.get(entry.caseId);
    if (doc) doc.audit.push(entry);
    else loose.push(entry);
  }
  // Items of a case that does not exist could never be delivered; they stay only in the renamed old file.
  for (const item of Object.values(legacy.outbox)) docs.get(item.caseId)?.outbox.push(item);
  await target.importRest(legacy.counters, loose);
  await forEachLimited([...docs.values()], SCAN_CONCURRENCY, (doc) => target.importCase(doc));
  try {
    await rename(file, `${file}.migrated`);
  } catch (cause) {
    throw new StorageError(`could not rename migrated storage file ${file}`, { cause, file });
  }
}
