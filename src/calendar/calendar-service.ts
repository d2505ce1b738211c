import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import {
  communityKey,
  DEFAULT_TARGET_KINDS,
  type EventStatus,
  type FieldChange,
  type LaunchEvent,
  type Locale,
  type Owner,
  type Platform,
  parseTargetKey,
  type Subscription,
  type Target,
  targetKey,
} from '../core/types.js';
import {
  type CalendarChange,
  type CalendarObserver,
  canonicalJson,
  changedFields,
  changesBetween,
  planConfigSync,
  sequenceOf,
  stillAhead,
} from './changes.js';
import { effectiveTargets } from './effective.js';
import type { ChatSettings, EventStore, SubscriptionStore, TargetStore } from './stores.js';

export type EventDraft = Omit<LaunchEvent, 'source' | 'revision'>;

export interface SyncReport {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** Events an operator had changed whose entry changed in the file: the file's version won. */
  readonly overridesReplaced: readonly string[];
  /** Events an operator had changed whose entry did not change: kept as the operator left them. */
  readonly overridesKept: readonly string[];
  readonly targets: number;
  /** Config targets whose chat moved (Telegram supergroups): the config still names the old id. */
  readonly moved: readonly { readonly from: string; readonly to: string }[];
}

export interface SyncOptions {
  /** The events file, as messages name it (default `config/events.yaml`). */
  readonly eventsFile?: string;
  /**
   * Lets a config with no events remove every config event in the store
   * (`HERALD_ALLOW_EMPTY_CALENDAR=1`); refused otherwise.
   */
  readonly allowEmptyCalendar?: boolean;
}

/**
 * The refusal of a start whose config has no events while the store holds config events: an
 * emptied (or missing) events.yaml would otherwise cancel every launch for every chat.
 */
export function emptyCalendarError(eventsFile: string, removed: readonly string[]): ConfigError {
  const n = removed.length;
  return new ConfigError([
    {
      file: eventsFile,
      path: 'events',
      message: `has no events, but the store holds ${n} event${n === 1 ? '' : 's'} from it (${removed.join(', ')}): this start would remove ${n === 1 ? 'it' : 'them all'} and tell the chats that follow ${n === 1 ? 'it' : 'them'} that ${n === 1 ? 'it is' : 'they are'} cancelled`,
      fix: `restore the events in ${eventsFile} (or point HERALD_CONFIG_DIR at the folder that has them); to remove them on purpose, start once with HERALD_ALLOW_EMPTY_CALENDAR=1`,
    },
  ]);
}

export interface CalendarStores {
  readonly events: EventStore;
  readonly targets: TargetStore;
  readonly subscriptions: SubscriptionStore;
}

/**
 * The calendar: every change to events, targets, chat settings and subscriptions goes through
 * here and is announced to the observer (the scheduler's replanner), which plans the posts.
 */
export class CalendarService {
  private observer: CalendarObserver = async () => 0;
  private readonly listeners = new Set<(change: CalendarChange) => void>();

  constructor(
    private readonly stores: CalendarStores,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Who hears of changes (one observer: the replanner). */
  observe(observer: CalendarObserver): void {
    this.observer = observer;
  }

  /**
   * Also hear of every change, after the store was written and before the observer plans it:
   * for caches of what the calendar shows (the web page and ICS feeds). A listener's error is
   * logged, never thrown at the writer. Returns a function that stops listening.
   */
  listen(listener: (change: CalendarChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private announce(change: CalendarChange): Promise<number> {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error(
          { err: error instanceof Error ? error.message : String(error), change: change.type },
          'calendar listener failed',
        );
      }
    }
    return this.observer(change);
  }

  /**
   * Makes the store match the config (calendar/changes.ts `planConfigSync` decides, event by
   * event): config events added; changed when their entry changed since the last start (the
   * file wins over an operator's changes, with a warning; followers get the change notice);
   * kept as they are when it did not (an operator's edit or cancellation survives restarts);
   * removed when the file no longer has them (followers of one still ahead are told it is
   * cancelled). Config targets are replaced, at the id they moved to if they moved. Events and
   * targets added by commands are kept. A config with no events while the store holds config
   * events is refused, before anything is touched, unless `allowEmptyCalendar`. The observer
   * hears of changed and removed events one by one, of added ones together at the end
   * (`config-synced`): an unchanged config costs one hash comparison per event.
   */
  async syncFromConfig(
    events: readonly EventDraft[],
    targets: readonly Target[],
    options: SyncOptions = {},
  ): Promise<SyncReport> {
    const eventStore = this.stores.events;
    const eventsFile = options.eventsFile ?? 'config/events.yaml';
    const plan = planConfigSync(await eventStore.list(), events, this.clock.now());
    if (events.length === 0 && plan.removed.length > 0 && options.allowEmptyCalendar !== true)
      throw emptyCalendarError(eventsFile, plan.removed);
    await this.announce({ type: 'sync-started' });
    const { moved, changed: targetsChanged } = await this.replaceConfigTargets(targets);
    for (const { from, to } of moved) {
      this.logger.warn(
        { from, to },
        `config names ${from}, a chat that moved to ${to}: Herald posts to ${to}; update the config's chat id`,
      );
    }
    const added: LaunchEvent[] = [];
    for (const step of plan.steps) {
      switch (step.action) {
        case 'add':
          // Back in the file after a removal: a new cycle of the event it was (followers told).
          if (step.restores) await this.replaceEvent(step.draft, 'config');
          else {
            const event: LaunchEvent = { ...step.draft, source: 'config', revision: 1 };
            await eventStore.put(event);
            added.push(event);
          }
          break;
        case 'keep':
          if (step.override)
            this.logger.info(
              { event: step.id },
              `${step.id}: kept as an operator changed it (its entry in ${eventsFile} did not change)`,
            );
          break;
        case 'record': {
          const existing = await eventStore.get(step.id);
          if (existing) await eventStore.put({ ...existing, configHash: step.draft.configHash as string });
          break;
        }
        case 'change':
          await this.replaceEvent(step.draft, 'config');
          if (step.override)
            this.logger.warn(
              { event: step.id, fields: step.fields, file: eventsFile },
              `${step.id}: ${eventsFile} changed this event, which an operator had changed too: the file's new version replaced the operator's changes (${step.fields.join(', ')})`,
            );
          else if (step.from !== undefined)
            this.logger.warn(
              { event: step.id, from: step.from, file: eventsFile },
              `${step.id}: ${eventsFile} now defines this event, which came from ${step.from === 'command' ? 'a command' : 'an import'}: the file's version replaced it`,
            );
          break;
        case 'remove':
          await this.removeEvent(step.id);
          break;
      }
    }
    await this.announce({ type: 'config-synced', added, targetsChanged });
    return {
      added: plan.added,
      changed: plan.changed,
      removed: plan.removed,
      overridesReplaced: plan.overridesReplaced,
      overridesKept: plan.overridesKept,
      targets: targets.length,
      moved,
    };
  }

  /**
   * Replaces the config targets by the config's, at the id each chat moved to if it moved. A
   * target the platform refused stays disabled until an operator re-enables it. Writes only
   * what differs; `changed` says whether anything did.
   */
  private async replaceConfigTargets(
    targets: readonly Target[],
  ): Promise<{ moved: { from: string; to: string }[]; changed: boolean }> {
    const store = this.stores.targets;
    const moved: { from: string; to: string }[] = [];
    const wanted: Target[] = [];
    for (const target of targets) {
      const now = await store.movedTo(target.key);
      if (now === undefined) wanted.push(target);
      else {
        moved.push({ from: target.key, to: now });
        wanted.push({ ...target, key: now, chatId: parseTargetKey(now).chatId });
      }
    }
    let changed = false;
    const wantedKeys = new Set(wanted.map((t) => t.key));
    for (const existing of await store.list()) {
      if (existing.source === 'config' && !wantedKeys.has(existing.key)) {
        await store.delete(existing.key);
        changed = true;
      }
    }
    for (const target of wanted) {
      const existing = await store.get(target.key);
      const next: Target =
        existing && !existing.enabled
          ? {
              ...target,
              enabled: false,
              ...(existing.disabledReason ? { disabledReason: existing.disabledReason } : {}),
            }
          : target;
      if (existing && canonicalJson(existing) === canonicalJson(next)) continue;
      await store.put(next);
      changed = true;
    }
    return { moved, changed };
  }

  /** An event of the calendar (an event the config removed is not one any more). */
  async getEvent(id: string): Promise<LaunchEvent | undefined> {
    const event = await this.stores.events.get(id);
    return event?.removed ? undefined : event;
  }

  async listEvents(): Promise<LaunchEvent[]> {
    return (await this.stores.events.list()).filter((e) => !e.removed);
  }

  async addEvent(draft: EventDraft, source: LaunchEvent['source']): Promise<LaunchEvent> {
    // The id of an event the config removed: a new cycle of it, so its revisions (and the
    // notices keyed by them) go on, and the chats told it was cancelled hear it is back.
    const removed = await this.stores.events.get(draft.id);
    if (removed?.removed) return (await this.replaceEvent(draft, source)).event;
    const event: LaunchEvent = { ...draft, source, revision: 1 };
    await this.stores.events.put(event);
    await this.announce({ type: 'event-saved', after: event, changes: [] });
    return event;
  }

  /** Applies an edit; followers that already heard of the event get one notice of what changed. */
  async editEvent(
    id: string,
    patch: Partial<EventDraft>,
  ): Promise<{ event: LaunchEvent; changes: FieldChange[] }> {
    const before = await this.stores.events.get(id);
    if (!before) throw new Error(`unknown event ${id}`);
    return this.saveEdit(before, { ...before, ...patch, id });
  }

  /**
   * Replaces an event by a new version of the whole of it (config sync, imports): fields the
   * new version leaves out are removed, unlike `editEvent`. Adds it when it is new.
   */
  async replaceEvent(
    draft: EventDraft,
    source: LaunchEvent['source'],
  ): Promise<{ event: LaunchEvent; changes: FieldChange[] }> {
    const before = await this.stores.events.get(draft.id);
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
    // Any edit of what the event says raises its sequence (the ICS SEQUENCE), told or not.
    const { sequence: _drafted, ...rest } = draft;
    const edited = changes.length > 0 || changedFields(before, draft).length > 0;
    const sequence = edited ? sequenceOf(before) + 1 : before.sequence;
    const after: LaunchEvent = {
      ...rest,
      revision: changes.length > 0 ? before.revision + 1 : before.revision,
      ...(resumed ? { cycle: (before.cycle ?? 0) + 1 } : {}),
      ...(sequence === undefined ? {} : { sequence }),
    };
    await this.stores.events.put(after);
    await this.announce({ type: 'event-saved', before, after, changes });
    if (changes.length > 0)
      this.logger.info({ event: after.id, changes: changes.map((c) => c.field) }, 'event changed');
    return { event: after, changes };
  }

  /**
   * Removes an event; its pending posts are cancelled (kept in the ledger for audit). One still
   * ahead is cancelled on the way out: the chats that heard of it get a cancellation notice,
   * for which it stays in the store, cancelled and marked removed (hidden from lists and
   * commands). When nobody is to be told, it is deleted.
   */
  async removeEvent(id: string): Promise<void> {
    const before = await this.stores.events.get(id);
    if (!before || before.removed) return;
    if (!stillAhead(before, this.clock.now())) {
      await this.stores.events.delete(id);
      await this.announce({ type: 'event-removed', event: before, changes: [] });
    } else {
      const cancelled: LaunchEvent = { ...before, status: 'cancelled', removed: true };
      const changes = changesBetween(before, cancelled);
      const last: LaunchEvent = {
        ...cancelled,
        revision: before.revision + 1,
        sequence: sequenceOf(before) + 1,
      };
      await this.stores.events.put(last);
      const planned = await this.announce({ type: 'event-removed', event: last, changes });
      if (planned === 0) await this.stores.events.delete(id);
    }
    // Subscribers of a removed launch are not inherited by whoever reuses its id.
    await this.stores.subscriptions.removeTopic(`event:${id}`);
  }

  /** Whether an id is in use in the store, also by a launch the config removed (kept for its notices). */
  async idInUse(id: string): Promise<LaunchEvent | undefined> {
    return this.stores.events.get(id);
  }

  /** Targets with each chat's own settings applied. */
  effectiveTargets(): Promise<Target[]> {
    return effectiveTargets(this.stores.targets);
  }

  /** This chat follows a tag or an event; creates the chat's target on first use. Returns posts planned. */
  async follow(
    platform: Platform,
    chatId: string,
    topic: { tag: string } | { event: string },
    defaults: { locale: Locale; zone: string; owner?: Owner },
  ): Promise<number> {
    const key = targetKey(platform, chatId);
    const existing = await this.stores.targets.get(key);
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
      ...(defaults.owner === undefined ? {} : { owner: defaults.owner }),
    };
    const followsNext =
      'tag' in topic
        ? { ...base.follows, tags: unique([...base.follows.tags, topic.tag]) }
        : { ...base.follows, events: unique([...base.follows.events, topic.event]) };
    const { disabledReason: _gone, ...enabled } = base;
    await this.stores.targets.put({ ...enabled, follows: followsNext, enabled: true });
    return this.announce({ type: 'target-changed', key });
  }

  /** Returns false when the chat did not follow it. */
  async unfollow(
    platform: Platform,
    chatId: string,
    topic: { tag: string } | { event: string },
  ): Promise<boolean> {
    const key = targetKey(platform, chatId);
    const target = await this.stores.targets.get(key);
    if (!target) return false;
    const had =
      'tag' in topic ? target.follows.tags.includes(topic.tag) : target.follows.events.includes(topic.event);
    if (!had) return false;
    const followsNext =
      'tag' in topic
        ? { ...target.follows, tags: target.follows.tags.filter((t) => t !== topic.tag) }
        : { ...target.follows, events: target.follows.events.filter((e) => e !== topic.event) };
    await this.stores.targets.put({ ...target, follows: followsNext });
    await this.announce({ type: 'target-changed', key });
    return true;
  }

  async settings(key: string): Promise<ChatSettings> {
    return this.stores.targets.settings(key);
  }

  /** A chat's own language and zone (the `settings` command). */
  async setChatSettings(key: string, settings: ChatSettings): Promise<void> {
    await this.stores.targets.putSettings(key, settings);
    await this.announce({ type: 'target-changed', key });
  }

  async subscribe(sub: Subscription): Promise<boolean> {
    const added = await this.stores.subscriptions.add(sub);
    if (added)
      await this.announce({ type: 'subscriptions-changed', platform: sub.platform, userId: sub.userId });
    return added;
  }

  async unsubscribe(platform: Platform, userId: string, topic?: string): Promise<number> {
    const removed = await this.stores.subscriptions.remove(platform, userId, topic);
    if (removed > 0) await this.announce({ type: 'subscriptions-changed', platform, userId });
    return removed;
  }

  /**
   * The chat moved (a Telegram group upgraded to a supergroup): the target, its settings and
   * its future posts follow it to the new id, and the move is kept so that a config that
   * still names the old id posts to the new one. Returns the new target key.
   */
  async moveTarget(key: string, newChatId: string): Promise<string | undefined> {
    const { targets } = this.stores;
    const target = await targets.get(key);
    if (!target) return undefined;
    // A Telegram group is its own community: upgraded, it keeps its launches under the new id.
    const oldCommunity = communityKey(target.platform, 'chat', target.chatId);
    const newCommunity = communityKey(target.platform, 'chat', newChatId);
    const moved: Target = {
      ...target,
      key: targetKey(target.platform, newChatId),
      chatId: newChatId,
      ...(target.owner === oldCommunity ? { owner: newCommunity } : {}),
    };
    for (const event of await this.stores.events.list())
      if (event.owner === oldCommunity) await this.stores.events.put({ ...event, owner: newCommunity });
    await targets.put(moved);
    await targets.putSettings(moved.key, await targets.settings(key));
    await targets.delete(key);
    await targets.recordMove(key, moved.key, this.clock.now());
    await this.announce({ type: 'target-moved', from: key, to: moved.key });
    this.logger.warn(
      { from: key, to: moved.key, source: target.source },
      target.source === 'config'
        ? `chat moved: Herald now posts to ${moved.key}; update its chat id in config/herald.yaml`
        : 'chat moved; its target follows it',
    );
    return moved.key;
  }

  /** A platform said the chat is gone or refuses the bot: stop planning for it. */
  async disableTarget(key: string, reason: string): Promise<void> {
    const target = await this.stores.targets.get(key);
    if (!target) return;
    await this.stores.targets.put({ ...target, enabled: false, disabledReason: reason });
    await this.announce({ type: 'target-changed', key });
    this.logger.warn({ target: key, reason }, 'target disabled');
  }
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
