/**
 * @module signals/catalogue
 * The signal catalogue (`dialogs/signals.yaml`): every observation a signal check can record, with its Dutch and
 * English label, the forms of exploitation it concerns, its dimension and strength, and the flags `acute` (danger
 * now) and `control` (someone else controls the person). Ids and grading come from the domain POLICY.
 *
 * @example
 * ```yaml
 * version: 1
 * signals:
 *   - id: documents_withheld
 *     label: { nl: Identiteitsbewijs ligt bij een ander, en: ID held by someone else }
 *     explanation: { nl: ..., en: ... }
 *     forms: [any]          # sexual | labour | criminal | organ | any
 *     dimension: coercion   # recruitment | exploitation | coercion | vulnerability | location
 *     strength: strong      # strong | medium | weak
 *     control: true         # acute and control default to false
 *     source: "BRIEF.md §2; ILO-indicator 'retention of identity documents'"
 * ```
 */
import { z } from "zod";
import { ContentError, type ContentIssue } from "../errors.js";
import { readYamlContent } from "./content-file.js";

/** The five dimensions of the ILO/EU (Delphi) grading, with `location` for a place without a person. */
export const Dimension = z.enum(["recruitment", "exploitation", "coercion", "vulnerability", "location"]);
export type Dimension = z.infer<typeof Dimension>;

/** How much a signal weighs on its own (ILO/EU Delphi indicators: strong, medium, weak). */
export const Strength = z.enum(["strong", "medium", "weak"]);
export type Strength = z.infer<typeof Strength>;

const Bilingual = z.strictObject({ nl: z.string().trim().min(1), en: z.string().trim().min(1) });

/** One observation a check can record; `label` says what was seen, never a judgement about the person. */
export const Signal = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, "id must be a snake_case slug"),
  label: Bilingual,
  explanation: Bilingual,
  forms: z.array(z.enum(["sexual", "labour", "criminal", "organ", "any"])).min(1),
  dimension: Dimension,
  strength: Strength,
  acute: z.boolean().default(false),
  control: z.boolean().default(false),
  /** Health data (AVG art. 9): a tree may ask it only where the policy can use it (see dialogs/tree-safety). */
  health: z.boolean().default(false),
  source: z.string().trim().min(1),
});
export type Signal = z.infer<typeof Signal>;

/** The whole catalogue; `version` changes when ids change meaning, so stored checks can be restarted. */
export const SignalCatalogue = z.strictObject({
  version: z.number().int().positive(),
  signals: z.array(Signal).min(1),
});
export type SignalCatalogue = z.infer<typeof SignalCatalogue>;

/**
 * Loads and validates the catalogue at `file`: shape first, then unique ids. Throws a ContentError listing every
 * problem with the file and its path (e.g. `signals[3].strength`).
 */
export async function loadSignalCatalogue(file: string): Promise<SignalCatalogue> {
  const catalogue = await readYamlContent(file, SignalCatalogue);
  const issues: ContentIssue[] = [];
  const seen = new Map<string, number>();
  catalogue.signals.forEach((signal, index) => {
    const first = seen.get(signal.id);
    if (first !== undefined) {
      issues.push({
        file,
        path: `signals[${index}].id`,
        message: `duplicate signal id "${signal.id}" (first at signals[${first}])`,
      });
    } else {
      seen.set(signal.id, index);
    }
  });
  if (issues.length > 0) throw new ContentError(issues);
  return catalogue;
}

/** Returns the ids that are not in the catalogue, each once, in the order given; empty when all are known. */
export function findUnknownSignals(catalogue: SignalCatalogue, ids: readonly string[]): string[] {
  const known = new Set(catalogue.signals.map((s) => s.id));
  return [...new Set(ids)].filter((id) => !known.has(id));
}

/** The forms of exploitation `signalIds` point to, in catalogue order ("any" and unknown ids add none). */
export function formsOf(
  catalogue: SignalCatalogue,
  signalIds: readonly string[],
): Array<Exclude<Signal["forms"][number], "any">> {
  const chosen = new Set(signalIds);
  const forms = new Set<Exclude<Signal["forms"][number], "any">>();
  for (const signal of catalogue.signals) {
    if (!chosen.has(signal.id)) continue;
    for (const form of signal.forms) if (form !== "any") forms.add(form);
  }
  return [...forms];
}

/** A recorded signal as cards and the tab show it: its label and weight, and whether it carries the advice. */
export interface RankedSignal {
  id: string;
  label: { nl: string; en: string };
  strength: Strength;
  acute: boolean;
  control: boolean;
  /** Of the heaviest weight present (acute signals when there are any, else the strongest ones). */
  deciding: boolean;
}

const STRENGTH_ORDER: Readonly<Record<Strength, number>> = { strong: 0, medium: 1, weak: 2 };

/**
 * Every signal of `signalIds`, strongest first: acute ones, then by strength, control signals before others of
 * the same strength, otherwise in the order given. An id the catalogue does not know (a retired signal) is shown
 * by its id, as weak.
 */
export function rankSignals(catalogue: SignalCatalogue, signalIds: readonly string[]): RankedSignal[] {
  const byId = new Map(catalogue.signals.map((s) => [s.id, s]));
  const ranked = [...new Set(signalIds)]
    .map((id, order) => {
      const s = byId.get(id);
      return {
        order,
        id,
        label: s ? { nl: s.label.nl, en: s.label.en } : { nl: id, en: id },
        strength: s?.strength ?? ("weak" as const),
        acute: s?.acute ?? false,
        control: s?.control ?? false,
      };
    })
    .sort(
      (a, b) =>
        Number(b.acute) - Number(a.acute) ||
        STRENGTH_ORDER[a.strength] - STRENGTH_ORDER[b.strength] ||
        Number(b.control) - Number(a.control) ||
        a.order - b.order,
    );
  const top = ranked[0];
  return ranked.map(({ order: _order, ...s }) => ({
    ...s,
    deciding: top !== undefined && (top.acute ? s.acute : s.strength === top.strength),
  }));
}
