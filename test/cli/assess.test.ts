import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = join(root, "test/fixtures/signals");

// Spawns the CLI as `node --import tsx src/cli/assess.ts` from the repo root (npx would add a second Node start).
function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/assess.ts", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("assess CLI", () => {
  it("should print one JSON line with outcome, rule, signals and Dutch reasons", () => {
    const { status, stdout } = run(["--minor", "truancy", "financial_debts", "truancy"]);
    expect(status).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(["outcome", "rule", "signals", "reasons"]);
    expect(result).toMatchObject({
      outcome: "CONSULT",
      rule: "CONSULT.d",
      signals: ["truancy", "financial_debts"],
    });
    expect((result.reasons as string[])[0]).toContain("minderjarige");
  });

  it("should print per tree what --trees found, and 0 violations on the real content as its last JSON line", () => {
    const { status, stdout } = run(["--trees"]);
    expect(status).toBe(0);
    const lines = stdout.trim().split("\n");
    const last = JSON.parse(lines.at(-1) ?? "") as {
      trees: { id: string; signals: string[]; acuteOffered: string[]; outcomes: Record<string, string[]> }[];
      violations: number;
    };
    expect(last.violations).toBe(0);
    expect(last.trees).toHaveLength(7);
    const kcc = last.trees.find((t) => t.id === "kcc-belscript");
    expect(kcc?.acuteOffered).toContain("minor_exploited_now");
    expect(kcc?.acuteOffered).toContain("asks_help_to_escape");
    expect(kcc?.outcomes.adult).toContain("ESCALATE");
    expect(kcc?.signals).toContain("documents_withheld");
    expect(lines.some((l) => l.startsWith("kcc-belscript: "))).toBe(true);
  });

  it("should pass --location-only to the policy", () => {
    const { stdout } = run(["--location-only", "overcrowded_housing"]);
    expect(JSON.parse(stdout)).toMatchObject({ outcome: "CONSULT", rule: "CONSULT.c" });
  });

  it("should exit 2 and name an unknown signal id on stderr", () => {
    const { status, stdout, stderr } = run(["truancy", "no_such_signal"]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("no_such_signal");
  });

  it("should find dialogs/ from its own location, not the working directory", () => {
    const cwd = mkdtempSync(join(tmpdir(), "sw-assess-"));
    const result = spawnSync(
      join(root, "node_modules/.bin/tsx"),
      [join(root, "src/cli/assess.ts"), "forced_begging"],
      {
        cwd,
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: "CONSULT", rule: "CONSULT.a" });
  });

  it("should exit 2 on an unknown option", () => {
    expect(run(["--adult"]).status).toBe(2);
  });

  it("should agree on every line of the shared development cases", () => {
    const { status, stdout, stderr } = run(["--cases", join(fixtures, "policy-dev.jsonl")]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "")).toEqual({ n: 80, agree: 80 });
  });

  it("should agree on every hand-derived case", () => {
    const { stdout, stderr } = run(["--cases", join(fixtures, "policy-cases.jsonl")]);
    expect(stderr).toBe("");
    const { n, agree } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as { n: number; agree: number };
    expect(agree).toBe(n);
  });

  it("should print mismatches to stderr and still exit 0", () => {
    const file = join(mkdtempSync(join(tmpdir(), "sw-cases-")), "cases.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({
          signals: ["documents_withheld"],
          minor: false,
          locationOnly: false,
          expect: "ESCALATE",
        }),
        JSON.stringify({ signals: ["truancy"], minor: false, locationOnly: false, expect: "ESCALATE" }),
        JSON.stringify({ signals: ["bogus"], minor: false, locationOnly: false, expect: "MONITOR" }),
      ].join("\n"),
    );
    const { status, stdout, stderr } = run(["--cases", file]);
    expect(status).toBe(0);
    expect(stdout.trim()).toBe('{"n":3,"agree":1}');
    expect(stderr).toContain("cases.jsonl:2: expected ESCALATE, got MONITOR");
    expect(stderr).toContain("cases.jsonl:3: unknown signal id(s): bogus");
  });
});
