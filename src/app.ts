import { hostname } from 'node:os';
import path from 'node:path';
import type { Adapter, InboundHandlers } from './adapters/adapter.js';
import type { CalendarService, SyncReport } from './calendar/calendar-service.js';
import { ImportPoller } from './calendar/imports/poller.js';
import { importSources } from './calendar/imports/sources.js';
import { Cluster } from './cluster/cluster.js';
import type { ClusterTimings } from './cluster/standing.js';
import { CommandCooldown } from './commands/cooldown.js';
import { measuredReplies } from './commands/measured.js';
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
import { type Metrics, NO_METRICS } from './core/metrics.js';
import { redact } from './core/redact.js';
import { type Platform, parseTargetKey, targetKey } from './core/types.js';
import { PostComposer } from './delivery/composer.js';
import { Dispatcher, type StopReport } from './delivery/dispatcher.js';
import type { RateLimits } from './delivery/rate-limiter.js';
import { budgetedReplies } from './delivery/reply-budget.js';
import { useMessageOverrides } from './i18n/index.js';
import { inserting } from './ledger/diff.js';
import { ledgerKey } from './ledger/key.js';
import { type LedgerRow, plannedPart } from './ledger/row.js';
import type { PlanRules } from './scheduler/plan.js';
import { plannedCalendar, type Replanner } from './scheduler/replanner.js';
import { Scheduler } from './scheduler/scheduler.js';
import { SummaryService } from './scheduler/summaries.js';
import type { Stores } from './stores/stores.js';

/** With several instances, a scheduler looks at the shared ledger at least this often (others write rows due now). */
const CLUSTER_CAP_MS = 2_000;

/** Commands after which the digest schedule may differ. */
const DIGEST_CHANGING = new Set(['follow', 'unfollow', 'settings']);

export interface AppOptions {
  readonly config: HeraldConfig;
  readonly stores: Stores;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly adapters: readonly Adapter[];
  /** Stable across restarts (default HERALD_INSTANCE_ID, else the host name). */
  readonly instanceId?: string;
  /** Overrides the configured platform limits (tests, benchmarks). */
  readonly limits?: Partial<Record<Platform, RateLimits>>;
  readonly jitter?: () => number;
  /** Longest scheduler sleep (default 30 s). */
  readonly schedulerCapMs?: number;
  /** Up to this late a post counts as on time (see CatchUpPolicy.onTimeMs; rehearsals widen it). */
  readonly onTimeMs?: number;
  /** How long a claim holds without renewal (default 15 s). */
  readonly leaseMs?: number;
  /** Where posts, lateness and command replies are counted (default: nowhere; /metrics when HTTP is on). */
  readonly metrics?: Metrics;
  /** Reads the configured `imports:` on their intervals (default true; a rehearsal does not). */
  readonly pollImports?: boolean;
  /**
   * Several instances on one database (src/cluster, docs/cluster.md): chats partitioned among
   * the live instances, each with its share of the platforms' budgets, one holder per inbound
   * connection with fail-over.
   */
  readonly cluster?: { readonly timings?: Partial<ClusterTimings> };
}

/** The composition root: wires the calendar, replanner, ledger, scheduler, summaries, commands and adapters. */
/** How long a start waits for a platform to connect before going on without it (real time). */
const ADAPTER_WAIT_MS = 20_000;
/** First wait before a failed platform start is tried again; doubles up to the max. */
const ADAPTER_RETRY_MS = 5_000;
const ADAPTER_RETRY_MAX_MS = 300_000;

export class HeraldApp {
  private stopped = false;
  readonly calendar: CalendarService;
  readonly replanner: Replanner;
  readonly dispatcher: Dispatcher;
  readonly scheduler: Scheduler;
  readonly summaries: SummaryService;
  readonly router: CommandRouter;
  /** The calendars of `imports:`, read on their intervals. */
  readonly imports: ImportPoller;
  readonly rules: PlanRules;
  readonly instanceId: string;
  /** The platforms Herald runs on (readiness asks each whether it is connected). */
  readonly adapters: readonly Adapter[];
  readonly cluster: Cluster | undefined;

  constructor(private readonly opts: AppOptions) {
    const { config, stores, clock, logger } = opts;
    // The operator's texts (config/messages/<code>.yaml) for every post and reply from now on.
    useMessageOverrides(config.messages ?? {});
    for (const w of config.warnings ?? [])
      logger.warn({ file: w.file, line: w.line, path: w.path }, `${w.message} (fix: ${w.fix})`);
    const s = config.settings;
    this.rules = planRules(s);
    this.adapters = opts.adapters;
    this.instanceId = opts.instanceId ?? config.env.HERALD_INSTANCE_ID ?? hostname();
    const planned = plannedCalendar({
      stores,
      rules: this.rules,
      clock,
      logger,
      onPlanned: () => this.scheduler?.poke(),
    });
    this.calendar = planned.calendar;
    this.replanner = planned.replanner;
    this.cluster = opts.cluster
      ? new Cluster({
          instances: stores.instances,
          coordination: stores.coordination,
          self: this.instanceId,
          clock,
          logger,
          ...(opts.cluster.timings ? { timings: opts.cluster.timings } : {}),
          platforms: () => this.dispatcher.platforms(),
          onChange: (shares) => {
            this.dispatcher.setShares(shares);
            this.scheduler.poke();
            // Commands change which zones have digests on the instance that took them: every
            // instance ticks the digests, so each re-reads them when the members change.
            this.refreshSummaries();
          },
        })
      : undefined;
    this.dispatcher = new Dispatcher({
      ledger: stores.ledger,
      refs: stores.refs,
      clock,
      logger,
      owner: this.instanceId,
      composer: new PostComposer(stores, s.summaries.skipWhenEmpty),
      maxAttempts: s.delivery.maxAttempts,
      limits: opts.limits ?? { telegram: s.delivery.telegram, discord: s.delivery.discord },
      onPermanentFailure: (row, error) => this.onPermanentFailure(row, error),
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
      ...(opts.jitter ? { jitter: opts.jitter } : {}),
      ...(this.cluster ? { gate: this.cluster } : {}),
    });
    this.scheduler = new Scheduler({
      ledger: stores.ledger,
      instances: stores.instances,
      dispatcher: this.dispatcher,
      clock,
      logger,
      catchUp: {
        graceMs: durationMs(s.catchUp.grace),
        stale: s.catchUp.stale,
        ...(opts.onTimeMs === undefined ? {} : { onTimeMs: opts.onTimeMs }),
      },
      owner: this.instanceId,
      ...(opts.schedulerCapMs === undefined ? {} : { capMs: opts.schedulerCapMs }),
      ...(opts.leaseMs === undefined ? {} : { leaseMs: opts.leaseMs }),
      ...(this.cluster
        ? { scope: this.cluster, capMs: Math.min(opts.schedulerCapMs ?? CLUSTER_CAP_MS, CLUSTER_CAP_MS) }
        : {}),
    });
    this.imports = new ImportPoller({
      sources: importSources(s.imports, config.dir),
      calendar: this.calendar,
      stores,
      clock,
      logger,
      defaultZone: s.defaults.zone,
    });
    this.summaries = new SummaryService({
      targets: stores.targets,
      ledger: stores.ledger,
      clock,
      logger,
      cron: s.summaries.cron,
      windowMs: durationMs(s.summaries.window),
      onQueued: () => this.scheduler.poke(),
      ...(opts.schedulerCapMs === undefined ? {} : { capMs: opts.schedulerCapMs }),
    });
    const services: CommandServices = {
      calendar: this.calendar,
      stores,
      defaults: s.defaults,
      reminderOffsets: s.reminders.offsets,
      summaryWindow: s.summaries.window,
      requestSummary: (platform, chatId, locale, zone, community) =>
        this.summaries.requestNow(platform, chatId, locale, zone, community),
      commandPrefix: '/',
      optInLink: (platform, topic, fromChatId) =>
        opts.adapters.find((a) => a.platform === platform)?.optInLink?.(topic, fromChatId),
    };
    this.router = new CommandRouter(
      allCommands(),
      services,
      s.owners,
      clock,
      logger,
      new CommandCooldown({
        perUser: { commands: s.commands.perUser.commands, windowMs: durationMs(s.commands.perUser.window) },
        perChat: { commands: s.commands.perChat.commands, windowMs: durationMs(s.commands.perChat.window) },
      }),
    );
  }

  /** Migrates, syncs the config calendar into the store, starts adapters, summaries and the scheduler. */
  async start(): Promise<SyncReport> {
    const { stores, config, logger, clock } = this.opts;
    await stores.migrate();
    const report = await this.calendar.syncFromConfig(config.events, config.targets, {
      eventsFile: path.join(config.dir, 'events.yaml'),
      allowEmptyCalendar: config.env.HERALD_ALLOW_EMPTY_CALENDAR,
    });
    logger.info(report, 'calendar synchronised from config');
    await stores.maintain();
    const metrics = this.opts.metrics ?? NO_METRICS;
    const known = new Set(this.router.specs.map((spec) => spec.name));
    const handlers: InboundHandlers = {
      onCommand: async (command) => {
        // After a fail-over the new holder of a connection may receive a command again.
        if (this.cluster && command.deliveryId && !(await this.cluster.firstDelivery(command.deliveryId)))
          return;
        // Replies take their slot from the rate budget posts use, where the platform counts them.
        // Counted inside the budget: a reply dropped for want of a slot is not a reply.
        await this.router.handle(
          budgetedReplies(measuredReplies(command, metrics, known), (platform, chatId) =>
            this.dispatcher.replySlot(platform, chatId),
          ),
        );
        // Only these change which chats get digests, and in which zone.
        if (DIGEST_CHANGING.has(command.name)) this.refreshSummaries();
      },
      onAutocomplete: (request) =>
        suggest(
          request,
          stores.events,
          clock.now(),
          config.settings.owners.includes(`${request.platform}:${request.userId}`),
        ),
    };
    for (const adapter of this.opts.adapters) {
      // With several instances, only the holder of its lease runs an exclusive connection.
      const exclusive = this.cluster ? adapter.exclusiveInbound?.() : undefined;
      if (exclusive && this.cluster) {
        this.dispatcher.register(adapter);
        await exclusive.connect();
        this.cluster.addInbound(exclusive, handlers);
      } else await this.connect(adapter, handlers, 0);
    }
    await this.summaries.start();
    await this.scheduler.start();
    if (this.opts.pollImports !== false) this.imports.start();
    await this.cluster?.start();
    if (this.cluster) {
      // Another instance's re-plan, digest or notice for a chat this one sends: look at once.
      const heard = await stores.wakeups.subscribe(
        () => this.scheduler.poke(),
        (message) => logger.warn(message),
      );
      logger.info(
        heard
          ? 'ledger changes by other instances wake this one at once (LISTEN/NOTIFY)'
          : `ledger changes by other instances are seen within ${CLUSTER_CAP_MS / 1000} s (polling)`,
      );
    }
    return report;
  }

  /**
   * Starts an adapter and hands it to the dispatcher once it is connected. A platform that cannot
   * be reached does not hold Herald back: after ADAPTER_WAIT_MS of real time the start goes on
   * without it (its posts stay planned in the ledger; catch-up applies when it connects), a
   * failed start is tried again with backoff, and every step says so in the log.
   */
  private async connect(adapter: Adapter, handlers: InboundHandlers, attempt: number): Promise<void> {
    const { logger } = this.opts;
    const platform = adapter.platform;
    let settled = false;
    let fatal: unknown;
    const started = adapter.start(handlers).then(
      () => {
        settled = true;
        if (this.stopped) return;
        this.dispatcher.register(adapter);
        if (attempt > 0 || waited) logger.info({ platform }, `${platform} connected: its posts go out again`);
      },
      (error: unknown) => {
        settled = true;
        // A refused token is no outage: the start fails with it (the operator must fix it).
        if (refusedToken(error)) {
          fatal = error;
          if (waited) logger.error({ platform }, `${platform} refused the token; fix it and restart Herald`);
          return;
        }
        const retryMs = Math.min(ADAPTER_RETRY_MAX_MS, ADAPTER_RETRY_MS * 2 ** attempt);
        logger.error(
          {
            platform,
            err: redact(error instanceof Error ? error.message : String(error)),
            retryInS: retryMs / 1000,
          },
          `${platform} could not connect; Herald runs without it and tries again (its posts stay planned)`,
        );
        if (this.stopped) return;
        const timer = setTimeout(() => {
          if (!this.stopped) void this.connect(adapter, handlers, attempt + 1);
        }, retryMs);
        timer.unref();
      },
    );
    let waited = false;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      started,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ADAPTER_WAIT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    if (fatal !== undefined) throw fatal;
    if (!settled) {
      waited = true;
      logger.warn(
        { platform, waitedS: ADAPTER_WAIT_MS / 1000 },
        `${platform} is still connecting; Herald starts without it (its posts stay planned until it connects)`,
      );
    }
  }

  /**
   * Re-reads which zones have digests, in the background. The database may be away (that is
   * often why the members changed): the failure is logged and the next change tries again.
   */
  private refreshSummaries(): void {
    this.summaries
      .refresh()
      .catch((error: unknown) =>
        this.opts.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'could not re-read the digest zones; they are read again at the next change',
        ),
      );
  }

  /** A graceful stop: see Scheduler.stop. */
  async stop(): Promise<StopReport> {
    this.stopped = true;
    this.imports.stop();
    this.summaries.stop();
    await this.cluster?.stopLeading();
    const report = await this.scheduler.stop();
    await this.cluster?.stop();
    for (const adapter of this.opts.adapters) {
      try {
        await adapter.stop();
      } catch (error) {
        this.opts.logger.warn(
          { platform: adapter.platform, err: error instanceof Error ? error.message : String(error) },
          'adapter did not stop cleanly',
        );
      }
    }
    return report;
  }

  /**
   * The platform refused for good. A chat that moved is followed to its new id (and the post
   * that hit the move goes there); a chat that is gone is disabled (audit shows why); a
   * person who blocked the bot loses the subscription, and the reminder falls back to a
   * mention in the chat where they subscribed, once.
   */
  private async onPermanentFailure(row: LedgerRow, error: DeliveryError): Promise<void> {
    const { clock, stores } = this.opts;
    const address = parseTargetKey(row.targetKey);
    if (error.migrateTo !== undefined && !address.dm) {
      // The first post to hit the move moves the chat; the others sent alongside it follow.
      const movedKey =
        (await this.calendar.moveTarget(row.targetKey, error.migrateTo)) ??
        (await stores.targets.movedTo(row.targetKey));
      if (movedKey) {
        await stores.ledger.apply(
          inserting([
            {
              ...plannedPart(row),
              key: ledgerKey(row.eventId, row.kind, row.slot, movedKey),
              targetKey: movedKey,
              chatId: parseTargetKey(movedKey).chatId,
            },
          ]),
          clock.now(),
        );
        this.scheduler.poke();
      }
      return;
    }
    if (!address.dm) {
      await this.calendar.disableTarget(row.targetKey, error.message);
      return;
    }
    const subs = await stores.subscriptions.list({ platform: row.platform, userId: row.chatId });
    await this.calendar.unsubscribe(row.platform, row.chatId);
    const origin = subs.find((s) => s.originChatId !== row.chatId);
    if (row.kind === 'reminder' && origin) {
      const target = targetKey(row.platform, origin.originChatId);
      const slot = `${row.slot}@${row.chatId}`;
      await stores.ledger.apply(
        inserting([
          {
            key: ledgerKey(row.eventId, 'reminder', slot, target),
            eventId: row.eventId,
            kind: 'reminder',
            slot,
            targetKey: target,
            platform: row.platform,
            chatId: origin.originChatId,
            locale: row.locale,
            zone: row.zone,
            due: clock.now(),
            payload: { type: 'fallback', userId: row.chatId, originalKey: row.key },
          },
        ]),
        clock.now(),
      );
      this.scheduler.poke();
    }
  }
}

/** Whether a platform refused the bot's token (Telegram 401/404, Discord 401 or TokenInvalid). */
function refusedToken(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { error_code?: unknown; status?: unknown; code?: unknown };
  return e.error_code === 401 || e.error_code === 404 || e.status === 401 || e.code === 'TokenInvalid';
}
