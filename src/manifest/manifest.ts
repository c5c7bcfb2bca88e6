/**
 * @module manifest/manifest
 * Teams app manifest handling: fill the deployment's ids and domain into the template, and validate it offline
 * against the official JSON schema shipped in @microsoft/app-manifest, plus the icon sizes Teams requires.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

/** What packaging fills in. */
export interface PackagingSettings {
  appId: string;
  botId: string;
  domain: string;
}

/** The manifest version this app uses; its schema ships with @microsoft/app-manifest. */
export const MANIFEST_VERSION = "1.24";

/** Returns a copy of `template` with app id, bot id and domain (and the developer URLs on that domain) filled. */
export function fillManifest(
  template: Record<string, unknown>,
  s: PackagingSettings,
): Record<string, unknown> {
  const manifest = structuredClone(template) as Record<string, unknown> & {
    bots: Array<Record<string, unknown>>;
    developer: Record<string, unknown>;
  };
  manifest.id = s.appId;
  for (const bot of manifest.bots) bot.botId = s.botId;
  manifest.validDomains = [s.domain];
  // The coordinators' tab, served by the bot's own server; Teams SSO gets a token for the app's id URI.
  manifest.staticTabs = (manifest.staticTabs as Array<Record<string, unknown>> | undefined)?.map((tab) => ({
    ...tab,
    contentUrl: `https://${s.domain}/tab`,
    websiteUrl: `https://${s.domain}/tab`,
  }));
  // The same tab in the contact point's channel; its configuration page explains who sees what.
  manifest.configurableTabs = (manifest.configurableTabs as Array<Record<string, unknown>> | undefined)?.map(
    (tab) => ({ ...tab, configurationUrl: `https://${s.domain}/tab/config` }),
  );
  manifest.webApplicationInfo = { id: s.botId, resource: `api://${s.domain}/${s.botId}` };
  manifest.developer = {
    ...manifest.developer,
    websiteUrl: `https://${s.domain}`,
    privacyUrl: `https://${s.domain}/privacy`,
    termsOfUseUrl: `https://${s.domain}/voorwaarden`,
  };
  return manifest;
}

async function loadSchema(): Promise<Record<string, unknown>> {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve("@microsoft/app-manifest/package.json"));
  const file = join(
    root,
    "build",
    "json-schemas",
    "teams",
    `v${MANIFEST_VERSION}`,
    "MicrosoftTeams.schema.json",
  );
  // The official schema contains a "\a" escape that JavaScript regexes reject (microsoft-teams-app-schema#190).
  return JSON.parse((await readFile(file, "utf8")).replace(/\\a/g, "\\x07")) as Record<string, unknown>;
}

/** Width and height of a PNG, read from its IHDR chunk; undefined when it is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  const signature = "89504e470d0a1a0a";
  if (png.length < 24 || png.subarray(0, 8).toString("hex") !== signature) return undefined;
  if (png.subarray(12, 16).toString("ascii") !== "IHDR") return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * Validates the manifest against the official schema and the icons against Teams' rules (color 192x192,
 * outline 32x32, both PNG). Returns problems as "path: message" lines; empty when valid.
 */
export async function validateManifestFiles(
  manifest: Record<string, unknown>,
  icons: { color: Buffer; outline: Buffer },
): Promise<string[]> {
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(await loadSchema());
  const problems: string[] = [];
  if (!validate(manifest)) {
    for (const e of validate.errors ?? []) {
      problems.push(`${e.instancePath || "/"}: ${e.message ?? "invalid"} ${JSON.stringify(e.params)}`);
    }
  }
  for (const [name, size] of [
    ["color", 192],
    ["outline", 32],
  ] as const) {
    const dims = pngSize(icons[name]);
    if (!dims) problems.push(`/icons/${name}: not a PNG file`);
    else if (dims.width !== size || dims.height !== size) {
      problems.push(`/icons/${name}: must be ${size}x${size} pixels, is ${dims.width}x${dims.height}`);
    }
  }
  return problems;
}
