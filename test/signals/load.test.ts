import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ContentError } from "../../src/errors.js";
import { loadSignalContent } from "../../src/signals/load.js";

const dialogs = fileURLToPath(new URL("../../dialogs/", import.meta.url));

describe("loadSignalContent", () => {
  it("should load the real dialogs/ catalogue and policy", async () => {
    const { catalogue, policy } = await loadSignalContent(dialogs);
    expect(catalogue.signals.length).toBeGreaterThanOrEqual(41);
    expect(policy.rules.at(-1)?.id).toBe("MONITOR");
  });

  it("should fail with the policy file named when the policy is broken", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sw-signals-"));
    cpSync(join(dialogs, "signals.yaml"), join(dir, "signals.yaml"));
    writeFileSync(join(dir, "policy.yaml"), "version: 1\nrules: []\n");
    const error = await loadSignalContent(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).issues[0]).toMatchObject({
      file: join(dir, "policy.yaml"),
      path: "rules",
    });
  });
});
