import { z } from 'zod';
import { type Duration, durationMs, parseDuration } from '../core/duration.js';
import { TimeInputError } from '../core/errors.js';
import {
  DEFAULT_TARGET_KINDS,
  EVENT_STATUSES,
  type LaunchEvent,
  LOCALES,
  type Locale,
  type Localized,
  PLATFORMS,
  TARGET_KINDS,
  type Target,
  targetKey,
} from '../core/types.js';
import { isValidZone, parseIsoDate, parseIsoInstant } from '../core/zone.js';
import type { PlanRules } from '../scheduler/plan.js';

/** Platform limits that event text must fit (Discord embed title: 256; Telegram caption: 1024). */
export const LIMITS = { title: 200, description: 900, tag: 32, id: 48, links: 5 } as const;

const ID = /^[a-z0-9][a-z0-9_-]*$/;

function fixed(message: string, fix: string) {
  return { message, params: { fix } };
}

export const localeSchema = z.enum(LOCALES, {
  error: () => `must be one of ${LOCALES.join(', ')}`,
});

export const zoneSchema = z.string().superRefine((value, ctx) => {
  if (!isValidZone(value)) {
    ctx.addIssue({
      code: 'custom',
      ...fixed(
        `"${value}" is not a known time zone`,
        'use an IANA zone name such as Europe/Paris, Europe/Rome or UTC',
      ),
    });
  }
});

export const durationSchema = z.union([z.string(), z.number()]).transform((value, ctx): Duration => {
  try {
    return parseDuration(String(value));
  } catch (error) {
    ctx.addIssue({ code: 'custom', ...fixed(`"${value}" is not a duration`, describeFix(error)) });
    return z.NEVER;
  }
});

function describeFix(error: unknown): string {
  return error instanceof TimeInputError && error.fix ? error.fix : 'see docs/config.md';
}

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, fixed('must be a time of day', 'write HH:mm, for example 10:00'));

/** A text per language: `{ en: …, fr: … }`, any of LOCALES. */
const perLanguage = (text: z.ZodString) =>
  z
    .object(Object.fromEntries(LOCALES.map((l) => [l, text])) as Record<Locale, z.ZodString>)
    .partial()
    .strict();

const localizedText = (max: number) =>
  z
    .union([z.string().min(1), perLanguage(z.string().min(1))])
    .transform((value): Localized => {
      if (typeof value === 'string') return { en: value };
      const out: Localized = {};
      for (const locale of LOCALES) {
        const text = value[locale];
        if (text !== undefined) out[locale] = text;
      }
      return out;
    })
    .superRefine((value, ctx) => {
      const entries = Object.entries(value);
      if (entries.length === 0)
        ctx.addIssue({ code: 'custom', ...fixed('is empty', `give the text in ${LOCALES.join(', ')}`) });
      for (const [locale, text] of entries) {
        if (text !== undefined && text.length > max) {
          ctx.addIssue({
            code: 'custom',
            path: [locale],
            input: text,
            ...fixed(
              `is ${text.length} characters long, over the limit of ${max}`,
              `shorten it to ${max} characters (it must fit a Discord embed title and a Telegram caption)`,
            ),
          });
        }
      }
    });

const idSchema = z
  .string()
  .max(LIMITS.id)
  .regex(
    ID,
    fixed('is not a valid id', 'use lower-case letters, digits, - and _, starting with a letter or digit'),
  );

const tagSchema = z
  .string()
  .max(LIMITS.tag)
  .regex(ID, fixed('is not a valid tag', 'use lower-case letters, digits, - and _'));

const urlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const eventInputSchema = z
  .object({
    id: idSchema,
    title: localizedText(LIMITS.title),
    description: localizedText(LIMITS.description).optional(),
    /** Local date and time in `zone` (2018-05-22T14:00), or a date alone. */
    start: z.union([z.string(), z.date()]).optional(),
    /** A date alone, when the hour is not announced yet. */
    date: z.union([z.string(), z.date()]).optional(),
    end: z.union([z.string(), z.date()]).optional(),
    zone: zoneSchema,
    /** The city as one name, or its name per language (`{ it: Milano, fr: Milan, de: Mailand }`). */
    city: z.union([z.string().min(1).max(80), perLanguage(z.string().min(1).max(80))]).optional(),
    venue: z.string().min(1).max(120).optional(),
    links: z
      .array(z.object({ label: z.string().min(1).max(80), url: urlSchema }).strict())
      .max(LIMITS.links)
      .default([]),
    image: urlSchema.optional(),
    tags: z.array(tagSchema).default([]),
    status: z.enum(EVENT_STATUSES).default('scheduled'),
  })
  .strict()
  .transform((input, ctx): Omit<LaunchEvent, 'source' | 'revision'> | typeof z.NEVER => {
    const startText = stringOf(input.start);
    const dateText = stringOf(input.date);
    if ((startText === undefined) === (dateText === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['start'],
        ...fixed(
          'needs exactly one of start (date and hour) or date (day only)',
          'write start: 2018-05-22T14:00 when the hour is known, or date: 2018-05-22 when it is not',
        ),
      });
      return z.NEVER;
    }
    let start: LaunchEvent['start'];
    let end: number | undefined;
    try {
      if (startText !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(startText.trim())) {
        start = { kind: 'instant', at: parseIsoInstant(startText, input.zone) };
      } else {
        start = { kind: 'date', date: parseIsoDate(startText ?? dateText ?? '') };
      }
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: [startText === undefined ? 'date' : 'start'],
        input: startText ?? dateText,
        ...fixed(error instanceof Error ? error.message : String(error), describeFix(error)),
      });
      return z.NEVER;
    }
    const endText = stringOf(input.end);
    if (endText !== undefined) {
      try {
        end = parseIsoInstant(endText, input.zone);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          path: ['end'],
          input: endText,
          ...fixed(error instanceof Error ? error.message : String(error), describeFix(error)),
        });
        return z.NEVER;
      }
      if (start.kind === 'instant' && end <= start.at) {
        ctx.addIssue({
          code: 'custom',
          path: ['end'],
          input: endText,
          ...fixed('is not after start', 'set end later than start, or leave it out'),
        });
        return z.NEVER;
      }
    }
    return {
      id: input.id,
      title: input.title,
      description: input.description ?? {},
      start,
      ...(end === undefined ? {} : { end }),
      zone: input.zone,
      ...cityOf(input.city),
      ...(input.venue === undefined ? {} : { venue: input.venue }),
      links: input.links,
      ...(input.image === undefined ? {} : { image: input.image }),
      tags: input.tags,
      status: input.status,
    };
  });

/**
 * A city given as one name is the operator's; given per language, its English name (else the
 * first given) is the one commands and imports compare, and each reader sees theirs.
 */
function cityOf(
  city: string | { readonly [L in Locale]?: string | undefined } | undefined,
): Pick<LaunchEvent, 'city' | 'cityNames'> {
  if (city === undefined) return {};
  if (typeof city === 'string') return { city };
  const names: Localized = {};
  for (const locale of LOCALES) {
    const name = city[locale];
    if (name !== undefined) names[locale] = name;
  }
  const main = names.en ?? Object.values(names)[0];
  return main === undefined ? {} : { city: main, cityNames: names };
}

/** YAML turns an unquoted 2018-05-22 into a Date; take it back to text. */
function stringOf(value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return value
    .toISOString()
    .replace(/T00:00:00\.000Z$/, '')
    .replace(/:00\.000Z$/, 'Z');
}

export const eventsFileSchema = z
  .object({ events: z.array(eventInputSchema).default([]) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.events.forEach((event, index) => {
      const first = seen.get(event.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['events', index, 'id'],
          input: event.id,
          ...fixed(`duplicates the id of events[${first}]`, 'give every event its own id'),
        });
      } else seen.set(event.id, index);
    });
  });

const targetSchema = z
  .object({
    platform: z.enum(PLATFORMS),
    chat: z.union([z.string().min(1), z.number()]).transform(String),
    locale: localeSchema.optional(),
    zone: zoneSchema.optional(),
    follows: z
      .object({
        tags: z.array(z.union([tagSchema, z.literal('*')])).default([]),
        events: z.array(idSchema).default([]),
      })
      .strict()
      .default({ tags: [], events: [] }),
    kinds: z.array(z.enum(TARGET_KINDS)).default([...DEFAULT_TARGET_KINDS]),
    mention: z.string().min(1).max(64).optional(),
  })
  .strict()
  .superRefine((target, ctx) => {
    const valid =
      target.platform === 'telegram'
        ? /^-?\d{1,20}$|^@[A-Za-z][A-Za-z0-9_]{4,31}$/.test(target.chat)
        : target.platform === 'discord'
          ? /^\d{17,20}$/.test(target.chat)
          : true;
    if (!valid) {
      ctx.addIssue({
        code: 'custom',
        path: ['chat'],
        input: target.chat,
        ...fixed(
          `is not a ${target.platform} chat id`,
          target.platform === 'telegram'
            ? 'use the numeric chat id (groups and channels are negative, e.g. "-1001234567890") or a channel @username'
            : 'use the channel id (17 to 20 digits; Developer Mode → right-click the channel → Copy Channel ID)',
        ),
      });
    }
  });

const limitSchema = z
  .object({
    perSecond: z.number().positive().default(30),
    perChatPerSecond: z.number().positive().default(1),
    perGroupPerMinute: z.number().positive().default(20),
  })
  .strict();

/** A command cooldown: at most `commands` in any sliding `window` (1s to 1h). */
const cooldownSchema = (commands: number, window: string) =>
  z
    .object({
      commands: z.number().int().min(1).max(1000).default(commands),
      window: durationSchema
        .superRefine((d, ctx) => {
          const ms = durationMs(d);
          if (ms < 1_000 || ms > 3_600_000)
            ctx.addIssue({
              code: 'custom',
              ...fixed(`"${d.label}" is out of range`, 'use a window between 1s and 1h, for example 1m'),
            });
        })
        .default(parseDuration(window)),
    })
    .strict()
    .default({ commands, window: parseDuration(window) });

/** A duration between two bounds, refused with a fix outside them. */
const boundedDuration = (min: string, max: string, what: string) =>
  durationSchema.superRefine((d, ctx) => {
    const ms = durationMs(d);
    if (ms < durationMs(parseDuration(min)) || ms > durationMs(parseDuration(max)))
      ctx.addIssue({
        code: 'custom',
        ...fixed(`"${d.label}" is out of range`, `use ${what} between ${min} and ${max}`),
      });
  });

/**
 * A calendar Herald subscribes to (`imports:`; docs/config.md, docs/calendar-files.md): an
 * `.ics` file or URL, read again every `every`, its events upserted by UID.
 */
export const importSchema = z
  .object({
    /** Recorded on each event it brings; default: the file as written, or the URL's host. */
    name: z
      .string()
      .min(1)
      .max(80)
      .regex(/^\S[^\n]*$/, fixed('is not a name', 'use a short name such as "google-launches"'))
      .optional(),
    url: urlSchema.optional(),
    /** Relative to the config folder. */
    file: z.string().min(1).optional(),
    every: boundedDuration('1m', '7d', 'an interval').default(parseDuration('1h')),
    /** How far ahead occurrences of recurring events are imported. */
    window: boundedDuration('1d', '1830d', 'a window').default(parseDuration('365d')),
    /** Zone of floating times and all-day events (default: the calendar's X-WR-TIMEZONE, else defaults.zone). */
    zone: zoneSchema.optional(),
    tags: z.array(tagSchema).default([]),
    /** The community the events belong to (`telegram:chat:<id>`, `discord:guild:<id>`); default: the operators. */
    owner: z
      .string()
      .regex(
        /^(telegram:chat:-?\d{1,20}|discord:guild:\d{17,20})$/,
        fixed('is not a community', 'write telegram:chat:<chat id> or discord:guild:<server id>'),
      )
      .optional(),
    /** A community's events shown to every community. */
    public: z.boolean().optional(),
    /** Lets a calendar that comes back with no events at all cancel every event it gave before. */
    allowEmpty: z.boolean().default(false),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if ((entry.url === undefined) === (entry.file === undefined))
      ctx.addIssue({
        code: 'custom',
        ...fixed(
          'needs exactly one of url or file',
          'write url: https://…/calendar.ics, or file: calendars/launches.ics (relative to the config folder)',
        ),
      });
  });

/** An import's name: its own, or the file as written, or the URL's host. */
export function importName(entry: Pick<ImportEntry, 'name' | 'url' | 'file'>): string {
  if (entry.name !== undefined) return entry.name;
  if (entry.file !== undefined) return entry.file;
  try {
    return new URL(entry.url ?? '').host;
  } catch {
    return entry.url ?? '';
  }
}

const importsSchema = z.array(importSchema).superRefine((entries, ctx) => {
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const name = importName(entry);
    const first = seen.get(name);
    if (first !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [index],
        input: name,
        ...fixed(
          `is named "${name}", as imports[${first}] is`,
          'give each import its own name: (imports of one host need one)',
        ),
      });
    else seen.set(name, index);
  });
});

export const heraldFileSchema = z
  .object({
    defaults: z
      .object({ locale: localeSchema.default('en'), zone: zoneSchema.default('UTC') })
      .strict()
      .default({ locale: 'en', zone: 'UTC' }),
    countdown: z
      .object({
        milestones: z
          .array(durationSchema)
          .min(1)
          .default(['30d', '14d', '7d', '3d', '1d', '12h', '1h', '15m', '0'].map(parseDuration)),
        /** When a date-only event's day milestones go out, in the venue's zone. */
        dateOnlyPostTime: hhmm.default('10:00'),
      })
      .strict()
      .default({
        milestones: ['30d', '14d', '7d', '3d', '1d', '12h', '1h', '15m', '0'].map(parseDuration),
        dateOnlyPostTime: '10:00',
      }),
    reminders: z
      .object({ offsets: z.array(durationSchema).default(['1d', '1h'].map(parseDuration)) })
      .strict()
      .default({ offsets: ['1d', '1h'].map(parseDuration) }),
    catchUp: z
      .object({
        grace: durationSchema.default(parseDuration('15m')),
        stale: z.enum(['digest', 'skip']).default('digest'),
      })
      .strict()
      .default({ grace: parseDuration('15m'), stale: 'digest' }),
    summaries: z
      .object({
        cron: z.string().default('0 9 * * 1'),
        window: durationSchema.default(parseDuration('14d')),
        skipWhenEmpty: z.boolean().default(true),
      })
      .strict()
      .default({ cron: '0 9 * * 1', window: parseDuration('14d'), skipWhenEmpty: true }),
    delivery: z
      .object({
        maxAttempts: z.number().int().min(1).max(50).default(8),
        telegram: limitSchema.default({ perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 }),
        discord: limitSchema.default({ perSecond: 50, perChatPerSecond: 5, perGroupPerMinute: 300 }),
      })
      .strict()
      .default({
        maxAttempts: 8,
        telegram: { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 },
        discord: { perSecond: 50, perChatPerSecond: 5, perGroupPerMinute: 300 },
      }),
    /** Flood gate for commands; the configured owners are exempt. */
    commands: z
      .object({ perUser: cooldownSchema(8, '1m'), perChat: cooldownSchema(15, '1m') })
      .strict()
      .default({
        perUser: { commands: 8, window: parseDuration('1m') },
        perChat: { commands: 15, window: parseDuration('1m') },
      }),
    /** People who may run admin commands everywhere: `telegram:<user id>`, `discord:<user id>`, `console:operator`. */
    owners: z.array(z.string().regex(/^(console|telegram|discord):.+$/)).default(['console:operator']),
    /** Discord roles (names or ids) whose members count as a server's admins, beside Manage Server. */
    discordAdminRoles: z.array(z.string().min(1).max(100)).default([]),
    /** The public launch page's links (src/http/page): who to follow on Telegram and Discord. */
    page: z
      .object({
        /** The bot's Telegram username (no @): each launch links to its reminders (t.me/<bot>?start=sub_<id>). */
        telegramBot: z
          .string()
          .superRefine((value, ctx) => {
            if (!/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(value))
              ctx.addIssue({
                code: 'custom',
                ...fixed(
                  'must be a Telegram bot username',
                  'write the bot’s username without the @, such as herald_bot',
                ),
              });
          })
          .optional(),
        /** An invite to the Discord server where the launches are posted. */
        discordInvite: urlSchema.optional(),
      })
      .strict()
      .default({}),
    /**
     * Where the slash commands are registered: in each server (`guild`, instant) or once for all
     * (`global`). Never both: Discord would show every command twice.
     */
    discord: z
      .object({ commands: z.enum(['guild', 'global']).default('guild') })
      .strict()
      .default({ commands: 'guild' }),
    targets: z.array(targetSchema).default([]),
    /** Calendars (.ics files or URLs) Herald subscribes to. */
    imports: importsSchema.default([]),
  })
  .strict();

export type HeraldFile = z.infer<typeof heraldFileSchema>;
export type EventInput = z.output<typeof eventInputSchema>;
export type LimitSettings = z.infer<typeof limitSchema>;
export type ImportEntry = z.output<typeof importSchema>;

/** The planner's rules from the settings. */
export function planRules(file: HeraldFile): PlanRules {
  return {
    milestones: file.countdown.milestones,
    reminderOffsets: file.reminders.offsets,
    dateOnlyPostTime: file.countdown.dateOnlyPostTime,
  };
}

/** Turns the configured targets into domain targets with defaults applied. */
export function targetsFrom(file: HeraldFile): Target[] {
  return file.targets.map((t) => ({
    key: targetKey(t.platform, t.chat),
    platform: t.platform,
    chatId: t.chat,
    locale: (t.locale ?? file.defaults.locale) as Locale,
    zone: t.zone ?? file.defaults.zone,
    follows: t.follows,
    kinds: t.kinds,
    ...(t.mention === undefined ? {} : { mention: t.mention }),
    enabled: true,
    source: 'config',
  }));
}
