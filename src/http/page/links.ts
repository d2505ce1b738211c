import { DateTime } from 'luxon';
import { eventSpan } from '../../calendar/event-span.js';
import { type LaunchEvent, type Locale, localized } from '../../core/types.js';

/** Telegram's deep link that opens a private chat with the bot and subscribes to a launch's reminders. */
export function telegramLink(bot: string, eventId: string): string {
  return `https://t.me/${encodeURIComponent(bot)}?start=sub_${eventId}`;
}

/** A calendar feed's address for calendar applications (webcal: opens them on subscribe). */
export function webcalUrl(httpUrl: string): string {
  return httpUrl.replace(/^https?:/, 'webcal:');
}

function utcStamp(at: number): string {
  return DateTime.fromMillis(at, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");
}

/**
 * Google Calendar's "add an event" link: title, instants (UTC; a date-only launch as its day),
 * the venue's zone, where, and the launch's page in the description.
 */
export function googleCalendarLink(event: LaunchEvent, locale: Locale, pageUrl: string): string {
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: localized(event.title, locale) || event.id,
  });
  if (event.start.kind === 'date') {
    const day = DateTime.fromISO(event.start.date, { zone: 'utc' });
    params.set('dates', `${day.toFormat('yyyyLLdd')}/${day.plus({ days: 1 }).toFormat('yyyyLLdd')}`);
  } else {
    const start = eventSpan(event).start;
    const end = event.end !== undefined && event.end > start ? event.end : start;
    params.set('dates', `${utcStamp(start)}/${utcStamp(end)}`);
  }
  params.set('ctz', event.zone);
  const description = localized(event.description, locale);
  params.set('details', description ? `${description}\n\n${pageUrl}` : pageUrl);
  const where = [event.venue, event.city].filter((part): part is string => Boolean(part)).join(', ');
  if (where) params.set('location', where);
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}
