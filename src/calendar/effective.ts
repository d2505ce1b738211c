import type { Locale, Target } from '../core/types.js';
import type { ChatSettings, TargetStore } from './stores.js';

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

/** Every stored target as it posts. */
export async function effectiveTargets(targets: TargetStore): Promise<Target[]> {
  const out: Target[] = [];
  for (const target of await targets.list())
    out.push(effectiveTarget(target, await targets.settings(target.key)));
  return out;
}
