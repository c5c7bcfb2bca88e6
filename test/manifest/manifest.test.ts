import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "../../src/config.js";
import { fillManifest, pngSize, validateManifestFiles } from "../../src/manifest/manifest.js";

const dir = join(repoRoot, "manifest");

async function load() {
  return {
    manifest: JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as Record<string, unknown>,
    icons: {
      color: await readFile(join(dir, "color.png")),
      outline: await readFile(join(dir, "outline.png")),
    },
  };
}

describe("Teams app manifest", () => {
  it("should validate against the official v1.24 schema with icons of the right sizes", async () => {
    const { manifest, icons } = await load();
    expect(await validateManifestFiles(manifest, icons)).toEqual([]);
    expect(pngSize(icons.color)).toEqual({ width: 192, height: 192 });
    expect(pngSize(icons.outline)).toEqual({ width: 32, height: 32 });
  });

  it("should offer the bot in personal and team scope with commands", async () => {
    const { manifest } = await load();
    const bot = (
      manifest.bots as Array<{ scopes: string[]; commandLists: Array<{ commands: unknown[] }> }>
    )[0]!;
    expect(bot.scopes).toEqual(expect.arrayContaining(["personal", "team"]));
    expect(bot.commandLists.flatMap((l) => l.commands).length).toBeGreaterThanOrEqual(5);
  });

  it("should fill ids and domain and still validate", async () => {
    const { manifest, icons } = await load();
    const filled = fillManifest(manifest, {
      appId: "3f1c2a7e-1111-4222-8333-944455556666",
      botId: "3f1c2a7e-1111-4222-8333-944455556666",
      domain: "bot.gemeente.example",
    });
    expect(filled.validDomains).toEqual(["bot.gemeente.example"]);
    expect(filled.staticTabs).toEqual([
      expect.objectContaining({ contentUrl: "https://bot.gemeente.example/tab", scopes: ["personal"] }),
    ]);
    // The same tab for the contact point's channel, added through its configuration page.
    expect(filled.configurableTabs).toEqual([
      expect.objectContaining({
        configurationUrl: "https://bot.gemeente.example/tab/config",
        scopes: ["team"],
        context: ["channelTab"],
      }),
    ]);
    expect(filled.webApplicationInfo).toEqual({
      id: "3f1c2a7e-1111-4222-8333-944455556666",
      resource: "api://bot.gemeente.example/3f1c2a7e-1111-4222-8333-944455556666",
    });
    expect((filled.developer as { privacyUrl: string }).privacyUrl).toBe(
      "https://bot.gemeente.example/privacy",
    );
    expect(await validateManifestFiles(filled, icons)).toEqual([]);
    expect(manifest.validDomains).not.toEqual(["bot.gemeente.example"]);
  });

  it("should name the field path of a broken manifest", async () => {
    const { manifest, icons } = await load();
    const broken = structuredClone(manifest) as Record<string, unknown> & { name: Record<string, unknown> };
    broken.id = "not-a-guid";
    delete broken.name.short;
    broken.accentColor = "blue";
    const problems = await validateManifestFiles(broken, icons);
    expect(problems.join("\n")).toMatch(/^\/id: /m);
    expect(problems.join("\n")).toMatch(/^\/name: must have required property 'short'/m);
    expect(problems.join("\n")).toMatch(/^\/accentColor: /m);
  });

  it("should reject icons of the wrong size or format", async () => {
    const { manifest, icons } = await load();
    const problems = await validateManifestFiles(manifest, {
      color: icons.outline,
      outline: Buffer.from("GIF89a"),
    });
    expect(problems).toEqual([
      "/icons/color: must be 192x192 pixels, is 32x32",
      "/icons/outline: not a PNG file",
    ]);
  });
});
