import { maxLengthOf } from '../../commands/parse-args.js';
import type { CommandSpec, OptionSpec } from '../../commands/spec.js';

/** Manage Server, the permission admin commands ask for. */
export const MANAGE_GUILD = 1n << 5n;

/** Command names as French and Italian users see them in the slash menu. */
const NAMES: Readonly<Record<string, { fr: string; it: string }>> = {
  next: { fr: 'prochain', it: 'prossimo' },
  events: { fr: 'evenements', it: 'eventi' },
  event: { fr: 'evenement', it: 'evento' },
  countdown: { fr: 'compte_a_rebours', it: 'conto_alla_rovescia' },
  subscribe: { fr: 'sabonner', it: 'iscriviti' },
  unsubscribe: { fr: 'se_desabonner', it: 'disiscriviti' },
  settings: { fr: 'reglages', it: 'impostazioni' },
  help: { fr: 'aide', it: 'aiuto' },
  event_add: { fr: 'evenement_ajouter', it: 'evento_aggiungi' },
  event_edit: { fr: 'evenement_modifier', it: 'evento_modifica' },
  event_cancel: { fr: 'evenement_annuler', it: 'evento_annulla' },
  follow: { fr: 'suivre', it: 'segui' },
  unfollow: { fr: 'ne_plus_suivre', it: 'smetti_di_seguire' },
  summary: { fr: 'resume', it: 'riepilogo' },
  audit: { fr: 'journal', it: 'registro' },
};

const OPTION_TYPE = { string: 3, integer: 4, boolean: 5 } as const;

function option(o: OptionSpec): Record<string, unknown> {
  return {
    type: OPTION_TYPE[o.type],
    name: o.name,
    description: o.description.en,
    description_localizations: { fr: o.description.fr, it: o.description.it },
    required: o.required,
    // Discord refuses a longer value in its own client, before it reaches Herald.
    ...(o.type === 'string' && !o.choices ? { max_length: Math.min(6000, maxLengthOf(o)) } : {}),
    ...(o.choices
      ? { choices: o.choices.map((c) => ({ name: c, value: c })) }
      : o.source
        ? { autocomplete: true }
        : {}),
  };
}

/**
 * Application commands from the core's definitions: localized names and descriptions,
 * typed options with autocomplete, and Manage Server as the default permission of admin
 * commands (the bot checks the member's permissions again when the interaction arrives).
 */
export function applicationCommands(specs: readonly CommandSpec[]): Record<string, unknown>[] {
  return specs.map((spec) => ({
    type: 1,
    name: spec.name,
    ...(NAMES[spec.name] ? { name_localizations: NAMES[spec.name] } : {}),
    description: spec.description.en,
    description_localizations: { fr: spec.description.fr, it: spec.description.it },
    options: spec.options.map(option),
    ...(spec.admin ? { default_member_permissions: String(MANAGE_GUILD) } : {}),
    // Admin commands in DMs too: operators act from a private chat with the bot (the router
    // refuses everyone else there).
    contexts: [0, 1],
  }));
}
