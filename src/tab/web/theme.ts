/**
 * @module tab/web/theme
 * The Teams design tokens of the three themes (Fluent's Teams light, dark and high-contrast themes), set as CSS
 * custom properties for the Fluent components and `tab.css`, and the colours the charts draw with (a canvas
 * cannot read CSS variables by itself).
 */
import { setTheme } from "@fluentui/web-components";
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from "@fluentui/tokens";
import type { ThemeName } from "./host.js";

const TOKENS = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme } as const;

/** Colours for a chart in one theme: text, grid lines and the bar colours in order. */
export interface ChartColours {
  text: string;
  grid: string;
  bars: readonly string[];
}

// Bar colours with at least 3:1 contrast against the theme's card background (WCAG 1.4.11, graphics).
const BARS: Record<ThemeName, readonly string[]> = {
  default: ["#5b5fc7", "#c4314b", "#8f5200", "#0e700e", "#616161"],
  dark: ["#9299f7", "#f1707b", "#f2c661", "#6ccb5f", "#c8c8c8"],
  contrast: ["#ffff00", "#1aebff", "#ffffff", "#3ff23f", "#c0c0c0"],
};

/** Applies `theme` to the whole page: tokens for the components and `data-theme` for the page's own rules. */
export function applyTheme(theme: ThemeName): void {
  setTheme(TOKENS[theme]);
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme === "default" ? "light" : "dark";
}

/** The chart colours of `theme`. */
export function chartColours(theme: ThemeName): ChartColours {
  const tokens = TOKENS[theme];
  return {
    text: tokens.colorNeutralForeground1,
    grid: tokens.colorNeutralStroke2,
    bars: BARS[theme],
  };
}
