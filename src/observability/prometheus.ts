import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../core/metrics.js';
import { PLATFORMS, type Platform } from '../core/types.js';
import type { LedgerPlans } from '../ledger/store.js';

/** What the gauges read when Prometheus scrapes. */
export interface MetricSources {
  readonly ledger: Pick<LedgerPlans, 'count' | 'dueBy'>;
  /** Each running adapter, and whether it is connected now. */
  readonly adapters: () => readonly { readonly platform: Platform; readonly connected: boolean }[];
  /** Herald's clock (the ledger's time: virtual in a rehearsal). */
  readonly now: () => number;
}

export interface PrometheusOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC, handles). Default true. */
  readonly processMetrics?: boolean;
  /**
   * The ledger is read at most this often (default 5 s): scrapes in between get the last
   * sample, so no number of /metrics requests turns into a table scan each.
   */
  readonly ledgerSampleMs?: number;
  /**
   * One exposition serves every scrape for this long (default 1 s): building it takes a few
   * milliseconds of the event loop the scheduler runs on, so a flood of /metrics requests
   * costs one build a second, not one each.
   */
  readonly expositionMs?: number;
  /** Real time for that throttle, in ms (tests pass their own). */
  readonly realNow?: () => number;
}

const LATENESS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const REPLY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface LedgerSample {
  readonly byState: Record<string, number>;
  readonly due: Record<Platform, number>;
}

/** The Metrics port as Prometheus series (prom-client), in a registry of its own. */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly posts: Counter<'platform' | 'kind' | 'outcome'>;
  private readonly lateness: Histogram<'platform'>;
  private readonly tooMany: Counter<'platform'>;
  private readonly replies: Counter<'platform' | 'command'>;
  private readonly replySeconds: Histogram<'platform'>;
  private sources: MetricSources | undefined;
  private sample: { readonly at: number; readonly value: Promise<LedgerSample> } | undefined;
  private built: { readonly at: number; readonly text: Promise<string> } | undefined;

  constructor(private readonly opts: PrometheusOptions = {}) {
    const registers = [this.registry];
    this.posts = new Counter({
      name: 'herald_posts_total',
      help: 'Claimed posts by platform, kind and outcome (sent, retry, failed, skipped, released)',
      labelNames: ['platform', 'kind', 'outcome'],
      registers,
    });
    this.lateness = new Histogram({
      name: 'herald_firing_lateness_seconds',
      help: 'How long after its slot a post went out',
      labelNames: ['platform'],
      buckets: LATENESS_BUCKETS,
      registers,
    });
    this.tooMany = new Counter({
      name: 'herald_rate_limited_total',
      help: '429 Too Many Requests answers received from the platform',
      labelNames: ['platform'],
      registers,
    });
    this.replies = new Counter({
      name: 'herald_command_replies_total',
      help: 'Command answers sent, by platform and command',
      labelNames: ['platform', 'command'],
      registers,
    });
    this.replySeconds = new Histogram({
      name: 'herald_command_reply_seconds',
      help: 'Time from a command reaching Herald to its answer going out (rate-limit wait included)',
      labelNames: ['platform'],
      buckets: REPLY_BUCKETS,
      registers,
    });
    for (const platform of PLATFORMS) this.tooMany.inc({ platform }, 0);
    const metrics = this;
    new Gauge({
      name: 'herald_ledger_rows',
      help: 'Ledger rows by state',
      labelNames: ['state'],
      registers,
      async collect() {
        // A store that does not answer leaves the series out (alert on their absence), not /metrics.
        const sample = await metrics.ledgerSample();
        this.reset();
        if (!sample) return;
        for (const [state, rows] of Object.entries(sample.byState)) this.set({ state }, rows);
      },
    });
    new Gauge({
      name: 'herald_ledger_due_next_minute',
      help: 'Planned rows whose next try comes within a minute (overdue ones included), by platform',
      labelNames: ['platform'],
      registers,
      async collect() {
        const sample = await metrics.ledgerSample();
        this.reset();
        if (!sample) return;
        for (const [platform, rows] of Object.entries(sample.due)) this.set({ platform }, rows);
      },
    });
    new Gauge({
      name: 'herald_adapter_connected',
      help: '1 when the platform connection works (Telegram polling or webhook, Discord gateway), else 0',
      labelNames: ['platform'],
      registers,
      collect() {
        if (!metrics.sources) return;
        this.reset();
        for (const adapter of metrics.sources.adapters())
          this.set({ platform: adapter.platform }, adapter.connected ? 1 : 0);
      },
    });
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Where the gauges read from (set once the app exists). */
  observe(sources: MetricSources): void {
    this.sources = sources;
    this.sample = undefined;
  }

  postSettled(platform: Platform, kind: string, outcome: string): void {
    this.posts.inc({ platform, kind, outcome });
  }

  postLateness(platform: Platform, lateMs: number): void {
    this.lateness.observe({ platform }, lateMs / 1000);
  }

  rateLimited(platform: Platform): void {
    this.tooMany.inc({ platform });
  }

  commandReplied(platform: Platform, command: string, elapsedMs: number): void {
    this.replies.inc({ platform, command });
    this.replySeconds.observe({ platform }, elapsedMs / 1000);
  }

  /** The text exposition format Prometheus scrapes. */
  async exposition(): Promise<{ readonly contentType: string; readonly body: string }> {
    const now = this.realNow();
    if (!this.built || now - this.built.at >= (this.opts.expositionMs ?? 1_000)) {
      const text = this.registry.metrics();
      this.built = { at: now, text };
      text.catch(() => {
        if (this.built?.text === text) this.built = undefined;
      });
    }
    return { contentType: this.registry.contentType, body: await this.built.text };
  }

  private realNow(): number {
    return (this.opts.realNow ?? (() => performance.now()))();
  }

  private async ledgerSample(): Promise<LedgerSample | undefined> {
    const sources = this.sources;
    if (!sources) return undefined;
    const realNow = this.realNow();
    const every = this.opts.ledgerSampleMs ?? 5_000;
    if (!this.sample || realNow - this.sample.at >= every) {
      const value = Promise.all([sources.ledger.count(), sources.ledger.dueBy(sources.now() + 60_000)]).then(
        ([byState, due]) => ({ byState, due }),
      );
      this.sample = { at: realNow, value };
    }
    const current = this.sample;
    try {
      return await current.value;
    } catch {
      // A failed read is not kept: the next scrape tries again.
      if (this.sample === current) this.sample = undefined;
      return undefined;
    }
  }
}
