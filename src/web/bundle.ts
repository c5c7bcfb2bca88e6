/**
 * @module web/bundle
 * The browser code of the tab and the local web chat, bundled on first request with esbuild from the packages
 * installed with the app (nothing is fetched at run time) and kept in memory. Served with a content hash as ETag
 * and `no-cache`, so a new version is picked up without a stale copy.
 */
import { createHash } from "node:crypto";
import { build } from "esbuild";
import type restify from "restify";

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

/**
 * A GET handler serving `script` with its ETag (304 when the client has it), `no-cache`, and the page's security
 * headers; a build failure is logged by `onError` and answered 500.
 */
export function bundleRoute(
  script: () => Promise<Bundle>,
  headers: (res: restify.Response) => void,
  onError: (error: unknown) => void,
): (req: restify.Request, res: restify.Response) => Promise<void> {
  return async (req, res) => {
    try {
      const { js, etag } = await script();
      res.header("ETag", etag);
      res.header("Cache-Control", "no-cache");
      headers(res);
      if (req.headers["if-none-match"] === etag) {
        res.send(304);
        return;
      }
      res.header("Content-Type", "text/javascript; charset=utf-8");
      res.sendRaw(200, js);
    } catch (error) {
      onError(error);
      res.send(500, { error: "internal error" });
    }
  };
}
