/**
 * @module i18n/catalogue
 * The shape every language's catalogue has: the Dutch catalogue's keys, with its texts widened to `string` (and
 * its lists to read-only lists of the same length), so the English one must have exactly the same entries.
 */
import type { nl } from "./nl.js";

/** `T` with every string literal widened to `string`; objects and tuples keep their keys and lengths. */
type Widen<T> = T extends string ? string : { readonly [K in keyof T]: Widen<T[K]> };

/** What a language's catalogue holds: the Dutch catalogue's shape. */
export type Catalogue = Widen<typeof nl>;
