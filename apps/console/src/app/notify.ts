import { notifications } from '@mantine/notifications';
import { i18n } from './i18n';
import { COLOURS } from './colours';

/** Says what happened after an action, in a live region a screen reader announces. */
export function notifyDone(message: string): void {
  notifications.show({ message, color: COLOURS.ok, autoClose: 10000, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}

export function notifyInfo(message: string): void {
  notifications.show({ message, color: COLOURS.info, autoClose: 10000, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}

export function notifyFailed(message: string): void {
  notifications.show({ message, color: COLOURS.bad, autoClose: 12000, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}
