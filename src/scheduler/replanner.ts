import { CalendarService, type CalendarStores } from '../calendar/calendar-service.js';
import type { CalendarChange } from '../calendar/changes.js';
import { effectiveTarget, effectiveTargets } from '../calendar/effective.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import {
  dmKey,
  type FieldChange,
  type Follows,
  follows,
  type LaunchEvent,
  parseTargetKey,
  type Subscription,
  type Target,
  type TargetKind,
} from '../core/types.js';
import { diffPlan, isEmpty, type LedgerChange, NO_CHANGE } from '../ledger/diff.js';
import { ledgerKey } from '../ledger/key.js';
import type { CancelReason } from '../ledger/reasons.js';
import { type LedgerRow, type PlannedPost, plannedPart } from '../ledger/row.js';
import type { LedgerPlans } from '../ledger/store.js';
import { mergeChanges, PLAN_BATCH, planStamp } from './batch.js';
import { type NoticeRecipient, planNotices } from './notices.js';
import { type PlanRules, planEvent, subscribersOf } from './plan.js';

export interface ReplannerOptions {
  readonly stores: CalendarStores & { readonly ledger: LedgerPlans };
  readonly rules: PlanRules;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Called after the ledger changed, so the scheduler looks again. */
  readonly onPlanned: () => void;
}

/**
 * Turns calendar changes into ledger diffs: the scheduler's side of the calendar. A change to
 * one event re-plans that event; a change to one chat (or one person's subscriptions)
 * re-plans that chat only. Re-plans run one at a time, so two never read each other's
 * half-written state. A row is cancelled only when its event or its target no longer wants
 * that post, with the reason (ledger/reasons.ts). A start re-plans only the events its sync
 * added or changed, unless the ledger's plan stamp (batch.ts) says it was planned otherwise.
 */
export class Replanner {
  private queue: Promise<unknown> = Promise.resolve();
  /** Whether the ledger was planned from the same rules when the start-up sync began. */
  private planCurrent = false;
  /** System time at which the last start finished planning (events written later may be unplanned). */
  private plannedThrough: number | undefined;
  private readonly stamp: string;

  constructor(private readonly opts: ReplannerOptions) {
    this.stamp = planStamp(opts.rules);
  }

  /** Plans what the change asks; returns how many posts it planned (inserted or moved). */
  handle(change: CalendarChange): Promise<number> {
    const run = this.queue.then(() => this.apply(change));
    // A re-plan that failed may have left the ledger behind the calendar: the next start re-plans all.
    this.queue = run.catch(() => this.opts.stores.ledger.setPlanStamp(undefined)).catch(() => undefined);
    return run;
  }

  private async apply(change: CalendarChange): Promise<number> {
    switch (change.type) {
      case 'event-saved':
        return this.replanEvent(change.after, change.changes);
      case 'event-removed':
        return this.removeEvent(change.event, change.changes);
      case 'target-changed':
        return this.replanTarget(change.key);
      case 'target-moved':
        return this.moveTarget(change.from, change.to);
      case 'subscriptions-changed':
        return this.replanTarget(dmKey(change.platform, change.userId));
      case 'sync-started':
        return this.syncStarted();
      case 'config-synced':
        return this.configSynced(change.added, change.targetsChanged);
    }
  }

  /**
   * The start-up sync begins: whether the ledger was planned from these rules (its stamp) is
   * noted, and the stamp cleared until the sync is planned, so that a start killed half-way
   * re-plans everything on the next one.
   */
  private async syncStarted(): Promise<number> {
    const { ledger } = this.opts.stores;
    const raw = await ledger.planStamp();
    const stored = readStamp(raw);
    this.planCurrent = stored?.plan === this.stamp;
    this.plannedThrough = stored?.through;
    if (raw !== undefined) await ledger.setPlanStamp(undefined);
    return 0;
  }

  /**
   * The start-up sync is written: the events it added are planned; every event is, when the
   * config targets changed or the ledger was not planned from these rules (a new store, new
   * milestones, a new planner or time-zone data, a start or a re-plan left unfinished).
   */
  private async configSynced(added: readonly LaunchEvent[], targetsChanged: boolean): Promise<number> {
    const { stores } = this.opts;
    const everything = targetsChanged || !this.planCurrent || this.plannedThrough === undefined;
    // Besides what the config changed: every event written since the last start finished
    // planning (commands, imports). A process killed between writing an event and planning it
    // left that event unplanned; this start plans it.
    const events = everything
      ? await stores.events.list()
      : unionById(added, await stores.events.writtenSince(this.plannedThrough ?? 0));
    const planned = await this.replanEvents(events);
    await stores.ledger.setPlanStamp(JSON.stringify({ plan: this.stamp, through: Date.now() }));
    return planned;
  }

  private async write(change: LedgerChange): Promise<number> {
    if (isEmpty(change)) return 0;
    const inserted = await this.opts.stores.ledger.apply(change, this.opts.clock.now());
    if (change.cancel.length > 0) {
      const reasons = new Map<string, number>();
      for (const c of change.cancel) reasons.set(c.reason, (reasons.get(c.reason) ?? 0) + 1);
      this.opts.logger.info(
        { cancelled: Object.fromEntries(reasons) },
        'pending posts cancelled by a re-plan',
      );
    }
    this.opts.onPlanned();
    return inserted + change.move.length + change.revive.length;
  }

  private effectiveTargets(): Promise<Target[]> {
    return effectiveTargets(this.opts.stores.targets);
  }

  /** One event, for every chat and subscriber; chats that heard of it get one notice of what changed. */
  private async replanEvent(event: LaunchEvent, changes: readonly FieldChange[]): Promise<number> {
    const { stores, rules, clock } = this.opts;
    const now = clock.now();
    const targets = await this.effectiveTargets();
    const subs = await stores.subscriptions.list();
    const history = await stores.ledger.forEvent(event.id);
    const recipients = await this.noticeRecipients(event, history, targets, subs);
    const notices = planNotices(event, changes, history, now, (row) => recipients.get(row.targetKey));
    const diff = this.diff(history, planEvent(event, targets, subs, rules), [event], byKey(targets), subs);
    return this.write({ ...diff, insert: [...diff.insert, ...notices] });
  }

  /**
   * Where each chat that heard of the event gets a notice now: at the id it moved to, in its
   * current language; not at all when it unfollowed, was disabled, or turned notices off,
   * nor to a person no longer subscribed.
   */
  private async noticeRecipients(
    event: LaunchEvent,
    history: readonly LedgerRow[],
    targets: readonly Target[],
    subs: readonly Subscription[],
  ): Promise<Map<string, NoticeRecipient>> {
    const byKey = new Map(targets.map((t) => [t.key, t]));
    const subscribed = new Set(subscribersOf(event, subs).map((s) => dmKey(s.platform, s.userId)));
    const out = new Map<string, NoticeRecipient>();
    for (const row of history) {
      if ((row.status !== 'sent' && row.status !== 'sending') || out.has(row.targetKey)) continue;
      if (parseTargetKey(row.targetKey).dm) {
        if (subscribed.has(row.targetKey)) out.set(row.targetKey, row);
        continue;
      }
      const key = (await this.opts.stores.targets.movedTo(row.targetKey)) ?? row.targetKey;
      const target = byKey.get(key);
      if (target?.enabled && target.kinds.includes('notice') && follows(target, event))
        out.set(row.targetKey, {
          targetKey: key,
          platform: target.platform,
          chatId: target.chatId,
          locale: target.locale,
          zone: target.zone,
        });
    }
    return out;
  }

  /**
   * These events, for every chat and subscriber, without notices (a start, a new planner):
   * targets and subscriptions read once, the ledger written in one transaction per batch.
   */
  private async replanEvents(events: readonly LaunchEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const { stores, rules } = this.opts;
    const targets = await this.effectiveTargets();
    const targetsByKey = byKey(targets);
    const subs = await stores.subscriptions.list();
    let planned = 0;
    for (let from = 0; from < events.length; from += PLAN_BATCH) {
      const changes: LedgerChange[] = [];
      for (const event of events.slice(from, from + PLAN_BATCH)) {
        const history = await stores.ledger.forEvent(event.id);
        const wanted = planEvent(event, targets, subs, rules);
        changes.push(this.diff(history, wanted, [event], targetsByKey, subs));
      }
      planned += await this.write(mergeChanges(changes));
    }
    return planned;
  }

  /** One chat (or one person's DMs) across the calendar. */
  private async replanTarget(key: string): Promise<number> {
    const { stores, rules } = this.opts;
    const address = parseTargetKey(key);
    const stored = address.dm ? undefined : await stores.targets.get(key);
    const targets = stored ? [effectiveTarget(stored, await stores.targets.settings(key))] : [];
    const subs = address.dm
      ? await stores.subscriptions.list({ platform: address.platform, userId: address.chatId })
      : [];
    // Only the launches this chat or person follows can be wanted; those of its rows are read
    // too, to say why a row is no longer wanted. The rest of the calendar is not decoded.
    const followed = await stores.events.matching(followsOf(targets, subs));
    const existing = await stores.ledger.forTarget(key);
    const have = new Set(followed.map((e) => e.id));
    const others = [...new Set(existing.map((r) => r.eventId))].filter((id) => !have.has(id));
    const events =
      others.length === 0
        ? followed
        : [...followed, ...(await stores.events.matching({ tags: [], events: others }))];
    const wanted = followed.flatMap((event) => planEvent(event, targets, subs, rules));
    return this.write(this.diff(existing, wanted, events, byKey(targets), subs));
  }

  /**
   * An event left the calendar: its pending posts end as `event removed`. When it was still
   * ahead (`changes` say it is cancelled), it is told as a cancellation is: one notice to each
   * chat that heard of it, and its native calendar events cancelled. Returns the posts
   * planned for that (none: nobody is to be told).
   */
  private async removeEvent(event: LaunchEvent, changes: readonly FieldChange[]): Promise<number> {
    const { stores, rules, clock } = this.opts;
    const history = await stores.ledger.forEvent(event.id);
    let wanted: PlannedPost[] = [];
    let told: LedgerChange = NO_CHANGE;
    let notices: PlannedPost[] = [];
    if (changes.length > 0) {
      const targets = await this.effectiveTargets();
      const subs = await stores.subscriptions.list();
      const recipients = await this.noticeRecipients(event, history, targets, subs);
      notices = planNotices(event, changes, history, clock.now(), (row) => recipients.get(row.targetKey));
      // A cancelled event plans only its native calendar events' cancellation.
      wanted = planEvent(event, targets, subs, rules);
      told = this.diff(history, wanted, [event], byKey(targets), subs);
    }
    const keep = new Set(wanted.map((p) => p.key));
    return this.write({
      insert: [...told.insert, ...notices],
      move: told.move,
      revive: told.revive,
      cancel: history
        .filter((r) => r.status === 'planned' && !keep.has(r.key))
        .map((r) => ({ key: r.key, reason: 'event removed' as const })),
    });
  }

  /**
   * A chat moved: every pending post follows it to the new key (same slot, so retries and
   * notices are not lost), the old rows end as `target moved`, then the chat is re-planned.
   */
  private async moveTarget(from: string, to: string): Promise<number> {
    const { chatId } = parseTargetKey(to);
    const pending = (await this.opts.stores.ledger.forTarget(from)).filter((r) => r.status === 'planned');
    const copies: PlannedPost[] = pending.map((row) => ({
      ...plannedPart(row),
      key: ledgerKey(row.eventId, row.kind, row.slot, to),
      targetKey: to,
      chatId,
    }));
    const moved = await this.write({
      insert: copies,
      move: [],
      revive: [],
      cancel: pending.map((r) => ({ key: r.key, reason: 'target moved' as const })),
    });
    return moved + (await this.replanTarget(to));
  }

  private diff(
    existing: readonly LedgerRow[],
    wanted: readonly PlannedPost[],
    events: readonly LaunchEvent[],
    targets: ReadonlyMap<string, Target>,
    subs: readonly Subscription[],
  ): LedgerChange {
    const byId = new Map(events.map((e) => [e.id, e]));
    return diffPlan(existing, wanted, this.opts.clock.now(), (row) =>
      whyUnwanted(row, byId.get(row.eventId), targets.get(row.targetKey), subs),
    );
  }
}

/** The stored plan stamp: what the ledger was planned from, and when that start finished planning. */
function readStamp(value: string | undefined): { plan: string; through: number } | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as { plan?: unknown; through?: unknown };
    return typeof parsed.plan === 'string' && typeof parsed.through === 'number'
      ? { plan: parsed.plan, through: parsed.through }
      : undefined;
  } catch {
    return undefined;
  }
}

function unionById(a: readonly LaunchEvent[], b: readonly LaunchEvent[]): LaunchEvent[] {
  const byId = new Map(a.map((e) => [e.id, e]));
  for (const event of b) if (!byId.has(event.id)) byId.set(event.id, event);
  return [...byId.values()];
}

/** What a chat follows, or the launches and tags a person subscribed to, as one set of follows. */
function followsOf(targets: readonly Target[], subs: readonly Subscription[]): Follows {
  const tags = targets.flatMap((t) => t.follows.tags);
  const events = targets.flatMap((t) => t.follows.events);
  for (const { topic } of subs) {
    if (topic.startsWith('event:')) events.push(topic.slice('event:'.length));
    else if (topic.startsWith('tag:')) tags.push(topic.slice('tag:'.length));
  }
  return { tags, events };
}

function byKey(targets: readonly Target[]): Map<string, Target> {
  return new Map(targets.map((t) => [t.key, t]));
}

const TARGET_KIND_OF: Partial<Record<LedgerRow['kind'], TargetKind>> = {
  countdown: 'countdown',
  live: 'live',
  pinned: 'pinned',
  native: 'native',
};

/** Why a planned row is no longer wanted: its event, its target, or its milestone changed. */
export function whyUnwanted(
  row: LedgerRow,
  event: LaunchEvent | undefined,
  target: Target | undefined,
  subs: readonly Subscription[],
): CancelReason {
  if (!event) return 'event removed';
  if (event.status === 'cancelled') return 'event cancelled';
  if (event.status === 'postponed') return 'event postponed';
  if (event.status === 'ended') return 'event ended';
  const address = parseTargetKey(row.targetKey);
  if (address.dm) {
    const subscribed = subscribersOf(event, subs).some(
      (s) => s.platform === address.platform && s.userId === address.chatId,
    );
    return subscribed ? 'milestone removed' : 'unsubscribed';
  }
  if (!target) return 'target removed';
  if (!target.enabled) return 'target disabled';
  if (!follows(target, event)) return 'target unfollowed';
  const kind = TARGET_KIND_OF[row.kind];
  if (kind && !target.kinds.includes(kind)) return 'kind turned off';
  return 'milestone removed';
}

/** A calendar whose every change is planned into the ledger: the wiring the app, preview and imports share. */
export function plannedCalendar(opts: ReplannerOptions): { calendar: CalendarService; replanner: Replanner } {
  const calendar = new CalendarService(opts.stores, opts.clock, opts.logger);
  const replanner = new Replanner(opts);
  calendar.observe((change) => replanner.handle(change));
  return { calendar, replanner };
}
