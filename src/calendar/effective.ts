import type { Locale } from '../core/types.js';
import type { ChatSettings } from './stores.js';

/**
 * A target (or a row planned for it) as it posts: the chat's own settings (the `settings`
 * command) win over the config's. The one place this merge is written.
 */
export function effectiveTarget<T extends { readonly locale: Locale; readonly zone: string }>(
  target: T,
  settings: ChatSettings,
): T {
  return { ...target, locale: settings.locale ?? target.locale, zone: settings.zone ?? target.zone };
}
