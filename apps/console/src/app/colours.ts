/** Badge colours dark enough for white 11 px bold text (WCAG AA, 4.5:1). */
export const COLOURS = {
  ok: '#1b5e20',
  warn: '#8a4b00',
  neutral: '#495057',
  bad: '#a51d1d',
  info: '#1c4f8a',
} as const;
