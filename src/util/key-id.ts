/**
 * @module util/key-id
 * Short, non-reversible ids for logs: storage keys, user and conversation ids are personal data and never
 * logged as they are, but a log reader still needs to tell two of them apart and follow one across lines.
 */
import { createHash } from "node:crypto";

/** The first 12 hex digits of the SHA-256 of `key`: stable across processes, not reversible in practice. */
export function keyId(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}
