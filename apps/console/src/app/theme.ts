import { createTheme } from '@mantine/core';

/**
 * Colours chosen for contrast (WCAG AA on white): Mantine's default blue links and
 * dimmed text fall short for small text, so primary shade 8 and a darker dimmed grey; the red
 * of a field's error (and its border) is darkened likewise (#fa5252 is 3.3:1 on white).
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  other: {},
});

export const cssVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#495057', '--mantine-color-error': '#a51d1d' },
  dark: {},
});
