import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** What a fake platform process reports: messages accepted and 429s answered. */
export interface FakeStats {
  sent: { chat_id: string; at: number }[];
  tooManyRequests: number;
}

/**
 * Starts one of test/fakes/*-process.ts in a process of its own, so that the fake's clock and
 * event loop are not the client's. Its first line describes it (`apiRoot`, …); `stats` asks it
 * for what it saw.
 */
export async function startFakeProcess<Info extends { apiRoot: string }>(
  script: string,
  args: readonly string[],
): Promise<Info & { stats(): Promise<FakeStats>; stop(): void }> {
  const file = fileURLToPath(new URL(`../test/fakes/${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(String((await lines.next()).value)) as unknown;
  const info = (await next()) as Info;
  return {
    ...info,
    async stats() {
      child.stdin.write('stats\n');
      return (await next()) as FakeStats;
    },
    stop() {
      child.stdin.write('exit\n');
    },
  };
}
