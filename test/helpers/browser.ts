/**
 * Headless Debian Chromium through playwright-core for the browser tests (no browser download): `.ci/run`
 * installs the `chromium` package. Screenshots go to `test-output/screenshots/` (ignored by git). The README's
 * pictures in `docs/screenshots/` are made by the same tests when asked: `SCREENSHOTS=docs npm run jest --
 * test/browser`, so an ordinary test run never changes tracked files.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

/** Where Debian installs Chromium; CHROMIUM_PATH overrides it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Starts a headless Chromium; close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
}

/** The path of a screenshot: the README's (`docs`, only with SCREENSHOTS=docs) or the test output. */
export async function screenshotPath(name: string, where: "docs" | "output" = "output"): Promise<string> {
  const docs = where === "docs" && process.env.SCREENSHOTS === "docs";
  const dir = docs ? join("docs", "screenshots") : join("test-output", "screenshots");
  await mkdir(dir, { recursive: true });
  return join(dir, name);
}
