import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

// Spawns the CLI as `node --import tsx src/cli/kb-eval.ts` from the repo root, on a set written to a temp folder.
function run(lines: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const file = join(mkdtempSync(join(tmpdir(), "kb-eval-")), "set.jsonl");
  writeFileSync(file, `${lines.join("\n")}\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/kb-eval.ts", file], {
    cwd: root,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("kb:eval CLI", () => {
  it("should print the metrics as one JSON line in the issue's format, then top1Any and top3Any", () => {
    const { status, stdout } = run([
      '{"q": "Wat is mensenhandel?", "expect": "wat-is-mensenhandel"}',
      '{"q": "Hoe laat gaat de kantine open?", "expect": null}',
    ]);
    expect(status).toBe(0);
    const metrics = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as Record<string, number>;
    expect(Object.keys(metrics)).toEqual([
      "n",
      "top1",
      "top3",
      "mrr",
      "abstainPrecision",
      "abstainRecall",
      "wrongConfident",
      "top1Any",
      "top3Any",
    ]);
    expect(metrics).toMatchObject({ n: 2, top1: 1, top1Any: 1, abstainRecall: 1 });
  });

  it("should refuse a set whose labels name no topic, and say which line", () => {
    const { status, stdout, stderr } = run([
      '{"q": "Wat is mensenhandel?", "expect": "wat-is-mensenhandel", "also": ["bestaat-niet"]}',
    ]);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("line 1");
    expect(stderr).toContain("bestaat-niet");
  });
});
