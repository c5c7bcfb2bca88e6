/**
 * @module web/bundle
 * The browser code of the tab and the local web chat, bundled on first request with esbuild from the packages
 * installed with the app (nothing is fetched at run time) and kept in memory. Served with a content hash as ETag
 * and `no-cache`, so a new version is picked up without a stale copy.
 */
import { createHash } from "node:crypto";
import { build } from "esbuild";

/** A bundled script: its text and a hash of it. */
export interface Bundle {
  js: string;
  etag: string;
}

/** Bundles `entry` (a TypeScript file) for current browsers; the promise is made once per entry and reused. */
export function bundler(entry: string): () => Promise<Bundle> {
  let pending: Promise<Bundle> | undefined;
  return () => {
    pending ??= build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "esm",
      target: "es2022",
      minify: true,
      legalComments: "none",
      logLevel: "silent",
    }).then((result) => {
      const js = result.outputFiles[0]?.text ?? "";
      return { js, etag: `"${createHash("sha256").update(js).digest("base64url").slice(0, 22)}"` };
    });
    // A failed build is not cached: the next request tries again (and the error reaches the log each time).
    pending.catch(() => (pending = undefined));
    return pending;
  };
}
