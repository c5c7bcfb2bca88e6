/**
 * @module cli/package-app
 * `npm run package`: fills the Teams app manifest with this deployment's ids and domain and writes the zip to
 * upload (build/signaalwijzer-teams.zip). Refuses to build a package that does not validate.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import AdmZip from "adm-zip";
import { loadPackagingConfig, repoRoot } from "../config.js";
import { fillManifest, validateManifestFiles } from "../manifest/manifest.js";

async function main(): Promise<void> {
  const settings = loadPackagingConfig(process.env);
  const dir = join(repoRoot, "manifest");
  const template = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as Record<string, unknown>;
  const manifest = fillManifest(template, settings);
  const icons = {
    color: await readFile(join(dir, "color.png")),
    outline: await readFile(join(dir, "outline.png")),
  };
  const problems = await validateManifestFiles(manifest, icons);
  if (problems.length) {
    process.stderr.write(`manifest is not valid:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
    process.exit(1);
  }
  const zip = new AdmZip();
  zip.addFile("manifest.json", Buffer.from(JSON.stringify(manifest, null, 2)));
  zip.addFile("color.png", icons.color);
  zip.addFile("outline.png", icons.outline);
  const out = join(repoRoot, "build", "signaalwijzer-teams.zip");
  zip.writeZip(out);
  process.stdout.write(`${out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
