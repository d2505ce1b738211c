/** What /readyz looks at. */
export interface ReadinessSources {
  /** Resolves when the store answers a read. */
  store(): Promise<unknown>;
  /** Each enabled adapter, and whether it is connected now. */
  adapters(): readonly { readonly platform: string; readonly connected: boolean }[];
  scheduler(): { readonly running: boolean; readonly lastLoopAt: number | undefined; readonly capMs: number };
  /** Herald's clock (the scheduler's time). */
  now(): number;
  /** How long the store may take to answer (default 2 s). */
  readonly storeTimeoutMs?: number;
}

export interface Check {
  readonly ready: boolean;
  /** Why not, or what was measured. */
  readonly detail?: string;
}

export interface Readiness {
  readonly ready: boolean;
  /** The checks that failed, by name (`store`, `adapter:telegram`, `scheduler`). */
  readonly notReady: readonly string[];
  readonly checks: Readonly<Record<string, Check>>;
}

/**
 * Ready when the store answers, every enabled adapter is connected, and the scheduler's loop
 * ran within twice its cap (a live loop wakes at least once per cap).
 */
export async function readiness(sources: ReadinessSources): Promise<Readiness> {
  const checks: Record<string, Check> = {};
  checks.store = await storeCheck(sources);
  for (const adapter of sources.adapters())
    checks[`adapter:${adapter.platform}`] = adapter.connected
      ? { ready: true }
      : { ready: false, detail: 'not connected' };
  checks.scheduler = schedulerCheck(sources);
  const notReady = Object.entries(checks)
    .filter(([, check]) => !check.ready)
    .map(([name]) => name);
  return { ready: notReady.length === 0, notReady, checks };
}

async function storeCheck(sources: ReadinessSources): Promise<Check> {
  const timeoutMs = sources.storeTimeoutMs ?? 2_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(
      () => resolve({ ready: false, detail: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([sources.store().then((): Check => ({ ready: true })), timeout]);
  } catch (error) {
    // The message names the failure, never a connection string (the logger's redaction is not here).
    return { ready: false, detail: error instanceof Error ? error.name : 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

function schedulerCheck(sources: ReadinessSources): Check {
  const { running, lastLoopAt, capMs } = sources.scheduler();
  if (!running) return { ready: false, detail: 'not running' };
  if (lastLoopAt === undefined) return { ready: false, detail: 'has not run yet' };
  const ago = sources.now() - lastLoopAt;
  const limit = 2 * capMs;
  return ago <= limit
    ? { ready: true, detail: `ran ${ago} ms ago` }
    : { ready: false, detail: `last ran ${ago} ms ago (limit ${limit} ms)` };
}
