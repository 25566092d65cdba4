// An Adaptive Cards host config close to Teams' light theme (Segoe UI, Teams purple accent, at most six
// actions in a row, left-aligned buttons). Validation uses it so "too many actions" is judged by Teams'
// limit; the render script uses it so the previews look like Teams.

const TEXT = { default: '#242424', subtle: '#616161' };

const foregroundColors = {
  default: TEXT,
  dark: { default: '#242424', subtle: '#616161' },
  light: { default: '#ffffff', subtle: '#f3f2f1' },
  accent: { default: '#5b5fc7', subtle: '#8b8cc7' },
  good: { default: '#0e700e', subtle: '#107c10' },
  warning: { default: '#835b00', subtle: '#8a6d00' },
  attention: { default: '#c4314b', subtle: '#d13438' },
};

const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors });

const fontSizes = { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 };
const fontWeights = { lighter: 200, default: 400, bolder: 600 };

export const TEAMS_LIGHT_HOST_CONFIG = {
  supportsInteractivity: true,
  fontTypes: {
    default: {
      fontFamily: "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif",
      fontSizes,
      fontWeights,
    },
    monospace: { fontFamily: "Consolas, 'Courier New', 'Liberation Mono', monospace", fontSizes, fontWeights },
  },
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#e0e0e0' },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: style('#ffffff'),
    emphasis: style('#f5f5f5'),
    accent: style('#e8ebfa'),
    good: style('#f1faf1'),
    attention: style('#fdf3f4'),
    warning: style('#fff9f5'),
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
    preExpandSingleShowCardAction: false,
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  textStyles: {
    heading: { size: 'large', weight: 'bolder', color: 'default', isSubtle: false, fontType: 'default' },
  },
  factSet: {
    title: { size: 'default', color: 'default', isSubtle: false, weight: 'bolder', wrap: true, maxWidth: 180 },
    value: { size: 'default', color: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 12,
  },
} as const;
