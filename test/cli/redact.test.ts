import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("redact cli", () => {
  it("should read stdin and write the redacted text to stdout", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/redact.ts"], {
      cwd: root,
      input: "bel 06-12345678, BSN 123456782, Veilig Thuis 0800-2000\n",
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("bel [telefoon], BSN [BSN], Veilig Thuis 0800-2000\n");
  });
});
