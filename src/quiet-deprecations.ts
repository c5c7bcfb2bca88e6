/**
 * @module quiet-deprecations
 * Imported first by the composition root: drops the one deprecation warning (DEP0111, `process.binding`) that
 * restify's HTTP/2 dependency (spdy via http-deceiver) triggers on import, so start-up output holds only our own
 * structured log lines. Every other warning is still printed.
 */
const emit = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const code =
    typeof rest[0] === "object" && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
  if (code === "DEP0111") return;
  (emit as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
