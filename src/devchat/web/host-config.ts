/**
 * @module devchat/web/host-config
 * The Adaptive Cards host config of the page: close to Teams' light theme (Segoe UI, 14 px text, indigo accent,
 * pale coloured bands, up to six buttons in a row), so a card looks here about as it will in Teams. Text colours
 * are dark enough for WCAG AA on every container background.
 */

const text = {
  default: { default: "#242424", subtle: "#616161" },
  dark: { default: "#242424", subtle: "#616161" },
  light: { default: "#FFFFFF", subtle: "#F5F5F5" },
  accent: { default: "#4F52B2", subtle: "#5B5FC7" },
  good: { default: "#0E700E", subtle: "#107C10" },
  warning: { default: "#7A4F01", subtle: "#835B00" },
  attention: { default: "#B10E1C", subtle: "#C50F1F" },
};

const style = (backgroundColor: string, borderColor?: string) => ({
  backgroundColor,
  ...(borderColor ? { borderColor } : {}),
  foregroundColors: text,
});

/** The host config JSON (`new HostConfig(HOST_CONFIG)`). */
export const HOST_CONFIG = {
  supportsInteractivity: true,
  choiceSetInputValueSeparator: ",",
  fontFamily: '"Segoe UI", "Segoe UI Web (West European)", system-ui, -apple-system, Roboto, sans-serif',
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E0E0E0" },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: style("#FFFFFF"),
    emphasis: style("#F5F5F5"),
    accent: style("#EBEBF9", "#C5CBFA"),
    good: style("#F1FAF1", "#9FD89F"),
    warning: style("#FFF9E6", "#F9E2A8"),
    attention: style("#FDF3F4", "#EEACB2"),
  },
  actions: {
    maxActions: 6,
    spacing: "default",
    buttonSpacing: 8,
    showCard: { actionMode: "inline", inlineTopMargin: 12, style: "emphasis" },
    actionsOrientation: "horizontal",
    actionAlignment: "left",
    iconPlacement: "leftOfTitle",
  },
  adaptiveCard: { allowCustomStyle: true },
  inputs: {
    label: {
      inputSpacing: "small",
      requiredInputs: { weight: "bolder", suffix: " *", suffixColor: "attention" },
      optionalInputs: { weight: "bolder" },
    },
    errorMessage: { size: "small", color: "attention" },
  },
  factSet: {
    title: { weight: "bolder", wrap: true, maxWidth: 160 },
    value: { wrap: true },
    spacing: 12,
  },
  textBlock: { headingLevel: 2 },
};
