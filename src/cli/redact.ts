/**
 * @module cli/redact
 * `npm run --silent redact`: reads text on stdin and writes it redacted to stdout, for curators checking an
 * export and for tests. A thin wrapper over `redact`.
 */
import { redact } from "../privacy/redact.js";

/** Reads all of `input` as UTF-8 text. */
async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

process.stdout.write(redact(await readAll(process.stdin)));
