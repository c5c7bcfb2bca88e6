/**
 * @module util/json-depth
 * How deeply a parsed JSON value nests, for refusing payloads whose nesting would overflow the stack later.
 */

/** The nesting depth of a JSON value (a scalar is 0), stopping early once past `limit`. */
export function depthOf(value: unknown, limit: number, depth = 0): number {
  if (depth > limit || value === null || typeof value !== "object") return depth;
  let deepest = depth + 1;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(child, limit, depth + 1));
    if (deepest > limit) break;
  }
  return deepest;
}
