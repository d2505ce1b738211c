import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import {
  DEFAULT_TARGET_KINDS,
  type EventStatus,
  type LaunchEvent,
  type Locale,
  type Platform,
  type Subscription,
  type Target,
  targetKey,
} from '../core/types.js';
import { changesBetween, planNotices } from '../scheduler/notices.js';
import { type PlanRules, planEvent } from '../scheduler/plan.js';
import { diffPlan } from '../scheduler/replan.js';
import type { FieldChange, Store } from './store.js';

export type EventDraft = Omit<LaunchEvent, 'source' | 'revision'>;

export interface SyncReport {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly targets: number;
}

/**
 * The calendar: every change to events, targets and subscriptions goes through here, and
 * each one re-plans the ledger as a diff (and tells the chats that already heard of it).
 */
export class CalendarService {
  constructor(
    private readonly store: Store,
    private readonly rules: PlanRules,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Called after the ledger changed, so the scheduler looks again. */
    private readonly onLedgerChanged: () => void = () => {},
  ) {}

  /**
   * Makes the store match the config: config events added, changed (with notices) or
   * removed; config targets replaced. Events and targets added by commands are kept.
   */
  async syncFromConfig(events: readonly EventDraft[], targets: readonly Target[]): Promise<SyncReport> {
    const added: string[] = [];
    const changed: string[] = [];
    const removed: string[] = [];
    const wantedTargets = new Map(targets.map((t) => [t.key, t]));
    for (const existing of await this.store.listTargets()) {
      if (existing.source === 'config' && !wantedTargets.has(existing.key))
        await this.store.deleteTarget(existing.key);
    }
    for (const target of targets) {
      const existing = await this.store.getTarget(target.key);
      // A target the platform refused stays disabled until an operator re-enables it.
      const keepDisabled = existing && !existing.enabled;
      await this.store.putTarget(
        keepDisabled
          ? {
              ...target,
              enabled: false,
              ...(existing.disabledReason ? { disabledReason: existing.disabledReason } : {}),
            }
          : target,
      );
    }
    const configIds = new Set(events.map((e) => e.id));
    for (const draft of events) {
      const existing = await this.store.getEvent(draft.id);
      if (!existing) {
        await this.store.putEvent({ ...draft, source: 'config', revision: 1 });
        added.push(draft.id);
      } else if (!sameData(existing, draft)) {
        await this.replaceEvent(draft, 'config');
        changed.push(draft.id);
      }
    }
    for (const event of await this.store.listEvents()) {
      if (event.source === 'config' && !configIds.has(event.id)) {
        await this.removeEvent(event.id, 'removed from config');
        removed.push(event.id);
      }
    }
    await this.replanAll();
    return { added, changed, removed, targets: targets.length };
  }

  async getEvent(id: string): Promise<LaunchEvent | undefined> {
    return this.store.getEvent(id);
  }

  async listEvents(): Promise<LaunchEvent[]> {
    return this.store.listEvents();
  }

  async addEvent(draft: EventDraft, source: LaunchEvent['source']): Promise<LaunchEvent> {
    const event: LaunchEvent = { ...draft, source, revision: 1 };
    await this.store.putEvent(event);
    await this.replanEvent(event);
    return event;
  }

  /** Applies an edit; followers that already heard of the event get one notice of what changed. */
  async editEvent(
    id: string,
    patch: Partial<EventDraft>,
  ): Promise<{ event: LaunchEvent; changes: FieldChange[] }> {
    const before = await this.store.getEvent(id);
    if (!before) throw new Error(`unknown event ${id}`);
    const after: LaunchEvent = { ...before, ...patch, id };
    return this.saveEdit(before, after);
  }

  /**
   * Replaces an event by a new version of the whole of it (config sync, imports): fields the
   * new version leaves out are removed, unlike `editEvent`. Adds it when it is new.
   */
  async replaceEvent(
    draft: EventDraft,
    source: LaunchEvent['source'],
  ): Promise<{ event: LaunchEvent; changes: FieldChange[] }> {
    const before = await this.store.getEvent(draft.id);
    if (!before) return { event: await this.addEvent(draft, source), changes: [] };
    return this.saveEdit(before, {
      ...draft,
      source,
      revision: before.revision,
      ...(before.cycle === undefined ? {} : { cycle: before.cycle }),
    });
  }

  async setStatus(id: string, status: EventStatus): Promise<{ event: LaunchEvent; changes: FieldChange[] }> {
    return this.editEvent(id, { status });
  }

  private async saveEdit(
    before: LaunchEvent,
    draft: LaunchEvent,
  ): Promise<{ event: LaunchEvent; changes: FieldChange[] }> {
    const changes = changesBetween(before, draft);
    const resumed =
      (before.status === 'postponed' || before.status === 'cancelled') &&
      (draft.status === 'scheduled' || draft.status === 'live');
    const after: LaunchEvent = {
      ...draft,
      revision: changes.length > 0 ? before.revision + 1 : before.revision,
      ...(resumed ? { cycle: (before.cycle ?? 0) + 1 } : {}),
    };
    await this.store.putEvent(after);
    const now = this.clock.now();
    const history = await this.store.ledgerForEvent(after.id);
    const notices = planNotices(after, changes, history, now);
    const targets = await this.effectiveTargets();
    const subs = await this.store.listSubscriptions();
    const diff = diffPlan(history, planEvent(after, targets, subs, this.rules), now);
    await this.store.applyLedgerChange(
      {
        ...diff,
        insert: [...diff.insert, ...notices],
        reason: `event ${after.status === 'scheduled' ? 'changed' : after.status}`,
      },
      now,
    );
    if (changes.length > 0) {
      this.logger.info(
        { event: after.id, changes: changes.map((c) => c.field), notices: notices.length },
        'event changed',
      );
    }
    this.onLedgerChanged();
    return { event: after, changes };
  }

  /** Removes an event; its pending posts are cancelled (kept in the ledger for audit). */
  async removeEvent(id: string, reason: string): Promise<void> {
    const rows = await this.store.ledgerForEvent(id);
    await this.store.applyLedgerChange(
      {
        insert: [],
        reschedule: [],
        cancel: rows.filter((r) => r.status === 'planned').map((r) => r.key),
        reason,
      },
      this.clock.now(),
    );
    await this.store.deleteEvent(id);
    this.onLedgerChanged();
  }

  /** Targets with each chat's own settings (from the `settings` command) applied. */
  async effectiveTargets(): Promise<Target[]> {
    const out: Target[] = [];
    for (const target of await this.store.listTargets()) {
      const settings = await this.store.getChatSettings(target.key);
      out.push({ ...target, locale: settings.locale ?? target.locale, zone: settings.zone ?? target.zone });
    }
    return out;
  }

  async replanEvent(event: LaunchEvent): Promise<number> {
    const targets = await this.effectiveTargets();
    const subs = await this.store.listSubscriptions();
    return this.replanWith(event, targets, subs);
  }

  async replanAll(): Promise<number> {
    const targets = await this.effectiveTargets();
    const subs = await this.store.listSubscriptions();
    let inserted = 0;
    for (const event of await this.store.listEvents())
      inserted += await this.replanWith(event, targets, subs);
    this.onLedgerChanged();
    return inserted;
  }

  private async replanWith(
    event: LaunchEvent,
    targets: readonly Target[],
    subs: readonly Subscription[],
  ): Promise<number> {
    const now = this.clock.now();
    const existing = await this.store.ledgerForEvent(event.id);
    const diff = diffPlan(existing, planEvent(event, targets, subs, this.rules), now);
    if (diff.insert.length + diff.reschedule.length + diff.cancel.length === 0) return 0;
    const inserted = await this.store.applyLedgerChange({ ...diff, reason: 're-planned' }, now);
    this.onLedgerChanged();
    return inserted + diff.reschedule.length;
  }

  /** This chat follows a tag or an event; creates the chat's target on first use. */
  async follow(
    platform: Platform,
    chatId: string,
    topic: { tag: string } | { event: string },
    defaults: { locale: Locale; zone: string },
  ): Promise<number> {
    const key = targetKey(platform, chatId);
    const existing = await this.store.getTarget(key);
    const base: Target = existing ?? {
      key,
      platform,
      chatId,
      locale: defaults.locale,
      zone: defaults.zone,
      follows: { tags: [], events: [] },
      kinds: DEFAULT_TARGET_KINDS,
      enabled: true,
      source: 'command',
    };
    const followsNext =
      'tag' in topic
        ? { ...base.follows, tags: unique([...base.follows.tags, topic.tag]) }
        : { ...base.follows, events: unique([...base.follows.events, topic.event]) };
    await this.store.putTarget({ ...base, follows: followsNext, enabled: true });
    return this.replanAll();
  }

  /** Returns false when the chat did not follow it. */
  async unfollow(
    platform: Platform,
    chatId: string,
    topic: { tag: string } | { event: string },
  ): Promise<boolean> {
    const target = await this.store.getTarget(targetKey(platform, chatId));
    if (!target) return false;
    const had =
      'tag' in topic ? target.follows.tags.includes(topic.tag) : target.follows.events.includes(topic.event);
    if (!had) return false;
    const followsNext =
      'tag' in topic
        ? { ...target.follows, tags: target.follows.tags.filter((t) => t !== topic.tag) }
        : { ...target.follows, events: target.follows.events.filter((e) => e !== topic.event) };
    await this.store.putTarget({ ...target, follows: followsNext });
    await this.replanAll();
    return true;
  }

  async subscribe(sub: Subscription): Promise<boolean> {
    const added = await this.store.addSubscription(sub);
    if (added) await this.replanAll();
    return added;
  }

  async unsubscribe(platform: Platform, userId: string, topic?: string): Promise<number> {
    const removed = await this.store.removeSubscriptions(platform, userId, topic);
    if (removed > 0) await this.replanAll();
    return removed;
  }

  /**
   * The chat moved (a Telegram group upgraded to a supergroup): the target, its settings and
   * its future posts follow it to the new id. Returns the new target key.
   */
  async moveTarget(key: string, newChatId: string): Promise<string | undefined> {
    const target = await this.store.getTarget(key);
    if (!target) return undefined;
    const moved: Target = { ...target, key: targetKey(target.platform, newChatId), chatId: newChatId };
    await this.store.putTarget(moved);
    await this.store.putChatSettings(moved.key, await this.store.getChatSettings(key));
    await this.store.deleteTarget(key);
    await this.replanAll();
    this.logger.info({ from: key, to: moved.key }, 'chat moved; target follows it');
    return moved.key;
  }

  /** A platform said the chat is gone or refuses the bot: stop planning for it. */
  async disableTarget(key: string, reason: string): Promise<void> {
    const target = await this.store.getTarget(key);
    if (!target) return;
    await this.store.putTarget({ ...target, enabled: false, disabledReason: reason });
    await this.replanAll();
    this.logger.warn({ target: key, reason }, 'target disabled');
  }
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function sameData(existing: LaunchEvent, draft: EventDraft): boolean {
  const { source: _s, revision: _r, cycle: _c, ...rest } = existing;
  return JSON.stringify(sortKeys(rest)) === JSON.stringify(sortKeys(draft));
}

function sortKeys(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}
