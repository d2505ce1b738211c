import { DateTime } from 'luxon';
import { type Duration, durationDays, durationMs, isCalendarDuration } from '../core/duration.js';
import {
  dmKey,
  follows,
  isPlannable,
  type LaunchEvent,
  type Locale,
  NATIVE_EVENT_PLATFORMS,
  OPERATORS,
  type Subscription,
  type Target,
  visibleTo,
} from '../core/types.js';
import { zoneNamed } from '../core/zone.js';
import { ledgerKey, slotLabel } from '../ledger/key.js';
import type { PlannedPost } from '../ledger/row.js';

export interface PlanRules {
  /** Countdown milestones before the start; `0` is the "live now" post. */
  readonly milestones: readonly Duration[];
  /** DM reminder offsets for subscribers. */
  readonly reminderOffsets: readonly Duration[];
  /** HH:mm in the venue's zone at which a date-only event's day posts go out. */
  readonly dateOnlyPostTime: string;
}

/**
 * The instant a post `offset` before the event is due, or undefined when the offset
 * cannot apply (an hour-based offset on an event whose hour is not announced).
 *
 * Invariant: days and weeks are counted on the venue's calendar — "1d before 14:00 Paris"
 * is 14:00 Paris wall-clock the day before, even when the clocks changed in between;
 * hours, minutes and seconds are exact elapsed time. A calendar offset that lands in a
 * spring-forward gap moves forward by the gap (02:30 → 03:30), as the clocks do.
 */
export function dueBefore(
  event: Pick<LaunchEvent, 'start' | 'zone'>,
  offset: Duration,
  postTime: string,
): number | undefined {
  if (event.start.kind === 'instant') {
    if (offset.amount === 0) return event.start.at;
    if (isCalendarDuration(offset)) {
      return DateTime.fromMillis(event.start.at, { zone: zoneNamed(event.zone) })
        .minus({ days: durationDays(offset) })
        .toMillis();
    }
    return event.start.at - durationMs(offset);
  }
  if (offset.amount !== 0 && !isCalendarDuration(offset)) return undefined;
  const [hour, minute] = postTime.split(':').map(Number) as [number, number];
  const day = DateTime.fromISO(event.start.date, { zone: zoneNamed(event.zone) }).set({
    hour,
    minute,
    second: 0,
    millisecond: 0,
  });
  return day.minus({ days: durationDays(offset) }).toMillis();
}

/**
 * Every countdown, live and reminder post for one event. Pure: the same input gives the same
 * posts, in the same order. Posts already in the past are included; the caller decides.
 */
export function planEvent(
  event: LaunchEvent,
  targets: readonly Target[],
  subscriptions: readonly Subscription[],
  rules: PlanRules,
): PlannedPost[] {
  const posts: PlannedPost[] = planNative(event, targets);
  if (!isPlannable(event)) return posts;
  // Each offset's instant once per event, not once per chat (time-zone arithmetic is the cost).
  const dues = new Map<Duration, number | undefined>();
  const due = (offset: Duration) => {
    if (!dues.has(offset)) dues.set(offset, dueBefore(event, offset, rules.dateOnlyPostTime));
    return dues.get(offset);
  };
  for (const target of targets) {
    if (!target.enabled || !follows(target, event)) continue;
    for (const milestone of rules.milestones) {
      const live = milestone.amount === 0;
      if (!target.kinds.includes(live ? 'live' : 'countdown')) continue;
      const at = due(milestone);
      if (at === undefined) continue;
      const kind = live ? 'live' : 'countdown';
      const slot = slotLabel(milestone.label, event);
      posts.push({
        key: ledgerKey(event.id, kind, slot, target.key),
        eventId: event.id,
        kind,
        slot,
        targetKey: target.key,
        platform: target.platform,
        chatId: target.chatId,
        locale: target.locale,
        zone: target.zone,
        due: at,
        ...(live && target.mention !== undefined ? { mention: target.mention } : {}),
      });
    }
  }
  let pinned: { slot: string; due: number }[] | undefined;
  for (const target of targets) {
    if (!target.enabled || !target.kinds.includes('pinned') || !follows(target, event)) continue;
    pinned ??= pinnedSchedule(event, rules.dateOnlyPostTime);
    for (const { slot, due } of pinned) {
      const label = slotLabel(slot, event);
      posts.push({
        key: ledgerKey(event.id, 'pinned', label, target.key),
        eventId: event.id,
        kind: 'pinned',
        slot: label,
        targetKey: target.key,
        platform: target.platform,
        chatId: target.chatId,
        locale: target.locale,
        zone: target.zone,
        due,
      });
    }
  }
  for (const sub of subscribersOf(event, subscriptions)) {
    const key = dmKey(sub.platform, sub.userId);
    for (const offset of rules.reminderOffsets) {
      const at = due(offset);
      if (at === undefined) continue;
      const slot = slotLabel(offset.label, event);
      posts.push({
        key: ledgerKey(event.id, 'reminder', slot, key),
        eventId: event.id,
        kind: 'reminder',
        slot,
        targetKey: key,
        platform: sub.platform,
        chatId: sub.userId,
        locale: sub.locale as Locale,
        zone: sub.zone,
        due: at,
      });
    }
  }
  return posts;
}

/**
 * A native calendar event (Discord Guild Scheduled Event) per following Discord chat: a sync
 * now for each revision of the launch (create, update, or cancel), started at the start and
 * completed at the end (or two hours later). Not for a launch whose hour is not announced.
 */
function planNative(event: LaunchEvent, targets: readonly Target[]): PlannedPost[] {
  if (event.start.kind !== 'instant' || event.status === 'ended') return [];
  const start = event.start.at;
  const end = event.end ?? start + 2 * 3_600_000;
  const out: PlannedPost[] = [];
  for (const target of targets) {
    if (
      !target.enabled ||
      !target.kinds.includes('native') ||
      !NATIVE_EVENT_PLATFORMS.includes(target.platform)
    )
      continue;
    if (!follows(target, event)) continue;
    const steps: { slot: string; due: number; catchUp?: boolean }[] = [
      { slot: `sync@r${event.revision}`, due: start - 30 * 86_400_000, catchUp: true },
    ];
    if (isPlannable(event))
      steps.push(
        { slot: slotLabel('start', event), due: start },
        { slot: slotLabel('end', event), due: end },
      );
    for (const step of steps) {
      out.push({
        key: ledgerKey(event.id, 'native', step.slot, target.key),
        eventId: event.id,
        kind: 'native',
        slot: step.slot,
        targetKey: target.key,
        platform: target.platform,
        chatId: target.chatId,
        locale: target.locale,
        zone: target.zone,
        due: step.due,
        ...(step.catchUp ? { catchUp: true } : {}),
      });
    }
  }
  return out;
}

/**
 * When a pinned countdown is edited: every day from 30 days out (same wall-clock time as the
 * launch), every hour on the last day, every minute in the last hour, and at the start. A
 * date-only event is edited daily only. The first of these that is still ahead posts and
 * pins the message; the others edit it. Slots are minutes before the start (`m1440`).
 */
export function pinnedSchedule(
  event: Pick<LaunchEvent, 'start' | 'zone'>,
  postTime: string,
): { slot: string; due: number }[] {
  const out: { slot: string; due: number }[] = [];
  const add = (offset: Duration, minutes: number) => {
    const due = dueBefore(event, offset, postTime);
    if (due !== undefined) out.push({ slot: `m${minutes}`, due });
  };
  for (let days = 30; days >= 2; days--) add({ amount: days, unit: 'd', label: `${days}d` }, days * 1440);
  if (event.start.kind === 'date') {
    add({ amount: 1, unit: 'd', label: '1d' }, 1440);
    add({ amount: 0, unit: 's', label: '0' }, 0);
    return out;
  }
  for (let hours = 24; hours >= 2; hours--) add({ amount: hours, unit: 'h', label: `${hours}h` }, hours * 60);
  for (let minutes = 60; minutes >= 1; minutes--)
    add({ amount: minutes, unit: 'm', label: `${minutes}m` }, minutes);
  add({ amount: 0, unit: 's', label: '0' }, 0);
  return out;
}

/** One subscription per person: a direct one beats a tag one; the earliest wins among equals. */
export function subscribersOf(event: LaunchEvent, subscriptions: readonly Subscription[]): Subscription[] {
  const byUser = new Map<string, Subscription>();
  for (const sub of subscriptions) {
    // A tag never brings a launch the community it was made in does not see.
    if (!visibleTo(event, sub.community ?? OPERATORS)) continue;
    const direct = sub.topic === `event:${event.id}`;
    const viaTag = sub.topic.startsWith('tag:') && event.tags.includes(sub.topic.slice(4));
    if (!direct && !viaTag) continue;
    const id = dmKey(sub.platform, sub.userId);
    const existing = byUser.get(id);
    if (!existing || (direct && existing.topic !== `event:${event.id}`)) byUser.set(id, sub);
  }
  return [...byUser.values()];
}
