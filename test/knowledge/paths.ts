import { fileURLToPath } from "node:url";

/** Absolute path of a file or folder under test/fixtures/knowledge. */
export const fixture = (path: string): string =>
  fileURLToPath(new URL(`../fixtures/knowledge/${path}`, import.meta.url));

/** Absolute path of the real knowledge/ folder. */
export const realKnowledge = fileURLToPath(new URL("../../knowledge", import.meta.url));
