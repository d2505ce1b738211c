import { maxLengthOf } from '../../commands/parse-args.js';
import type { CommandSpec, OptionSpec } from '../../commands/spec.js';
import { type Locale, localeFromCode } from '../../core/types.js';

/** Manage Server, the permission admin commands ask for. */
export const MANAGE_GUILD = 1n << 5n;

/** Command names as users of each language see them in the slash menu (English where none is given). */
const NAMES: Readonly<Record<string, Partial<Record<Locale, string>>>> = {
  next: { fr: 'prochain', it: 'prossimo', es: 'proximo', de: 'naechster' },
  events: { fr: 'evenements', it: 'eventi', es: 'eventos', de: 'launches' },
  event: { fr: 'evenement', it: 'evento', es: 'evento', de: 'launch' },
  countdown: { fr: 'compte_a_rebours', it: 'conto_alla_rovescia', es: 'cuenta_atras', de: 'countdown' },
  subscribe: { fr: 'sabonner', it: 'iscriviti', es: 'suscribirse', de: 'abonnieren' },
  unsubscribe: { fr: 'se_desabonner', it: 'disiscriviti', es: 'darse_de_baja', de: 'abbestellen' },
  settings: { fr: 'reglages', it: 'impostazioni', es: 'ajustes', de: 'einstellungen' },
  help: { fr: 'aide', it: 'aiuto', es: 'ayuda', de: 'hilfe' },
  event_add: {
    fr: 'evenement_ajouter',
    it: 'evento_aggiungi',
    es: 'evento_anadir',
    de: 'launch_hinzufuegen',
  },
  event_edit: {
    fr: 'evenement_modifier',
    it: 'evento_modifica',
    es: 'evento_editar',
    de: 'launch_bearbeiten',
  },
  event_cancel: {
    fr: 'evenement_annuler',
    it: 'evento_annulla',
    es: 'evento_cancelar',
    de: 'launch_absagen',
  },
  follow: { fr: 'suivre', it: 'segui', es: 'seguir', de: 'folgen' },
  unfollow: { fr: 'ne_plus_suivre', it: 'smetti_di_seguire', es: 'dejar_de_seguir', de: 'entfolgen' },
  summary: { fr: 'resume', it: 'riepilogo', es: 'resumen', de: 'uebersicht' },
  audit: { fr: 'journal', it: 'registro', es: 'registro', de: 'protokoll' },
};

/** Discord's locales (its API reference): each gets the texts of the Herald language it is a form of. */
const DISCORD_LOCALES = [
  'id',
  'da',
  'de',
  'en-GB',
  'en-US',
  'es-ES',
  'es-419',
  'fr',
  'hr',
  'it',
  'lt',
  'hu',
  'nl',
  'no',
  'pl',
  'pt-BR',
  'ro',
  'fi',
  'sv-SE',
  'vi',
  'tr',
  'cs',
  'el',
  'bg',
  'ru',
  'uk',
  'hi',
  'th',
  'zh-CN',
  'ja',
  'zh-TW',
  'ko',
] as const;

/**
 * Localizations in Discord's shape: `{ fr: …, 'es-ES': …, 'es-419': …, de: … }` for every Discord
 * locale whose language Herald speaks (English is the default text itself).
 */
export function discordLocalizations(
  texts: Readonly<Partial<Record<Locale, string>>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const discord of DISCORD_LOCALES) {
    const locale = localeFromCode(discord);
    const text = locale === undefined || locale === 'en' ? undefined : texts[locale];
    if (text !== undefined) out[discord] = text;
  }
  return out;
}

const OPTION_TYPE = { string: 3, integer: 4, boolean: 5 } as const;

function option(o: OptionSpec): Record<string, unknown> {
  return {
    type: OPTION_TYPE[o.type],
    name: o.name,
    description: o.description.en,
    description_localizations: discordLocalizations(o.description),
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
    ...(NAMES[spec.name] ? { name_localizations: discordLocalizations(NAMES[spec.name] ?? {}) } : {}),
    description: spec.description.en,
    description_localizations: discordLocalizations(spec.description),
    options: spec.options.map(option),
    ...(spec.admin ? { default_member_permissions: String(MANAGE_GUILD) } : {}),
    // Admin commands in DMs too: operators act from a private chat with the bot (the router
    // refuses everyone else there).
    contexts: [0, 1],
  }));
}
