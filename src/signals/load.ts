/**
 * @module signals/load
 * Loads the signal content of a `dialogs/` folder once at start-up: the catalogue, then the policy checked
 * against it.
 */
import { join } from "node:path";
import { loadSignalCatalogue, type SignalCatalogue } from "./catalogue.js";
import { loadPolicy, type Policy } from "./policy.js";

/**
 * Loads `signals.yaml` and `policy.yaml` from `dialogsDir`; throws a ContentError naming file and path of every
 * problem, so the server can refuse to start on broken content.
 */
export async function loadSignalContent(
  dialogsDir: string,
): Promise<{ catalogue: SignalCatalogue; policy: Policy }> {
  const catalogue = await loadSignalCatalogue(join(dialogsDir, "signals.yaml"));
  const policy = await loadPolicy(join(dialogsDir, "policy.yaml"), catalogue);
  return { catalogue, policy };
}
