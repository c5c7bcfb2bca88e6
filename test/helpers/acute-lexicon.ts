/** The repository's acute-danger lexicon for tests, compiled once per test file as the app compiles it. */
import { fileURLToPath } from "node:url";
import { loadAcuteLexicon, type AcuteLexicon } from "../../src/signals/acute-lexicon.js";

/** Absolute path of the real `dialogs/acute.yaml`. */
export const REPO_ACUTE_LEXICON = fileURLToPath(new URL("../../dialogs/acute.yaml", import.meta.url));

let compiled: Promise<AcuteLexicon> | undefined;

/** The compiled `dialogs/acute.yaml`; throws ContentError when it is broken. */
export function repoAcuteLexicon(): Promise<AcuteLexicon> {
  compiled ??= loadAcuteLexicon(REPO_ACUTE_LEXICON);
  return compiled;
}
