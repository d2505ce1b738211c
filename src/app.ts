import { randomUUID } from 'node:crypto';
import type { Adapter } from './adapters/adapter.js';
import { CalendarService, type SyncReport } from './calendar/calendar-service.js';
import type { LedgerRow, Store } from './calendar/store.js';
import { allCommands } from './commands/registry.js';
import { CommandRouter } from './commands/router.js';
import type { CommandServices } from './commands/spec.js';
import { suggest } from './commands/suggest.js';
import type { HeraldConfig } from './config/load.js';
import { planRules } from './config/schema.js';
import type { Clock } from './core/clock.js';
import { durationMs } from './core/duration.js';
import type { DeliveryError } from './core/errors.js';
import type { Logger } from './core/logger.js';
import type { Platform } from './core/types.js';
import { Dispatcher } from './scheduler/dispatcher.js';
import { ledgerKey } from './scheduler/ledger-key.js';
import type { PlanRules } from './scheduler/plan.js';
import { PostComposer } from './scheduler/post-composer.js';
import type { RateLimits } from './scheduler/rate-limiter.js';
import { Scheduler } from './scheduler/scheduler.js';
import { SummaryService } from './scheduler/summaries.js';

export interface AppOptions {
  readonly config: HeraldConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly adapters: readonly Adapter[];
  readonly instanceId?: string;
  /** Overrides the configured platform limits (tests, benchmarks). */
  readonly limits?: Partial<Record<Platform, RateLimits>>;
  readonly jitter?: () => number;
  /** Longest scheduler sleep (default 30 s). */
  readonly schedulerCapMs?: number;
}

/** The composition root: wires the calendar, ledger, scheduler, summaries, commands and adapters. */
export class HeraldApp {
  readonly calendar: CalendarService;
  readonly dispatcher: Dispatcher;
  readonly scheduler: Scheduler;
  readonly summaries: SummaryService;
  readonly router: CommandRouter;
  readonly rules: PlanRules;

  constructor(private readonly opts: AppOptions) {
    const { config, store, clock, logger } = opts;
    const s = config.settings;
    this.rules = planRules(s);
    this.calendar = new CalendarService(store, this.rules, clock, logger, () => this.scheduler?.poke());
    this.dispatcher = new Dispatcher({
      store,
      clock,
      logger,
      composer: new PostComposer(store, s.summaries.skipWhenEmpty),
      maxAttempts: s.delivery.maxAttempts,
      limits: opts.limits ?? { telegram: s.delivery.telegram, discord: s.delivery.discord },
      onPermanentFailure: (row, error) => this.onPermanentFailure(row, error),
      ...(opts.jitter ? { jitter: opts.jitter } : {}),
    });
    this.scheduler = new Scheduler({
      store,
      dispatcher: this.dispatcher,
      clock,
      logger,
      catchUp: { graceMs: durationMs(s.catchUp.grace), stale: s.catchUp.stale },
      owner: opts.instanceId ?? config.env.HERALD_INSTANCE_ID ?? randomUUID(),
      ...(opts.schedulerCapMs === undefined ? {} : { capMs: opts.schedulerCapMs }),
    });
    this.summaries = new SummaryService({
      store,
      clock,
      logger,
      cron: s.summaries.cron,
      windowMs: durationMs(s.summaries.window),
      onQueued: () => this.scheduler.poke(),
    });
    const services: CommandServices = {
      calendar: this.calendar,
      store,
      defaults: s.defaults,
      reminderOffsets: s.reminders.offsets,
      summaryWindow: s.summaries.window,
      requestSummary: (platform, chatId, locale, zone) =>
        this.summaries.requestNow(platform, chatId, locale, zone),
      commandPrefix: '/',
      optInLink: (platform, payload) =>
        opts.adapters.find((a) => a.platform === platform)?.optInLink?.(payload),
    };
    this.router = new CommandRouter(allCommands(), services, s.owners, clock, logger);
  }

  /** Migrates, syncs the config calendar into the store, starts adapters, summaries and the scheduler. */
  async start(): Promise<SyncReport> {
    const { store, config, logger, clock } = this.opts;
    await store.migrate();
    const report = await this.calendar.syncFromConfig(config.events, config.targets);
    logger.info(report, 'calendar synchronised from config');
    await store.maintain();
    for (const adapter of this.opts.adapters) {
      this.dispatcher.register(adapter);
      await adapter.start({
        onCommand: async (command) => {
          await this.router.handle(command);
          void this.summaries.refresh();
        },
        onAutocomplete: (request) => suggest(request, store, clock.now()),
      });
    }
    await this.summaries.start();
    await this.scheduler.start();
    return report;
  }

  async stop(): Promise<void> {
    this.summaries.stop();
    await this.scheduler.stop();
    for (const adapter of this.opts.adapters) await adapter.stop();
  }

  /**
   * The platform refused for good. A chat that is gone is disabled (audit shows why); a
   * person who blocked the bot loses the subscription, and the reminder falls back to a
   * mention in the chat where they subscribed, once.
   */
  private async onPermanentFailure(row: LedgerRow, error: DeliveryError): Promise<void> {
    if (error.scope !== 'target') return;
    if (error.migrateTo !== undefined && !row.targetKey.includes(':dm:')) {
      const movedKey = await this.calendar.moveTarget(row.targetKey, error.migrateTo);
      if (movedKey) {
        // The post that hit the move goes to the new chat now.
        await this.opts.store.applyLedgerChange(
          {
            insert: [
              {
                ...row,
                key: ledgerKey(row.eventId, row.kind, row.slot, movedKey),
                targetKey: movedKey,
                chatId: error.migrateTo,
                due: this.opts.clock.now(),
              },
            ],
            reschedule: [],
            cancel: [],
          },
          this.opts.clock.now(),
        );
        this.scheduler.poke();
      }
      return;
    }
    if (!row.targetKey.includes(':dm:')) {
      await this.calendar.disableTarget(row.targetKey, error.message);
      return;
    }
    const subs = await this.opts.store.listSubscriptions({ platform: row.platform, userId: row.chatId });
    await this.calendar.unsubscribe(row.platform, row.chatId);
    const origin = subs.find((s) => s.originChatId !== row.chatId);
    if (row.kind === 'reminder' && origin) {
      const target = `${row.platform}:${origin.originChatId}`;
      await this.opts.store.applyLedgerChange(
        {
          insert: [
            {
              key: ledgerKey(row.eventId, 'reminder', `${row.slot}@${row.chatId}`, target),
              eventId: row.eventId,
              kind: 'reminder',
              slot: `${row.slot}@${row.chatId}`,
              targetKey: target,
              platform: row.platform,
              chatId: origin.originChatId,
              locale: row.locale,
              zone: row.zone,
              due: this.opts.clock.now(),
              payload: { type: 'fallback', userId: row.chatId, originalKey: row.key },
            },
          ],
          reschedule: [],
          cancel: [],
        },
        this.opts.clock.now(),
      );
      this.scheduler.poke();
    }
  }
}
