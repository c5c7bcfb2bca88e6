/**
 * WCAG 2.x contrast of the text in an Adaptive Card against the background it is drawn on, for a host config's
 * container styles (test/fixtures/teams-host-configs.ts). Follows the renderer's rules: a container's `style`
 * applies to everything inside it until another styled container, an `Action.ShowCard` card is drawn in the
 * emphasis style, and colours may carry an alpha ("#aarrggbb") that blends with the background.
 */
import type {
  ContainerStyleColors,
  ContainerStyleName,
  TextColorName,
} from "../fixtures/teams-host-configs.js";

/** One piece of text with where it is drawn and its contrast ratio. */
export interface TextContrast {
  text: string;
  style: ContainerStyleName;
  color: TextColorName;
  subtle: boolean;
  /** WCAG large-scale text: extraLarge (24px in Teams), or large (18px) and bold; needs 3:1 instead of 4.5:1. */
  large: boolean;
  ratio: number;
}

type Rgb = readonly [number, number, number];
type Node = Record<string, unknown>;

const STYLES = new Set<string>(["default", "emphasis", "accent", "good", "attention", "warning"]);
const COLORS = new Set<string>(["default", "dark", "light", "accent", "good", "warning", "attention"]);
/** Elements whose `style` is a container style (an Input.ChoiceSet's or an action's `style` is not). */
const STYLED = new Set(["Container", "Column", "ColumnSet", "Table", "TableCell"]);

function parseColor(hex: string): { rgb: Rgb; alpha: number } {
  const digits = hex.replace(/^#/, "");
  const argb = digits.length === 8 ? digits : `ff${digits}`;
  const byte = (i: number) => parseInt(argb.slice(i, i + 2), 16);
  return { alpha: byte(0) / 255, rgb: [byte(2), byte(4), byte(6)] };
}

function over(fg: string, bg: Rgb): Rgb {
  const { rgb, alpha } = parseColor(fg);
  return [0, 1, 2].map((i) => rgb[i]! * alpha + bg[i]! * (1 - alpha)) as unknown as Rgb;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The WCAG contrast ratio (1 to 21) of a foreground colour, alpha blended, on an opaque background. */
export function contrastRatio(foreground: string, background: string): number {
  const bg = parseColor(background).rgb;
  const [a, b] = [luminance(over(foreground, bg)), luminance(bg)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** The minimum WCAG AA asks of this text. */
export function requiredRatio(t: Pick<TextContrast, "large">): number {
  return t.large ? 3 : 4.5;
}

const lower = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : undefined);

/** Every TextBlock, TextRun, FactSet line and input label of `card` with its contrast in `styles`. */
export function textContrasts(
  card: Node,
  styles: Record<ContainerStyleName, ContainerStyleColors>,
): TextContrast[] {
  const out: TextContrast[] = [];
  const measure = (text: string, el: Node, style: ContainerStyleName) => {
    const colorName = lower(el.color) ?? "default";
    const color = (COLORS.has(colorName) ? colorName : "default") as TextColorName;
    const subtle = el.isSubtle === true;
    const size = lower(el.size);
    const large = size === "extralarge" || (size === "large" && lower(el.weight) === "bolder");
    const fg = styles[style].foreground[color][subtle ? 1 : 0];
    out.push({ text, style, color, subtle, large, ratio: contrastRatio(fg, styles[style].background) });
  };
  const walk = (node: unknown, style: ContainerStyleName): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, style));
    if (!node || typeof node !== "object") return;
    const el = node as Node;
    let inner = style;
    if (typeof el.type === "string" && STYLED.has(el.type) && STYLES.has(lower(el.style) ?? ""))
      inner = lower(el.style) as ContainerStyleName;
    if (el.type === "TextBlock") measure(String(el.text), el, inner);
    if (el.type === "RichTextBlock" && Array.isArray(el.inlines)) {
      for (const inline of el.inlines as unknown[])
        if (typeof inline === "string") measure(inline, {}, inner);
        else if (inline && typeof inline === "object")
          measure(String((inline as Node).text), inline as Node, inner);
    }
    if (el.type === "FactSet" && Array.isArray(el.facts)) {
      for (const fact of el.facts as Node[]) {
        measure(String(fact.title), { weight: "Bolder" }, inner);
        measure(String(fact.value), {}, inner);
      }
    }
    if (typeof el.type === "string" && el.type.startsWith("Input.") && typeof el.label === "string")
      measure(el.label, {}, inner);
    for (const [key, value] of Object.entries(el)) {
      if (key === "inlines" || key === "facts") continue;
      // Teams draws a ShowCard's card in the emphasis style (host config actions.showCard.style).
      if (el.type === "Action.ShowCard" && key === "card") walk(value, "emphasis");
      else if (typeof value === "object") walk(value, inner);
    }
  };
  walk(card, "default");
  return out;
}
