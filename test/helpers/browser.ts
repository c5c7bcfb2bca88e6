/**
 * Headless Debian Chromium through playwright-core for the browser tests (no browser download): `.ci/run`
 * installs the `chromium` package. Screenshots go to `test-output/screenshots/` (ignored by git) unless a test
 * asks for `docs/screenshots/`, where the README's pictures live.
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

/** The folder for a screenshot: the README's (`docs`) or the test output. */
export async function screenshotPath(name: string, where: "docs" | "output" = "output"): Promise<string> {
  const dir = where === "docs" ? join("docs", "screenshots") : join("test-output", "screenshots");
  await mkdir(dir, { recursive: true });
  return join(dir, name);
}
