/**
 * @module signals/content-file
 * Reads one YAML content file and checks its shape with a zod schema, turning every problem into a ContentIssue
 * that names the file and the path inside it, so a curator can find and fix it.
 */
import { readFile } from "node:fs/promises";
import YAML from "yaml";
import type { z } from "zod";
import { ContentError, type ContentIssue } from "../errors.js";

/** Formats a zod-style path as `signals[3].label.nl`, the form used in every content issue. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Reads `file`, parses it as YAML and validates it against `schema`. Throws a ContentError naming the file (and the
 * line or path) when the file is missing, is not YAML, or does not have the expected shape.
 */
export async function readYamlContent<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new ContentError([{ file, path: "", message: "file cannot be read" }], { cause });
  }
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    const issues: ContentIssue[] = doc.errors.map((e) => ({
      file,
      path: e.linePos ? `line ${e.linePos[0].line}` : "",
      message: `not valid YAML: ${e.message.split("\n")[0] ?? e.code}`,
    }));
    throw new ContentError(issues);
  }
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new ContentError(
      parsed.error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message })),
      { cause: parsed.error },
    );
  }
  return parsed.data;
}
