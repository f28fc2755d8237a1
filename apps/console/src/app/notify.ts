import { notifications } from '@mantine/notifications';
import { i18n } from './i18n';
import { COLOURS } from './colours';

/** Under Mantine's `sm` (768 px), messages show one at a time at the bottom (see App). */
export const NARROW_MESSAGES = '(max-width: 47.99em)';

/** On a narrow screen the newest message replaces the one showing, rather than waiting behind it. */
function show(message: string, color: string, autoClose: number): void {
  if (typeof window !== 'undefined' && window.matchMedia?.(NARROW_MESSAGES).matches) notifications.clean();
  notifications.show({ message, color, autoClose, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}

/** Says what happened after an action, in a live region a screen reader announces. */
export function notifyDone(message: string): void {
  show(message, COLOURS.ok, 10000);
}

export function notifyInfo(message: string): void {
  show(message, COLOURS.info, 10000);
}

export function notifyFailed(message: string): void {
  show(message, COLOURS.bad, 12000);
}
